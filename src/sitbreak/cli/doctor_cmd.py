"""``sitbreak doctor``: a registry of checks, each looking at one link of the chain and saying what
to fix, the command that runs them, and the check of the control endpoint.

A check is a function found by ``"module:function"`` (imported only when doctor runs) that
returns one Finding or several. Most take the DoctorContext; checks that only need the validated
settings, such as a future ``sitbreak.idle:diagnose(settings)``, are registered with
``takes="settings"`` and are skipped, with a warning, when the settings are invalid. Adding
a check is one line in CHECKS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sitbreak.cli.settings_args import BadOverride, overrides_from
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from sitbreak.daemon.configuration import Configuration

__all__ = [
    "CHECKS",
    "CheckSpec",
    "DoctorContext",
    "Finding",
    "Level",
    "check_endpoint",
    "doctor",
    "format_finding",
    "run_checks",
]


class Level(StrEnum):
    """How a finding reads: all is well, something is worth knowing, or something is broken."""

    OK = "OK"
    INFO = "info"  # worth knowing, not a problem (a signal this desktop does not have)
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report: its level, what it is about, what was found, the fix."""

    level: Level
    subject: str
    message: str
    fix: str = ""


@dataclass
class DoctorContext:
    """What the checks share: the command line, and the configuration once it has been loaded."""

    config_path: Path | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)
    send: bool = False
    configuration: Configuration | None = None
    daemon_status: Mapping[str, object] | None = None  # the running daemon's, once asked


@dataclass(frozen=True)
class CheckSpec:
    """A check: its subject, where its function is, and whether it takes the context or settings."""

    subject: str
    target: str
    takes: Literal["context", "settings"] = "context"


CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("settings", "sitbreak.cli.doctor_checks:check_settings"),
    CheckSpec("notifications", "sitbreak.cli.doctor_checks:check_notifications"),
    CheckSpec("idle detection", "sitbreak.cli.doctor_checks:check_idle", takes="settings"),
    CheckSpec("busy signals", "sitbreak.cli.doctor_checks:check_busy", takes="settings"),
    CheckSpec("autostart", "sitbreak.cli.doctor_checks:check_autostart"),
    CheckSpec("control endpoint", "sitbreak.cli.doctor_cmd:check_endpoint"),
    CheckSpec("daemon", "sitbreak.cli.doctor_checks:check_daemon"),
    CheckSpec("log", "sitbreak.cli.doctor_checks:check_log"),
    CheckSpec("tray", "sitbreak.cli.doctor_checks:check_tray"),
)
"""In report order: settings fill in the configuration, daemon the status the log check reads."""


def _as_findings(result: object, subject: str) -> list[Finding]:
    """A check's result as a list; anything else becomes a FAIL naming the check."""
    if isinstance(result, Finding):
        return [result]
    if isinstance(result, Iterable) and not isinstance(result, str | bytes):
        found = list(result)
        if all(isinstance(item, Finding) for item in found):
            return found
    return [Finding(Level.FAIL, subject, f"the check returned {result!r}, not findings")]


def _run_one(spec: CheckSpec, context: DoctorContext) -> list[Finding]:
    """Run one check; a check that breaks becomes a FAIL line instead of stopping the others."""
    argument: object = context
    if spec.takes == "settings":
        if context.configuration is None:
            return [Finding(Level.WARN, spec.subject, "not checked: the settings are invalid")]
        argument = context.configuration.settings
    module_name, _, function_name = spec.target.partition(":")
    try:
        check = getattr(importlib.import_module(module_name), function_name)
        return _as_findings(check(argument), spec.subject)
    except Exception as error:  # one broken check must not hide the others
        message = f"the check itself failed: {type(error).__name__}: {error}"
        return [Finding(Level.FAIL, spec.subject, message, "please report this as a bug")]


def run_checks(context: DoctorContext, checks: Iterable[CheckSpec] = CHECKS) -> list[Finding]:
    """Every finding of every check, in order."""
    return [finding for spec in checks for finding in _run_one(spec, context)]


_INDENT = " " * 6


def format_finding(finding: Finding) -> str:
    """``LEVEL subject: message``, further message lines and the fix indented below."""
    first, *rest = finding.message.splitlines() or [""]
    lines = [f"{finding.level.value:<5} {finding.subject}: {first}"]
    lines += [f"{_INDENT}{line}" for line in rest]
    if finding.fix:
        lines.append(f"{_INDENT}fix: {finding.fix}")
    return "\n".join(lines)


def doctor(args: argparse.Namespace) -> int:
    """Run every check; 0 when none failed (warnings allowed), 1 otherwise."""
    try:
        overrides = overrides_from(args)
    except BadOverride as error:
        print(f"sitbreak: {error}", file=sys.stderr)
        return EXIT_USAGE
    context = DoctorContext(args.config, overrides, args.send)
    findings = run_checks(context)
    for finding in findings:
        print(format_finding(finding), flush=True)
    failed = sum(finding.level is Level.FAIL for finding in findings)
    warned = sum(finding.level is Level.WARN for finding in findings)
    print(f"\n{failed} failed, {warned} {'warning' if warned == 1 else 'warnings'}.")
    return EXIT_FAILED if failed else EXIT_OK


def check_endpoint(_context: DoctorContext) -> list[Finding]:
    """What ``sitbreak run`` would refuse: the runtime folder, the socket and the lock file."""
    from sitbreak.control.endpoint import default_endpoint, lock_file_text, recorded_endpoint
    from sitbreak.control.posix import directory_problem, socket_problem
    from sitbreak.files import NotARegularFile, refuse_link

    findings = _runtime_variable_findings()
    endpoint = default_endpoint()
    if isinstance(endpoint, Path) and not findings:
        problems = [directory_problem(endpoint.parent), socket_problem(endpoint)]
        findings += [Finding(Level.FAIL, "control endpoint", p) for p in problems if p]
    lock = Path(lock_file_text())
    try:
        refuse_link(lock)
    except NotARegularFile as error:
        message = f"{lock}: {error.strerror}; sitbreak cannot take its single-instance lock"
        fix = f"move it away: mv '{lock}' '{lock}.old'"
        findings.append(Finding(Level.FAIL, "control endpoint", message, fix))
    recorded = recorded_endpoint(str(lock))
    if recorded is not None and recorded != os.fspath(endpoint):
        message = f"the running daemon listens on {recorded}; started here it would use {endpoint}"
        findings.append(Finding(Level.INFO, "control endpoint", message))
    if not findings:
        findings.append(Finding(Level.OK, "control endpoint", f"{endpoint}; lock {lock}"))
    return findings


def _runtime_variable_findings() -> list[Finding]:
    """XDG_RUNTIME_DIR set to something the socket's folder cannot go in."""
    configured = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    fix = f"point XDG_RUNTIME_DIR at your session's folder (/run/user/{os.geteuid()}) or unset it"
    if not configured:
        return []
    if not os.path.isabs(configured):
        message = f"XDG_RUNTIME_DIR={configured} is not an absolute path, so it is ignored"
        return [Finding(Level.WARN, "control endpoint", message, fix)]
    if not os.path.isdir(configured):
        message = f"XDG_RUNTIME_DIR={configured} is not a directory: sitbreak cannot start"
        return [Finding(Level.FAIL, "control endpoint", message, fix)]
    folder = os.path.join(configured, "sitbreak")
    if not os.path.lexists(folder) and not os.access(configured, os.W_OK | os.X_OK):
        message = f"XDG_RUNTIME_DIR={configured} cannot be written: sitbreak cannot start"
        return [Finding(Level.FAIL, "control endpoint", message, fix)]
    return []

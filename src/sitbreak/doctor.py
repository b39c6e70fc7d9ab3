"""``sitbreak doctor``'s registry: each check looks at one link of the chain and says what to fix.

A check is a function found by ``"module:function"`` (imported only when doctor runs) that
returns one Finding or several. Most take the DoctorContext; checks that only need the validated
settings, such as a future ``sitbreak.idle:diagnose(settings)``, are registered with
``takes="settings"`` and are skipped, with a warning, when the settings are invalid. Adding
a check is one line in CHECKS.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sitbreak.daemon.configuration import Configuration

__all__ = ["CHECKS", "CheckSpec", "DoctorContext", "Finding", "Level", "run_checks"]


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
    CheckSpec("settings", "sitbreak.doctor_checks:check_settings"),
    CheckSpec("notifications", "sitbreak.doctor_checks:check_notifications"),
    CheckSpec("idle detection", "sitbreak.doctor_checks:check_idle", takes="settings"),
    CheckSpec("busy signals", "sitbreak.doctor_checks:check_busy", takes="settings"),
    CheckSpec("autostart", "sitbreak.doctor_checks:check_autostart"),
    CheckSpec("control endpoint", "sitbreak.doctor_endpoint:check_endpoint"),
    CheckSpec("daemon", "sitbreak.doctor_checks:check_daemon"),
    CheckSpec("log", "sitbreak.doctor_checks:check_log"),
    CheckSpec("tray", "sitbreak.doctor_checks:check_tray"),
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

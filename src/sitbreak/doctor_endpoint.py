"""``sitbreak doctor``'s look at what ``sitbreak run`` would refuse before it starts: the
socket's runtime folder, the socket's place, and the single-instance lock beside the state."""

from __future__ import annotations

import os
from pathlib import Path

from sitbreak.doctor import DoctorContext, Finding, Level

__all__ = ["check_endpoint"]


def check_endpoint(_context: DoctorContext) -> list[Finding]:
    """What ``sitbreak run`` would refuse: the runtime folder, the socket and the lock file."""
    from sitbreak.control.endpoint import default_endpoint, lock_file_text, recorded_endpoint
    from sitbreak.control.private_dir import directory_problem
    from sitbreak.control.socket_file import socket_problem
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

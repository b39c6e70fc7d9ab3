"""What ``sitbreak run`` says on start, in plain words: it runs, what comes next, how to stop it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from sitbreak.durations import humanize
from sitbreak.log_place import LogPlace
from sitbreak.status_text import at_phrase
from sitbreak.vocabulary import KIND_LABELS, Activity

__all__ = ["OFFICE_HOURS_HINT", "command_name", "welcome_lines"]

OFFICE_HOURS_HINT = "config init --hours 09:00-17:30 --days mon-fri"


def command_name() -> str:
    """How to run this sitbreak from another terminal: ``sitbreak`` when that is on PATH."""
    found = shutil.which("sitbreak")
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if found is not None and (
        script is None
        or script.name not in ("sitbreak", "sitbreak.exe")
        or _same_file(Path(found), script)
    ):
        return "sitbreak"
    if script is not None and script.name in ("sitbreak", "sitbreak.exe") and script.exists():
        return str(script.absolute())
    return f"{sys.executable} -m sitbreak"


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _next_line(payload: Mapping[str, object], now: datetime) -> str:
    upcoming = payload.get("next")
    if isinstance(upcoming, Mapping) and isinstance(upcoming.get("at"), str):
        at = datetime.fromisoformat(str(upcoming["at"]))
        label = KIND_LABELS.get(str(upcoming.get("kind")), str(upcoming.get("kind")))
        return f"Next reminder: a {label} at {at_phrase(at, now)}, if you keep sitting."
    if payload.get("state") == Activity.OUTSIDE_HOURS:
        return "Outside your active hours now: no reminders until they begin."
    return "No reminder is scheduled (every kind is switched off)."


def _idle_line(payload: Mapping[str, object], command: str, away_after: timedelta) -> str:
    backend = payload.get("idle_backend")
    if backend in (None, "none"):
        return (
            "Idle detection is off here, so all time at the computer counts as sitting;"
            f" tell it about a break with '{command} done'."
        )
    return (
        f"Away from the keyboard for {humanize(away_after)} or more counts as a break"
        f" (idle detection: {backend})."
    )


def welcome_lines(
    payload: Mapping[str, object],
    now: datetime,
    *,
    config_file: Path,
    config_exists: bool,
    all_hours: bool,
    log_place: LogPlace,
    away_after: timedelta = timedelta(minutes=1),
    command: str = "sitbreak",
) -> list[str]:
    """The lines printed when the daemon has started, for a person at a terminal."""
    lines = [
        f"sitbreak is running (pid {payload.get('pid')}) and counting your sitting time.",
        _next_line(payload, now),
        _idle_line(payload, command, away_after),
        f"See a reminder now:  {command} try",
        f"Check on it:         {command} status",
        f"Stop it:             press Ctrl-C here, or run '{command} stop'",
    ]
    if config_exists:
        lines.append(f"Settings: {config_file}")
    else:
        lines.append(
            f"Settings: none yet, so the defaults apply; '{command} config init' writes"
            f" {config_file}"
        )
    if all_hours:
        lines.append(
            f"Reminders come at any hour, every day; for office hours only: {command}"
            f" {OFFICE_HOURS_HINT}"
        )
    lines.append(f"Log: {log_place.describe()}")
    return lines

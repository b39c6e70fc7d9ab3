"""Human sentences about a status payload; stdlib only, shared by the daemon and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sitbreak.durations import humanize

__all__ = ["JOURNAL_HINT", "KIND_LABELS", "at_phrase", "log_phrase", "next_phrase", "status_lines"]

# Kind.label's words, kept here too so clients need not import the core (a test keeps them equal)
KIND_LABELS = {"posture": "posture check", "micro": "micro-break", "stretch": "stretch break"}
JOURNAL_HINT = "journalctl --user -u sitbreak"
_STATE_WORDS = {
    "active": "counting your sitting time",
    "idle": "you are away; not counting",
    "paused": "paused",
    "snoozed": "snoozed",
    "busy": "you are busy; reminders wait",
    "outside_hours": "outside active hours",
    "due": "a reminder is waiting for you",
}


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def at_phrase(moment: datetime, now: datetime) -> str:
    """``14:30 (in 7 min)``, with the weekday when it is not today."""
    local_now = now.astimezone(moment.tzinfo)
    clock = moment.strftime("%H:%M")
    if moment.date() != local_now.date():
        clock = moment.strftime("%a %H:%M")
    left = moment - now
    if left <= timedelta(seconds=30):
        return f"{clock} (now)"
    return f"{clock} (in {humanize(left)})"


def log_phrase(to: object, file: object) -> str:
    """Where the daemon logs, in words, from the status payload's ``log_to`` and ``log_file``."""
    if to == "file" and isinstance(file, str):
        return file
    if to == "journal":
        return f"the systemd journal ({JOURNAL_HINT})"
    return "the terminal or session that started it (no log file)"


def next_phrase(payload: Mapping[str, object], now: datetime) -> str:
    """``next: micro-break at 14:30 (in 7 min)`` or why there is none."""
    upcoming = payload.get("next")
    if isinstance(upcoming, Mapping):
        at = _parse(upcoming.get("at"))
        label = KIND_LABELS.get(str(upcoming.get("kind")), str(upcoming.get("kind")))
        if at is not None:
            return f"next: {label} at {at_phrase(at, now)}"
    if payload.get("state") == "paused":
        return "no reminders until you run 'sitbreak resume'"
    return "no reminder is scheduled"


def status_lines(payload: Mapping[str, object], now: datetime) -> list[str]:
    """The few lines ``sitbreak status`` prints for a person."""
    state = str(payload.get("state"))
    lines = [f"sitbreak is running (pid {payload.get('pid')}): {_STATE_WORDS.get(state, state)}."]
    sitting = payload.get("sitting_seconds")
    if isinstance(sitting, int | float):
        lines.append(
            f"Sitting for {humanize(timedelta(seconds=sitting))}; {next_phrase(payload, now)}."
        )
    for key, words in (("paused_until", "Paused until"), ("snoozed_until", "Snoozed until")):
        moment = _parse(payload.get(key))
        if moment is not None:
            lines.append(f"{words} {at_phrase(moment, now)}.")
    busy = payload.get("busy_reasons")
    if isinstance(busy, list) and busy:
        lines.append(f"Busy: {', '.join(map(str, busy))}.")
    detail = payload.get("idle_detail")
    how = f" ({detail})" if detail else ""
    lines.append(f"Idle detection: {payload.get('idle_backend')}{how}.")
    lines.append(f"Settings: {payload.get('config_file')}.")
    if "log_to" in payload:
        lines.append(f"Log: {log_phrase(payload.get('log_to'), payload.get('log_file'))}.")
    return lines

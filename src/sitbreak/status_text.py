"""Human sentences about a status payload; stdlib only, shared by the daemon and the CLI."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from sitbreak.durations import humanize
from sitbreak.vocabulary import KIND_LABELS, Activity

__all__ = [
    "JOURNAL_HINT",
    "ago_words",
    "at_phrase",
    "break_phrase",
    "clock_phrase",
    "guide_phrase",
    "in_words",
    "log_phrase",
    "next_phrase",
    "status_lines",
]

JOURNAL_HINT = "journalctl --user -u sitbreak"
_MINUTES_PER_DAY = 24 * 60
_MOVED_WORDS = {"spacing": "to keep reminders apart", "snooze": "by your snooze"}
_STATE_WORDS: Mapping[str, str] = {
    Activity.ACTIVE: "counting your sitting time",
    Activity.IDLE: "you are away; not counting",
    Activity.PAUSED: "paused",
    Activity.SNOOZED: "snoozed",
    Activity.BUSY: "you are busy; reminders wait",
    Activity.OUTSIDE_HOURS: "outside active hours",
    Activity.WAITING_FOR_PAUSE: "a reminder is due and waits for a pause in your typing",
    Activity.DUE: "a reminder is waiting for you",
    Activity.GUIDED: "a guided break is under way; no sitting counts",
}


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def in_words(left: timedelta) -> str:
    """``in 23 min``, ``in 1 h 5 min`` or ``now``: whole minutes rounded up, so never early.

    ``status``, ``status --follow`` and every command reply use this one rounding.
    """
    seconds = left.total_seconds()
    if seconds <= 0:
        return "now"
    minutes = math.ceil(seconds / 60)
    if minutes >= _MINUTES_PER_DAY:
        days, rest = divmod(minutes, _MINUTES_PER_DAY)
        hours = math.ceil(rest / 60)
        unit = "day" if days == 1 else "days"
        return f"in {days} {unit} {hours} h" if hours else f"in {days} {unit}"
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"in {hours} h {minutes} min" if minutes else f"in {hours} h"
    return f"in {minutes} min"


def ago_words(elapsed: timedelta) -> str:
    """``just now``, ``25 min ago``, ``1 h 5 min ago``, ``2 days ago``: rounded down."""
    minutes = math.floor(max(0.0, elapsed.total_seconds()) / 60)
    if minutes < 1:
        return "just now"
    if minutes >= _MINUTES_PER_DAY:
        days = minutes // _MINUTES_PER_DAY
        return "1 day ago" if days == 1 else f"{days} days ago"
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min ago" if minutes else f"{hours} h ago"
    return f"{minutes} min ago"


def break_phrase(payload: Mapping[str, object], now: datetime) -> str:
    """``last break 25 min ago`` from the payload's ``last_break_at``, or that none is known."""
    moment = _parse(payload.get("last_break_at"))
    if moment is None:
        return "no break noticed yet"
    return f"last break {ago_words(now - moment)}"


def clock_phrase(moment: datetime, now: datetime) -> str:
    """``14:30`` today, ``Mon 14:30`` within the week ahead, ``Mon 7 Dec 14:30`` beyond it."""
    today = now.astimezone(moment.tzinfo).date()
    days_ahead = (moment.date() - today).days
    if days_ahead == 0:
        return moment.strftime("%H:%M")
    if 0 < days_ahead < 7:
        return moment.strftime("%a %H:%M")
    return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b %H:%M')}"


def at_phrase(moment: datetime, now: datetime) -> str:
    """``14:30 (in 7 min)``, with the weekday or date when it is not today."""
    return f"{clock_phrase(moment, now)} ({in_words(moment - now)})"


def log_phrase(to: object, file: object) -> str:
    """Where the daemon logs, in words, from the status payload's ``log_to`` and ``log_file``."""
    if to == "file" and isinstance(file, str):
        return file
    if to == "journal":
        return f"the systemd journal ({JOURNAL_HINT})"
    return "the terminal or session that started it (no log file)"


def _seconds(value: object) -> str:
    """``20 s`` below two minutes, ``3 min`` above."""
    seconds = int(value) if isinstance(value, int | float) else 0
    return f"{seconds} s" if seconds < 120 else humanize(timedelta(seconds=seconds))


def guide_phrase(payload: Mapping[str, object]) -> str | None:
    """``stretch break: step 2 of 6, 20 s left`` during a guided break, else None."""
    guide = payload.get("guide")
    if not isinstance(guide, Mapping):
        return None
    label = KIND_LABELS.get(str(guide.get("kind")), "break")
    step, steps = guide.get("step"), guide.get("steps")
    return f"{label}: step {step} of {steps}, {_seconds(guide.get('step_left_seconds'))} left"


def _guide_line(payload: Mapping[str, object]) -> str | None:
    """The guided break's step and what it asks, and how to end it."""
    phrase = guide_phrase(payload)
    guide = payload.get("guide")
    if phrase is None or not isinstance(guide, Mapping):
        return None
    text = guide.get("text")
    doing = f": {text}" if isinstance(text, str) else ""
    left = _seconds(guide.get("left_seconds"))
    return (
        f"{_sentence(phrase)[:-1]}{doing} ({left} to go in all). 'sitbreak skip' ends it,"
        " 'sitbreak done' counts it now."
    )


def next_phrase(payload: Mapping[str, object], now: datetime) -> str:
    """``next: micro-break at 14:30 (in 7 min)`` or why there is none."""
    upcoming = payload.get("next")
    if isinstance(upcoming, Mapping):
        at = _parse(upcoming.get("at"))
        label = KIND_LABELS.get(str(upcoming.get("kind")), str(upcoming.get("kind")))
        if at is not None:
            return f"next: {label} at {at_phrase(at, now)}"
    if payload.get("state") == Activity.PAUSED:
        return "no reminders until you run 'sitbreak resume'"
    return "no reminder is scheduled"


def _ahead_phrase(payload: Mapping[str, object], now: datetime) -> str:
    """What comes next; in the ``due`` state, first the reminder that is waiting."""
    waiting = _waiting_phrase(payload, now)
    if waiting is not None:
        return waiting
    pending = payload.get("pending")
    if payload.get("state") != Activity.DUE or not isinstance(pending, str):
        return next_phrase(payload, now)
    label = KIND_LABELS.get(pending, pending)
    return (
        f"the {label} is waiting for you: 'sitbreak done' once you took it,"
        " or 'snooze' or 'skip' it"
    )


def _waiting_phrase(payload: Mapping[str, object], now: datetime) -> str | None:
    """``the micro-break comes at your next pause in typing, within 2 min``, when waiting."""
    until = _parse(payload.get("waiting_until"))
    if payload.get("state") != Activity.WAITING_FOR_PAUSE or until is None:
        return None
    upcoming = payload.get("next")
    kind = upcoming.get("kind") if isinstance(upcoming, Mapping) else None
    label = KIND_LABELS.get(str(kind), "reminder")
    return f"the {label} comes at your next pause in typing, {in_words(until - now)} at the latest"


def _held(item: Mapping[str, object], at: datetime) -> tuple[str, str] | None:
    """For a moved reminder: when it fell due, and ``held 10 min to keep reminders apart``."""
    due = _parse(item.get("due_at"))
    moved = item.get("moved")
    if due is None or not isinstance(moved, str) or moved not in _MOVED_WORDS:
        return None
    return due.strftime("%H:%M"), f"held {humanize(at - due)} {_MOVED_WORDS[moved]}"


def upcoming_phrase(item: Mapping[str, object], now: datetime) -> str | None:
    """``micro-break at 10:40 (due 10:30, held 10 min ...)`` for one of the reminders ahead."""
    at = _parse(item.get("at"))
    if at is None:
        return None
    label = KIND_LABELS.get(str(item.get("kind")), str(item.get("kind")))
    if item.get("repeat") is True:
        return f"{label} again at {clock_phrase(at, now)} if unanswered"
    held = _held(item, at)
    why = "" if held is None else f" (due {held[0]}, {held[1]})"
    return f"{label} at {clock_phrase(at, now)}{why}"


def then_line(payload: Mapping[str, object], now: datetime) -> str | None:
    """Why the next reminder moved, and ``Then: ...`` for the ones after it, if sitting goes on."""
    ahead = payload.get("upcoming")
    if payload.get("state") == Activity.PAUSED or not isinstance(ahead, list) or not ahead:
        return None
    sentences = []
    first, later = ahead[0], ahead[1:]
    first_at = _parse(first.get("at")) if isinstance(first, Mapping) else None
    held = None if first_at is None else _held(first, first_at)
    if held is not None:
        sentences.append(f"It fell due at {held[0]}, {held[1]}.")
    phrases = [
        phrase
        for item in later
        if isinstance(item, Mapping) and (phrase := upcoming_phrase(item, now)) is not None
    ]
    if phrases:
        sentences.append(f"Then: {'; '.join(phrases)}.")
    return " ".join(sentences) or None


def _hours_line(payload: Mapping[str, object], now: datetime) -> str | None:
    """When outside active hours: until when reminders are off."""
    if payload.get("state") != Activity.OUTSIDE_HOURS:
        return None
    start = _parse(payload.get("active_from"))
    if start is None:
        return "Reminders are off: no active hours are ahead."
    if start.date() != now.astimezone(start.tzinfo).date():
        return f"Reminders are off for the rest of today; they start again {at_phrase(start, now)}."
    return f"Reminders are off until {at_phrase(start, now)}."


def _sentence(phrase: str) -> str:
    """A phrase as a sentence: capital first letter, full stop."""
    return f"{phrase[0].upper()}{phrase[1:]}."


def status_lines(payload: Mapping[str, object], now: datetime) -> list[str]:
    """The few lines ``sitbreak status`` prints for a person."""
    state = str(payload.get("state"))
    lines = [f"sitbreak is running (pid {payload.get('pid')}): {_STATE_WORDS.get(state, state)}."]
    sitting = payload.get("sitting_seconds")
    if isinstance(sitting, int | float):
        lines.append(
            f"Sitting for {humanize(timedelta(seconds=sitting))}; {_ahead_phrase(payload, now)}."
        )
    guide_line = _guide_line(payload)
    if guide_line:
        lines.append(guide_line)
    if "last_break_at" in payload:
        lines.append(_sentence(break_phrase(payload, now)))
    for key, words in (("paused_until", "Paused until"), ("snoozed_until", "Snoozed until")):
        moment = _parse(payload.get(key))
        if moment is not None:
            lines.append(f"{words} {at_phrase(moment, now)}.")
    then = then_line(payload, now)
    if then:
        lines.append(then)
    hours_line = _hours_line(payload, now)
    if hours_line:
        lines.append(hours_line)
    busy = payload.get("busy_reasons")
    if isinstance(busy, list) and busy:
        lines.append(f"Busy: {', '.join(map(str, busy))}.")
    notifications = payload.get("notifications")
    if notifications:
        lines.append(f"Notifications: {notifications}.")
    detail = payload.get("idle_detail")
    how = f" ({detail})" if detail else ""
    lines.append(f"Idle detection: {payload.get('idle_backend')}{how}.")
    lines.append(f"Settings: {payload.get('config_file')}.")
    if "log_to" in payload:
        lines.append(f"Log: {log_phrase(payload.get('log_to'), payload.get('log_file'))}.")
    return lines

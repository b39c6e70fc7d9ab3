"""What the core asks the shell to do, as frozen data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sitbreak.core.state import GuideView
from sitbreak.vocabulary import Kind

__all__ = [
    "Away",
    "AwayCause",
    "DaySummary",
    "Effect",
    "GuideEnded",
    "GuideStarted",
    "GuideStep",
    "HoldReleased",
    "Notify",
    "NotifyReason",
    "Outcome",
    "Persist",
    "Record",
    "Rejected",
    "ReminderShown",
    "Resolution",
    "SittingStretch",
]


class NotifyReason(enum.StrEnum):
    """Why a notification is shown now."""

    DUE = "due"  # its sitting time ran out just now
    HELD = "held"  # it fell due while the person was busy or away and is released now
    REPEAT = "repeat"  # the previous one was ignored
    SNOOZED = "snoozed"  # its snooze ran out


class Resolution(enum.StrEnum):
    """What became of a reminder."""

    DONE = "done"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    IGNORED = "ignored"
    DISMISSED = "dismissed"
    NATURAL_BREAK = "natural_break"


@dataclass(frozen=True)
class Notify:
    """Show a reminder of ``kind``; ``sitting`` is the unbroken sitting time so far."""

    kind: Kind
    reason: NotifyReason
    sitting: timedelta
    repeat: int = 0


@dataclass(frozen=True)
class ReminderShown:
    """A reminder was shown at ``shown_at``; it fell due at ``due_at``."""

    kind: Kind
    reason: NotifyReason
    due_at: datetime
    shown_at: datetime


@dataclass(frozen=True)
class Outcome:
    """The person answered (or did not answer) a reminder of ``kind``."""

    kind: Kind
    resolution: Resolution
    at: datetime


class AwayCause(enum.StrEnum):
    """Why the person was away (the end of active hours is never recorded as time away)."""

    IDLE = "idle"  # no input for at least the away threshold
    LOCKED = "locked"  # the screen was locked
    SUSPEND = "suspend"  # the machine slept, or the clock jumped ahead
    OUTSIDE_HOURS = "outside_hours"  # active hours ended


@dataclass(frozen=True)
class Away:
    """The person was away from ``start`` to ``end``; ``kinds`` count as taken breaks."""

    start: datetime
    end: datetime
    cause: AwayCause
    kinds: tuple[Kind, ...]


@dataclass(frozen=True)
class SittingStretch:
    """An unbroken stretch of sitting ended: wall-clock ``start``/``end``, ``sitting`` counted."""

    start: datetime
    end: datetime
    sitting: timedelta


@dataclass(frozen=True)
class Record:
    """Append ``entry`` to the history."""

    entry: ReminderShown | Outcome | Away | SittingStretch


@dataclass(frozen=True)
class Persist:
    """State a person cares about changed: save the snapshot."""


@dataclass(frozen=True)
class HoldReleased:
    """A ``Resume`` ended a pause or a snooze (without one there is nothing to release)."""


@dataclass(frozen=True)
class Rejected:
    """The event could not apply; ``reason`` is a sentence for the person."""

    reason: str


@dataclass(frozen=True)
class GuideStarted:
    """A guided break of ``kind`` began at ``at``: show its steps as they come."""

    kind: Kind
    at: datetime


@dataclass(frozen=True)
class GuideStep:
    """A step of the guided break begins (or is reached, if the wake-up came late) at ``at``:
    show what to do now; ``view`` says which step it is and when it ends."""

    view: GuideView
    at: datetime


@dataclass(frozen=True)
class GuideEnded:
    """The guided break of ``kind`` ended at ``at``: ``completed`` (its last step done, or
    'done' said) or cut short (skipped, paused)."""

    kind: Kind
    at: datetime
    completed: bool


@dataclass(frozen=True)
class DaySummary:
    """The local ``day`` is over: sum it up for the person (breaks, longest bout, streak).

    ``start`` and ``end`` bound the day's active time. ``ongoing`` is the sitting stretch still
    going on when it began before ``end``: the history has it only once it ends.
    """

    day: date
    start: datetime
    end: datetime
    ongoing: SittingStretch | None = None


Effect = (
    Notify
    | Record
    | Persist
    | HoldReleased
    | Rejected
    | DaySummary
    | GuideStarted
    | GuideStep
    | GuideEnded
)

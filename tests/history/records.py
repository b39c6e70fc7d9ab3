"""Literal history records at local times, and writing them straight through the real store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sitbreak.core import Away, AwayCause, Kind, NotifyReason, Outcome, ReminderShown, Resolution
from sitbreak.core import SittingStretch as Stretch
from sitbreak.history.store import HistoryStore, row_for

BERLIN = ZoneInfo("Europe/Berlin")
ALL_KINDS = (Kind.POSTURE, Kind.MICRO, Kind.STRETCH)
Entry = ReminderShown | Outcome | Away | Stretch


def local(day: date, clock: str, tz: ZoneInfo = BERLIN) -> datetime:
    """``HH:MM`` on ``day`` in ``tz`` (Berlin by default), as an aware datetime."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=tz)


def shown(kind: Kind, at: datetime, reason: NotifyReason = NotifyReason.DUE) -> ReminderShown:
    """A reminder of ``kind`` shown at ``at`` (due then, unless held)."""
    return ReminderShown(kind, reason, at, at)


def outcome(kind: Kind, what: Resolution, at: datetime) -> Outcome:
    """An answer to a reminder."""
    return Outcome(kind, what, at)


def away(start: datetime, end: datetime, kinds: tuple[Kind, ...] = ALL_KINDS) -> Away:
    """Time away with the screen locked, counting as a break of ``kinds``."""
    return Away(start, end, AwayCause.LOCKED, kinds)


def sat(start: datetime, end: datetime, minutes: float | None = None) -> Stretch:
    """A sitting stretch; ``minutes`` of sitting if less than the wall-clock span."""
    sitting = end - start if minutes is None else timedelta(minutes=minutes)
    return Stretch(start, end, sitting)


def write_records(path: Path, entries: Iterable[Entry], prompt_id: str | None = None) -> None:
    """Write ``entries`` through a real HistoryStore, in one transaction."""
    store = HistoryStore.open(path)
    try:
        store.write([row_for(entry, prompt_id) for entry in entries])
    finally:
        store.close()

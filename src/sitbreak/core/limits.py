"""How far the core plans ahead: bounds that keep every datetime computation in range.

Python's datetimes end at year 9999; a pause to then, a snooze of a million days or a saved
state from a strange clock would overflow the first addition. Requests beyond these bounds are
refused, and a state that drifted beyond them (a hand-edited file, a clock set far back) is
pulled back inside before anything is computed from it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sitbreak.core.policy import MAX_SNOOZE
from sitbreak.core.state import State

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_BREAK_GAP",
    "MAX_CADENCE",
    "MAX_COUNTED",
    "MAX_PAUSE",
    "MAX_SNOOZE",
    "bounded_seconds",
    "earlier",
    "keep_in_bounds",
    "shift_back",
]

MAX_PAUSE = timedelta(days=30)
"""The furthest a pause may be set to end; ``pause`` without an end lasts until resumed."""

MAX_CADENCE = timedelta(days=1)
"""The longest ``every``, break length or repeat interval the settings may give the core."""

MAX_COUNTED = timedelta(days=3650)
"""The most sitting time a counter holds: ten years, far past any real stretch."""

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
"""Moments the core works with lie between these: centuries from either end of datetime."""

MAX_BREAK_GAP = LATEST - EARLIEST
"""No gap, jump or idle time is longer than the whole range: keeps ``now - gap`` in range."""


def bounded_seconds(seconds: float) -> timedelta:
    """``seconds`` as a timedelta, 0 for anything negative or not a number, at most the range."""
    if math.isnan(seconds) or seconds <= 0:
        return timedelta(0)
    return min(MAX_BREAK_GAP, timedelta(seconds=min(seconds, MAX_BREAK_GAP.total_seconds())))


def earlier(moment: datetime, by: timedelta) -> datetime:
    """``moment - by``, but never before EARLIEST (unless ``moment`` already is)."""
    if by <= timedelta(0):
        return moment
    if by < moment - EARLIEST:
        return moment - by
    return min(moment, EARLIEST)


def _earlier(moment: datetime | None, by: timedelta) -> datetime | None:
    return None if moment is None else earlier(moment, by)


def shift_back(state: State, by: timedelta) -> State:
    """Every moment the state remembers, ``by`` earlier: the clock was that far ahead.

    The pause's end stays: the person chose it as a time on the clock.
    """
    pending = state.pending
    if pending is not None:
        pending = replace(
            pending,
            due_at=earlier(pending.due_at, by),
            shown_at=earlier(pending.shown_at, by),
            next_at=_earlier(pending.next_at, by),
        )
    guide = state.guide
    if guide is not None:
        guide = replace(guide, started_at=earlier(guide.started_at, by))
    return replace(
        state,
        guide=guide,
        updated_at=_earlier(state.updated_at, by),
        sitting_since=_earlier(state.sitting_since, by),
        away_since=_earlier(state.away_since, by),
        snoozed_until=_earlier(state.snoozed_until, by),
        pending=pending,
        last_fired_at=_earlier(state.last_fired_at, by),
        last_break_at=_earlier(state.last_break_at, by),
        quiet_since=_earlier(state.quiet_since, by),
        waiting_since=_earlier(state.waiting_since, by),
    )


def _not_after(moment: datetime | None, limit: datetime) -> datetime | None:
    return None if moment is None else min(moment, limit)


def keep_in_bounds(state: State, now: datetime, longest_wait: timedelta) -> State:
    """Pull what lies too far from ``now`` back within reach; unchanged in normal use.

    Past moments are at most ``now`` (the start of an absence at most a guided break's end),
    a snooze ends within MAX_SNOOZE, a pause within
    MAX_PAUSE, a pending reminder's next step within ``longest_wait`` (the longest of a
    snooze and the repeat interval), and counters hold at most MAX_COUNTED.
    """
    pending = state.pending
    if pending is not None:
        pending = replace(
            pending,
            due_at=min(pending.due_at, now),
            shown_at=min(pending.shown_at, now),
            next_at=_not_after(pending.next_at, now + max(longest_wait, MAX_SNOOZE)),
        )
    guide = state.guide
    away_limit = now
    if guide is not None:
        guide = replace(guide, started_at=min(guide.started_at, now))
        away_limit = max(now, guide.ends_at)  # away during a guide: the absence starts at its end
    return replace(
        state,
        guide=guide,
        sitting=min(state.sitting, MAX_COUNTED),
        cycles={kind: min(spent, MAX_COUNTED) for kind, spent in state.cycles.items()},
        sitting_since=_not_after(state.sitting_since, now),
        away_since=_not_after(state.away_since, away_limit),
        paused_until=_not_after(state.paused_until, now + MAX_PAUSE),
        snoozed_until=_not_after(state.snoozed_until, now + MAX_SNOOZE),
        pending=pending,
        last_fired_at=_not_after(state.last_fired_at, now),
        last_break_at=_not_after(state.last_break_at, now),
        quiet_since=_not_after(state.quiet_since, now),
        waiting_since=_not_after(state.waiting_since, now),
        summarized_day=_day_not_after(state.summarized_day, now),
    )


def _day_not_after(day: date | None, now: datetime) -> date | None:
    """A local day no later than ``now`` can be anywhere on Earth (a day ahead of UTC)."""
    latest = (now.astimezone(UTC) + timedelta(days=1)).date()
    return None if day is None else min(day, latest)

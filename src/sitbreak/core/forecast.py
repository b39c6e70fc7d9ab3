"""What the person sees in ``status``: the state's name and the next reminder, by simulation."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sitbreak.core.effects import Effect, NotifyReason, Record, ReminderShown
from sitbreak.core.events import Tick
from sitbreak.core.machine import step
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import is_active, next_boundary
from sitbreak.core.state import GuideView, Presence, State
from sitbreak.core.waiting import waiting_deadline
from sitbreak.core.wakeup import next_wakeup
from sitbreak.vocabulary import Activity, Kind

__all__ = ["Activity", "Moved", "StatusView", "Upcoming", "describe", "forecast", "upcoming"]

_MAX_STEPS = 64
_HORIZON = timedelta(days=14)


class Moved(enum.StrEnum):
    """Why a reminder comes later than its sitting time alone would say."""

    SPACING = "spacing"  # new reminders stay at least the smallest ``every`` apart
    SNOOZE = "snooze"  # a snooze holds it


@dataclass(frozen=True)
class Upcoming:
    """One reminder ahead: its kind and time; ``due_at`` is when its sitting time runs out.

    ``repeat`` marks the reminder shown again because the one before was not answered;
    ``moved`` says why a new one comes after ``due_at``.
    """

    kind: Kind
    at: datetime
    due_at: datetime
    repeat: bool = False
    moved: Moved | None = None


@dataclass(frozen=True)
class StatusView:
    """A snapshot for display; times are aware datetimes."""

    activity: Activity
    sitting: timedelta
    next_kind: Kind | None
    next_at: datetime | None
    paused_until: datetime | None
    snoozed_until: datetime | None
    busy_reasons: frozenset[str]
    pending_kind: Kind | None
    active_from: datetime | None = None  # outside active hours: when they begin again
    active_until: datetime | None = None  # inside limited active hours: when they end
    ahead: tuple[Upcoming, ...] = ()  # the next three reminders, ``next_*`` being the first
    waiting_until: datetime | None = None  # waiting for a pause: shown by then regardless
    last_break_at: datetime | None = None  # when the last real break ended
    guide: GuideView | None = None  # the guided break under way: its step and its end


def describe(state: State, now: datetime, policy: Policy) -> StatusView:
    """Summarise ``state`` at ``now`` (already advanced to ``now`` by the caller)."""
    ahead = upcoming(state, now, policy)
    active = is_active(now, policy.schedule)
    boundary = next_boundary(now, policy.schedule)
    return StatusView(
        activity=_activity(state, now, policy),
        sitting=state.sitting,
        next_kind=ahead[0].kind if ahead else None,
        next_at=ahead[0].at if ahead else None,
        paused_until=state.paused_until if state.paused else None,
        snoozed_until=state.snoozed_until,
        busy_reasons=state.busy,
        pending_kind=state.pending.kind if state.pending else None,
        active_from=None if active else boundary,
        active_until=boundary if active else None,
        ahead=ahead,
        waiting_until=waiting_deadline(state, policy),
        last_break_at=state.last_break_at,
        guide=None if state.guide is None else state.guide.view(now),
    )


def _activity(state: State, now: datetime, policy: Policy) -> Activity:
    """The first hold that applies, in order of how much it explains."""
    holds = (
        (state.guide is not None, Activity.GUIDED),
        (state.paused, Activity.PAUSED),
        (not is_active(now, policy.schedule), Activity.OUTSIDE_HOURS),
        (state.presence is not Presence.PRESENT, Activity.IDLE),
        (bool(state.busy), Activity.BUSY),
        (state.snoozed_until is not None and state.snoozed_until > now, Activity.SNOOZED),
        (waiting_deadline(state, policy) is not None, Activity.WAITING_FOR_PAUSE),
        (state.pending is not None, Activity.DUE),
    )
    return next((activity for applies, activity in holds if applies), Activity.ACTIVE)


def upcoming(state: State, now: datetime, policy: Policy, count: int = 3) -> tuple[Upcoming, ...]:
    """The next ``count`` reminders if the person keeps sitting and answers none of them."""
    # nobody knows when the person will pause typing, so the forecast shows what is ready now
    sim = replace(
        state,
        presence=Presence.PRESENT,
        away_since=None,
        busy=frozenset(),
        pauses_watched=False,
    )
    found: list[Upcoming] = []
    moment: datetime | None = now
    for _ in range(_MAX_STEPS * count):
        if moment is None or moment - now > _HORIZON or len(found) >= count:
            break
        before = sim
        sim, effects = step(sim, Tick(), moment, policy)
        found += _shown(before, effects, moment, policy)
        moment = next_wakeup(sim, policy)
    return tuple(found[:count])


def _shown(
    before: State, effects: tuple[Effect, ...], moment: datetime, policy: Policy
) -> list[Upcoming]:
    """The reminders one simulated step showed, each with why it came when it did."""
    shown = []
    for effect in effects:
        if not (isinstance(effect, Record) and isinstance(effect.entry, ReminderShown)):
            continue
        entry = effect.entry
        repeat = entry.reason is NotifyReason.REPEAT
        moved = None if repeat or entry.due_at >= moment else _why_moved(before, moment, policy)
        shown.append(Upcoming(entry.kind, moment, entry.due_at, repeat, moved))
    return shown


def _why_moved(before: State, moment: datetime, policy: Policy) -> Moved | None:
    """What held a reminder that fell due before ``moment`` until then."""
    if before.snoozed_until is not None and before.snoozed_until == moment:
        return Moved.SNOOZE
    if before.last_fired_at is not None and before.last_fired_at + policy.min_gap == moment:
        return Moved.SPACING
    return None


def forecast(state: State, now: datetime, policy: Policy) -> tuple[Kind, datetime] | None:
    """The next reminder and its time if the person keeps sitting and nothing else changes."""
    ahead = upcoming(state, now, policy, count=1)
    return (ahead[0].kind, ahead[0].at) if ahead else None

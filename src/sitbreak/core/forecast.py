"""What the person sees in ``status``: the state's name and the next reminder, by simulation."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sitbreak.core.effects import Notify
from sitbreak.core.events import Tick
from sitbreak.core.kinds import Kind
from sitbreak.core.machine import step
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import is_active, next_boundary
from sitbreak.core.state import Presence, State
from sitbreak.core.wakeup import next_wakeup

__all__ = ["Activity", "StatusView", "describe", "forecast"]

_MAX_STEPS = 64
_HORIZON = timedelta(days=14)


class Activity(enum.StrEnum):
    """The one word that sums the state up, for status lines and status bars."""

    ACTIVE = "active"
    IDLE = "idle"
    PAUSED = "paused"
    SNOOZED = "snoozed"
    BUSY = "busy"
    OUTSIDE_HOURS = "outside_hours"
    DUE = "due"


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


def describe(state: State, now: datetime, policy: Policy) -> StatusView:
    """Summarise ``state`` at ``now`` (already advanced to ``now`` by the caller)."""
    upcoming = forecast(state, now, policy)
    active = is_active(now, policy.schedule)
    boundary = next_boundary(now, policy.schedule)
    return StatusView(
        activity=_activity(state, now, policy),
        sitting=state.sitting,
        next_kind=upcoming[0] if upcoming else None,
        next_at=upcoming[1] if upcoming else None,
        paused_until=state.paused_until if state.paused else None,
        snoozed_until=state.snoozed_until,
        busy_reasons=state.busy,
        pending_kind=state.pending.kind if state.pending else None,
        active_from=None if active else boundary,
        active_until=boundary if active else None,
    )


def _activity(state: State, now: datetime, policy: Policy) -> Activity:
    """The first hold that applies, in order of how much it explains."""
    holds = (
        (state.paused, Activity.PAUSED),
        (not is_active(now, policy.schedule), Activity.OUTSIDE_HOURS),
        (state.presence is not Presence.PRESENT, Activity.IDLE),
        (bool(state.busy), Activity.BUSY),
        (state.snoozed_until is not None and state.snoozed_until > now, Activity.SNOOZED),
        (state.pending is not None, Activity.DUE),
    )
    return next((activity for applies, activity in holds if applies), Activity.ACTIVE)


def forecast(state: State, now: datetime, policy: Policy) -> tuple[Kind, datetime] | None:
    """The next reminder and its time if the person keeps sitting and nothing else changes."""
    sim = replace(state, presence=Presence.PRESENT, away_since=None, busy=frozenset())
    moment: datetime | None = now
    for _ in range(_MAX_STEPS):
        if moment is None or moment - now > _HORIZON:
            return None
        sim, effects = step(sim, Tick(), moment, policy)
        for effect in effects:
            if isinstance(effect, Notify):
                return effect.kind, moment
        moment = next_wakeup(sim, policy)
    return None

"""When the day's summary is given: once a day, after the day's active time, to someone there.

The day is the one of the last reminder shown (so a day without reminders gets no summary),
as ``schedule.day_period`` draws it: with daily active hours the summary comes at their end
(the timer wakes at that boundary anyway); without them, when the local calendar day is over,
at the first event of a later day, which is usually the person coming back. Either way it
waits until the person is present, free and not paused, is given once per day, and not at all
once the day ended more than a day ago (after a weekend away, Friday is no news).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sitbreak.core.effects import DaySummary, Effect, Persist, SittingStretch
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import day_period
from sitbreak.core.state import ZERO, Presence, State

__all__ = ["STALE", "summarize_if_due", "summary_due"]

STALE = timedelta(days=1)  # a day that ended longer ago than this is no news: no summary


def _day_to_sum_up(
    state: State, now: datetime, policy: Policy
) -> tuple[date, datetime, datetime] | None:
    """The day of the last reminder and its active time's bounds, once over and not summed up."""
    if not policy.daily_summary or state.last_fired_at is None:
        return None
    day, start, end = day_period(state.last_fired_at, policy.schedule)
    given = state.summarized_day is not None and state.summarized_day >= day
    if now < end or now - end > STALE or given:
        return None
    return day, start, end


def _can_tell(state: State) -> bool:
    """Whether the person is there to read it: present, free, not paused and not in a guide."""
    return (
        state.presence is Presence.PRESENT
        and not state.busy
        and not state.paused
        and state.guide is None
    )


def summary_due(state: State, now: datetime, policy: Policy) -> bool:
    """True when a day with reminders is over, not yet summed up, and the person can be told."""
    return _can_tell(state) and _day_to_sum_up(state, now, policy) is not None


def summarize_if_due(state: State, now: datetime, policy: Policy) -> tuple[State, list[Effect]]:
    """Give the day's summary when ``summary_due``; remember the day so it comes only once."""
    found = _day_to_sum_up(state, now, policy) if _can_tell(state) else None
    if found is None:
        return state, []
    day, start, end = found
    ongoing = None
    if state.sitting > ZERO and state.sitting_since is not None and state.sitting_since < end:
        ongoing = SittingStretch(state.sitting_since, now, state.sitting)
    return replace(state, summarized_day=day), [DaySummary(day, start, end, ongoing), Persist()]

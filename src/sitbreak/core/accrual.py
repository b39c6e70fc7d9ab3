"""Moving the counters forward in time: sitting accrues inside active hours, breaks reset."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sitbreak.core.effects import (
    Away,
    AwayCause,
    Effect,
    Outcome,
    Persist,
    Record,
    Resolution,
    SittingStretch,
)
from sitbreak.core.limits import keep_in_bounds
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import segments
from sitbreak.core.state import ZERO, Presence, State, reset_cycles
from sitbreak.vocabulary import Kind

__all__ = [
    "advance",
    "apply_break",
    "come_back",
    "confirm_break",
    "go_away",
    "settle_presence",
]

_AWAY_CAUSES = {Presence.IDLE: AwayCause.IDLE, Presence.LOCKED: AwayCause.LOCKED}


def advance(state: State, now: datetime, policy: Policy) -> tuple[State, list[Effect]]:
    """Bring the counters up to ``now``: end an expired pause or snooze, accrue sitting."""
    effects: list[Effect] = []
    state = keep_in_bounds(state, now, policy.repeat_after)
    # on the first event, or when the clock went back, there is nothing to count
    went_back = state.updated_at is None or now < state.updated_at
    start = now if went_back or state.updated_at is None else state.updated_at
    if state.paused:
        if state.paused_until is None or state.paused_until > now:
            return replace(state, updated_at=now), effects
        start = max(start, state.paused_until)
        state = replace(state, paused=False, paused_until=None)
        effects.append(Persist())
    if state.snoozed_until is not None and state.snoozed_until <= now:
        state = replace(state, snoozed_until=None)
    # a guided break is a break: no sitting counts while one is under way
    if state.presence is Presence.PRESENT and state.guide is None and start < now:
        state, accrued = _accrue(state, start, now, policy)
        effects += accrued
    return replace(state, updated_at=now), effects


def _accrue(
    state: State, start: datetime, end: datetime, policy: Policy
) -> tuple[State, list[Effect]]:
    effects: list[Effect] = []
    for lo, hi, active in segments(start, end, policy.schedule):
        if active:
            state = _add_sitting(state, lo, hi - lo, policy)
        else:
            state, more = apply_break(state, lo, hi, AwayCause.OUTSIDE_HOURS, policy)
            effects += more
    return state, effects


def _add_sitting(state: State, start: datetime, amount: timedelta, policy: Policy) -> State:
    enabled = policy.enabled_kinds()
    cycles = {
        kind: spent + amount if kind in enabled else ZERO for kind, spent in state.cycles.items()
    }
    return replace(
        state,
        cycles=cycles,
        sitting=state.sitting + amount,
        sitting_since=state.sitting_since or start,
    )


def apply_break(
    state: State, start: datetime, end: datetime, cause: AwayCause, policy: Policy
) -> tuple[State, list[Effect]]:
    """Away from ``start`` to ``end``: reset every kind whose break length that covers."""
    away = end - start
    kinds = tuple(kind for kind in Kind.by_size() if away >= policy.kinds[kind].break_length)
    if not kinds:
        return state, []
    effects: list[Effect] = []
    if state.sitting > ZERO and state.sitting_since is not None:
        effects.append(Record(SittingStretch(state.sitting_since, start, state.sitting)))
    pending = state.pending
    if pending is not None and pending.kind in kinds:
        if cause is not AwayCause.OUTSIDE_HOURS:
            effects.append(Record(Outcome(pending.kind, Resolution.NATURAL_BREAK, end)))
        pending = None
    if cause is not AwayCause.OUTSIDE_HOURS:
        taken = tuple(kind for kind in kinds if kind in policy.enabled_kinds())
        effects.append(Record(Away(start, end, cause, taken)))
    state = replace(
        reset_cycles(state, kinds),
        sitting=ZERO,
        sitting_since=None,
        pending=pending,
        snoozed_until=None,
        snoozes_in_a_row=0,
        # the end of active hours resets the counters, but nobody took a break
        last_break_at=state.last_break_at if cause is AwayCause.OUTSIDE_HOURS else end,
    )
    return state, [*effects, Persist()]


def confirm_break(
    state: State, kind: Kind, at: datetime, bout_end: datetime | None = None
) -> tuple[State, list[Effect]]:
    """The person took a break of ``kind`` at ``at`` (said so, or followed a guide to its end).

    A micro-break or stretch ends the sitting bout at ``bout_end`` (default ``at``) and answers
    a pending reminder of its size or smaller; a posture check is done sitting and ends nothing.
    """
    effects: list[Effect] = []
    state = reset_cycles(state, kind.and_smaller())
    if kind is not Kind.POSTURE:
        if state.sitting > ZERO and state.sitting_since is not None:
            end = max(bout_end or at, state.sitting_since)
            effects.append(Record(SittingStretch(state.sitting_since, end, state.sitting)))
        state = replace(state, sitting=ZERO, sitting_since=None, last_break_at=at)
    pending = state.pending
    if pending is not None and pending.kind.rank <= kind.rank:
        state = replace(state, pending=None, snoozed_until=None)
    effects += [Record(Outcome(kind, Resolution.DONE, at)), Persist()]
    return replace(state, snoozes_in_a_row=0), effects


def go_away(state: State, since: datetime, presence: Presence) -> State:
    """The person left at ``since`` (possibly in the past): take back what was counted since.

    During a guided break, time away is the break itself: the absence starts when it ends.
    """
    if state.guide is not None:
        since = max(since, state.guide.ends_at)
    if state.presence is not Presence.PRESENT:
        return replace(state, presence=max_presence(state.presence, presence))
    counted_after = state.updated_at - since if state.updated_at is not None else ZERO
    overlap = max(ZERO, counted_after)
    cycles = {kind: max(ZERO, spent - overlap) for kind, spent in state.cycles.items()}
    return replace(
        state,
        presence=presence,
        away_since=since,
        cycles=cycles,
        sitting=max(ZERO, state.sitting - overlap),
    )


def max_presence(current: Presence, new: Presence) -> Presence:
    """A lock outranks idleness: only an unlock ends a locked absence."""
    return Presence.LOCKED if Presence.LOCKED in (current, new) else new


def come_back(
    state: State, back_at: datetime, now: datetime, policy: Policy
) -> tuple[State, list[Effect]]:
    """The person returned at ``back_at``: apply the break, then count sitting up to ``now``."""
    since = state.away_since or back_at
    back_at = min(max(back_at, since), now)
    state, effects = apply_break(state, since, back_at, _AWAY_CAUSES[state.presence], policy)
    state = replace(state, presence=Presence.PRESENT, away_since=None, updated_at=back_at)
    state, more = advance(state, now, policy)
    return state, effects + more


def settle_presence(state: State, now: datetime, policy: Policy) -> tuple[State, list[Effect]]:
    """An absence that no running source could ever end is over: the person is back ``now``."""
    unwatched = (state.presence is Presence.IDLE and not state.idle_watched) or (
        state.presence is Presence.LOCKED and not state.lock_watched
    )
    if not unwatched:
        return state, []
    return come_back(state, now, now, policy)

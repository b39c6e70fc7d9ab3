"""The sitting state machine: ``step(state, event, now, policy) -> (state, effects)``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import assert_never

from sitbreak.core.accrual import (
    advance,
    apply_break,
    come_back,
    confirm_break,
    go_away,
    settle_presence,
)
from sitbreak.core.effects import (
    AwayCause,
    Effect,
    HoldReleased,
    Outcome,
    Persist,
    Record,
    Rejected,
    Resolution,
)
from sitbreak.core.events import (
    BusyChanged,
    ClockSetBack,
    ConfigChanged,
    Dismissed,
    Done,
    Event,
    IdleSample,
    Locked,
    Pause,
    PresenceSources,
    Resume,
    Skip,
    Snooze,
    StartGuide,
    Tick,
    Unlocked,
    WokeFromSleep,
)
from sitbreak.core.firing import due_kinds, fire_if_due
from sitbreak.core.guide import announce_step, end_guide, finish_guide_if_over, start_guide
from sitbreak.core.limits import MAX_PAUSE, bounded_seconds, earlier, shift_back
from sitbreak.core.policy import MAX_SNOOZE, Policy
from sitbreak.core.state import ZERO, Presence, State, reset_cycles
from sitbreak.core.summary import summarize_if_due
from sitbreak.core.waiting import hear_input
from sitbreak.vocabulary import Kind

__all__ = ["step"]

Result = tuple[State, list[Effect]]


def step(
    state: State, event: Event, now: datetime, policy: Policy
) -> tuple[State, tuple[Effect, ...]]:
    """Apply ``event`` at ``now`` and show whatever has become due; never reads a clock."""
    if now.tzinfo is None:
        raise ValueError("the core needs aware datetimes")
    now = now.astimezone(UTC)  # same-zone subtraction ignores DST; UTC inside avoids that
    state, finished = finish_guide_if_over(state, now, policy)  # a guide over is done first
    if finished and isinstance(event, Done):
        event = Tick()  # said just as the guide ended, which counted the break already
    state, effects = _handle(state, event, now, policy)
    state, stepped = announce_step(state, now)
    state, settled = settle_presence(state, now, policy)
    state, fired = fire_if_due(state, now, policy)
    state, summary = summarize_if_due(state, now, policy)
    return state, (*finished, *effects, *stepped, *settled, *fired, *summary)


def _handle(  # noqa: PLR0911, PLR0912 - one case per event is the point
    state: State, event: Event, now: datetime, policy: Policy
) -> Result:
    """What ``event`` itself does; mypy checks that every event has its case."""
    match event:
        case Tick():
            return advance(state, now, policy)
        case IdleSample():
            return _idle_sample(state, event, now, policy)
        case Locked():
            return _locked(state, now, policy)
        case Unlocked():
            return _unlocked(state, now, policy)
        case PresenceSources():
            return _presence_sources(state, event, now, policy)
        case WokeFromSleep():
            return _woke_from_sleep(state, event, now, policy)
        case ClockSetBack():
            # times remembered from before the jump were read from a clock that ran ahead
            return advance(shift_back(state, event.by), now, policy)
        case BusyChanged():
            state, effects = advance(state, now, policy)
            return replace(state, busy=event.reasons), effects
        case Snooze():
            return _snooze(state, event, now, policy)
        case Pause():
            return _pause(state, event, now, policy)
        case Resume():
            return _resume(state, now, policy)
        case Skip():
            return _skip(state, now, policy)
        case Done():
            return _done(state, event, now, policy)
        case StartGuide():
            return start_guide(state, event, now, policy)
        case Dismissed():
            return _dismissed(state, now, policy)
        case ConfigChanged():
            return _config_changed(state, now, policy)
        case _:
            assert_never(event)


def _idle_sample(state: State, event: IdleSample, now: datetime, policy: Policy) -> Result:
    since = earlier(now, bounded_seconds(event.seconds_idle))
    state = hear_input(state, now - since, now, policy)
    away = now - since >= policy.away_threshold
    if state.presence is Presence.IDLE and not away:
        return come_back(state, since, now, policy)
    state, effects = advance(state, now, policy)
    if state.presence is Presence.PRESENT and away:
        state = go_away(state, since, Presence.IDLE)
    return state, effects


def _locked(state: State, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    return go_away(state, now, Presence.LOCKED), effects


def _unlocked(state: State, now: datetime, policy: Policy) -> Result:
    state = replace(state, quiet_since=None)  # unlocking takes typing
    if state.presence is Presence.PRESENT:
        return advance(state, now, policy)
    return come_back(state, now, now, policy)


def _presence_sources(
    state: State, event: PresenceSources, now: datetime, policy: Policy
) -> Result:
    state, effects = advance(state, now, policy)
    state = replace(
        state,
        idle_watched=event.idle,
        lock_watched=event.lock,
        pauses_watched=event.pauses,
        quiet_since=state.quiet_since if event.pauses else None,  # no source, no known pause
    )
    return state, effects


def _woke_from_sleep(state: State, event: WokeFromSleep, now: datetime, policy: Policy) -> Result:
    if state.guide is not None:  # asleep during a guided break: still part of the break
        return advance(state, now, policy)
    gap_start = earlier(now, event.gap)
    if state.updated_at is not None:
        gap_start = max(gap_start, min(state.updated_at, now))
    state, effects = advance(state, gap_start, policy)
    if state.presence is Presence.PRESENT:
        state, taken = apply_break(state, gap_start, now, AwayCause.SUSPEND, policy)
        effects += taken
    state, more = advance(replace(state, updated_at=now), now, policy)
    return state, effects + more


def _snooze(state: State, event: Snooze, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    limit = policy.snooze_max_in_a_row
    if state.paused:
        return state, [*effects, Rejected("Reminders are paused; there is nothing to snooze.")]
    if state.guide is not None:
        view = state.guide.view(now)
        reason = (
            f"A guided {state.guide.kind.label} is under way (step {view.step} of {view.steps});"
            " it cannot be snoozed, but 'sitbreak skip' ends it."
        )
        return state, [*effects, Rejected(reason)]
    if limit and state.snoozes_in_a_row >= limit:
        reason = f"Snoozed {state.snoozes_in_a_row} times in a row; take the break or skip it."
        return state, [*effects, Rejected(reason)]
    duration = policy.snooze_default if event.duration is None else event.duration
    if duration <= ZERO:
        return state, [*effects, Rejected("A snooze must last longer than zero.")]
    if duration > MAX_SNOOZE:
        hours = round(MAX_SNOOZE.total_seconds() / 3600)
        reason = (
            f"A snooze lasts at most {hours} hours; to stop reminders for longer,"
            " pause them ('sitbreak pause 2d', or --until HH:MM)."
        )
        return state, [*effects, Rejected(reason)]
    until = now + duration
    pending = state.pending
    if pending is not None:
        effects.append(Record(Outcome(pending.kind, Resolution.SNOOZED, now)))
        pending = replace(pending, next_at=until, snoozed=True)
    state = replace(
        state,
        snoozed_until=until,
        snoozes_in_a_row=state.snoozes_in_a_row + 1,
        pending=pending,
        waiting_since=None,
    )
    return state, [*effects, Persist()]


def _pause(state: State, event: Pause, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    if event.until is not None and event.until <= now:
        return state, [*effects, Rejected("That time has already passed.")]
    if event.until is not None and event.until - now > MAX_PAUSE:
        reason = f"A pause can end at most {_days(MAX_PAUSE)} from now; without an end it lasts"
        return state, [*effects, Rejected(f"{reason} until you resume.")]
    state, ended = end_guide(state, now, completed=False)
    effects += ended
    state = replace(
        state,
        paused=True,
        paused_until=event.until,
        pending=None,
        snoozed_until=None,
        waiting_since=None,
    )
    return state, [*effects, Persist()]


def _resume(state: State, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    pending = state.pending
    if pending is not None and pending.snoozed:
        pending = replace(pending, next_at=now)
    if state.paused or state.snoozed_until is not None:
        state = replace(state, paused=False, paused_until=None, snoozed_until=None, pending=pending)
        effects += [HoldReleased(), Persist()]
    return state, effects


def _skip(state: State, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    guide = state.guide
    if guide is not None:  # the rest of the guided break is skipped; sitting counts again
        state, ended = end_guide(state, now, completed=False)
        skipped = Record(Outcome(guide.kind, Resolution.SKIPPED, now))
        return state, [*effects, *ended, skipped, Persist()]
    due = due_kinds(state, policy)
    if state.pending is not None:
        kind = state.pending.kind
        state = replace(state, pending=None, snoozed_until=None, snoozes_in_a_row=0)
    elif due:
        kind = max(due, key=lambda k: k.rank)  # held back by busy, snooze or the gap
        state = reset_cycles(state, kind.and_smaller())
    else:
        return state, [
            *effects,
            Rejected("No reminder is showing or waiting; there is nothing to skip."),
        ]
    return state, [*effects, Record(Outcome(kind, Resolution.SKIPPED, now)), Persist()]


def _done(state: State, event: Done, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    pending, guide = state.pending, state.guide
    if guide is not None:  # said before the last step was over: taken all the same
        kind = event.kind or guide.kind
        state, ended = end_guide(state, now, completed=True)
        state, done = confirm_break(state, kind, now, bout_end=guide.started_at)
        return state, [*effects, *ended, *done]
    kind = event.kind or (pending.kind if pending is not None else Kind.MICRO)
    state, done = confirm_break(state, kind, now)
    return state, effects + done


def _dismissed(state: State, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    if state.pending is None:
        return state, effects
    effects += [Record(Outcome(state.pending.kind, Resolution.DISMISSED, now)), Persist()]
    return replace(state, pending=None), effects


def _config_changed(state: State, now: datetime, policy: Policy) -> Result:
    state, effects = advance(state, now, policy)
    enabled = policy.enabled_kinds()
    state = reset_cycles(state, [kind for kind in Kind.by_size() if kind not in enabled])
    pending = state.pending if state.pending is not None and state.pending.kind in enabled else None
    return replace(state, pending=pending), [*effects, Persist()]


def _days(amount: timedelta) -> str:
    return f"{amount.days} day{'' if amount.days == 1 else 's'}"

"""Deciding whether a reminder is shown now, and which one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sitbreak.core.effects import (
    Effect,
    Notify,
    NotifyReason,
    Outcome,
    Persist,
    Record,
    ReminderShown,
    Resolution,
)
from sitbreak.core.limits import earlier
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import is_active
from sitbreak.core.state import ZERO, Pending, Presence, State
from sitbreak.core.waiting import must_wait, rule_applies
from sitbreak.vocabulary import Kind

__all__ = ["can_remind", "due_kinds", "fire_if_due", "gap_open", "pending_deadline"]

# A reminder shown this long after it fell due was held back (busy, snoozed, away, or too
# soon after the previous one), and its text says how long the person has been sitting.
HELD_AFTER = timedelta(seconds=1)


def can_remind(state: State, now: datetime, policy: Policy) -> bool:
    """True when nothing holds reminders back: not paused, busy, away, snoozed, off hours, or
    in the middle of a guided break."""
    return (
        not state.paused
        and state.guide is None
        and not state.busy
        and state.presence is Presence.PRESENT
        and (state.snoozed_until is None or state.snoozed_until <= now)
        and is_active(now, policy.schedule)
    )


def due_kinds(state: State, policy: Policy) -> tuple[Kind, ...]:
    """Enabled kinds whose sitting time has run out, smallest first."""
    return tuple(
        kind for kind in policy.enabled_kinds() if state.cycles[kind] >= policy.kinds[kind].every
    )


def gap_open(state: State, now: datetime, policy: Policy) -> bool:
    """True when the last reminder is at least the smallest ``every`` ago."""
    return state.last_fired_at is None or now - state.last_fired_at >= policy.min_gap


def pending_deadline(now: datetime, policy: Policy) -> datetime | None:
    """When an unanswered reminder shown at ``now`` is repeated or given up on."""
    if policy.repeat_after <= ZERO:
        return None
    return now + policy.repeat_after


def fire_if_due(state: State, now: datetime, policy: Policy) -> tuple[State, list[Effect]]:
    """Show the largest due reminder, or repeat the pending one, when nothing holds it back.

    While input goes on, a reminder that is ready waits for a pause first (see waiting.py).
    """
    show = _next_to_show(state, now, policy)
    if show is None:
        if state.waiting_since is not None and not _still_waiting(state, now, policy):
            state = replace(state, waiting_since=None)
        return state, []
    notifies = isinstance(show, Kind) or _shows_again(show, policy)
    if notifies and must_wait(state, now, policy):
        return replace(state, waiting_since=state.waiting_since or now), []
    ready_at = state.waiting_since or now
    state = replace(state, waiting_since=None)
    if isinstance(show, Kind):
        return _show_new(state, show, now, ready_at, policy)
    return _follow_up(state, show, now, policy)


def _next_to_show(state: State, now: datetime, policy: Policy) -> Kind | Pending | None:
    """A new reminder's kind, or the pending reminder whose time is up; None when nothing is."""
    if not can_remind(state, now, policy):
        return None
    due = due_kinds(state, policy)
    pending = state.pending
    pending_up = pending is not None and pending.next_at is not None and pending.next_at <= now
    new_kind = max(due, key=lambda k: k.rank) if due and gap_open(state, now, policy) else None
    if new_kind is not None and (
        not pending_up or pending is None or new_kind.rank >= pending.kind.rank
    ):
        return new_kind
    if pending_up and pending is not None:
        return pending
    return None


def _still_waiting(state: State, now: datetime, policy: Policy) -> bool:
    """Whether a reminder that waited for a pause, and is not shown now, keeps its window.

    Only while a hold (busy, away, paused...) keeps it back and it is still due; with
    nothing holding it and nothing to show (answered, or skipped), nothing waits.
    """
    return (
        rule_applies(state, policy)
        and not can_remind(state, now, policy)
        and _anything_due(state, now, policy)
    )


def _anything_due(state: State, now: datetime, policy: Policy) -> bool:
    """True while some kind is due or the pending reminder's time is up, held back or not."""
    pending = state.pending
    pending_up = pending is not None and pending.next_at is not None and pending.next_at <= now
    return bool(due_kinds(state, policy)) or pending_up


def _show_new(
    state: State, kind: Kind, now: datetime, ready_at: datetime, policy: Policy
) -> tuple[State, list[Effect]]:
    effects: list[Effect] = []
    old = state.pending
    if old is not None and not old.snoozed and old.kind is not Kind.POSTURE:
        effects.append(Record(Outcome(old.kind, Resolution.IGNORED, now)))
    overshoot = state.cycles[kind] - policy.kinds[kind].every
    due_at = earlier(now, overshoot)
    # waiting for a pause in input is not being held: a reminder ready when due is "due"
    reason = NotifyReason.HELD if ready_at - due_at >= HELD_AFTER else NotifyReason.DUE
    reset = kind.and_smaller()
    cycles = {k: ZERO if k in reset else spent for k, spent in state.cycles.items()}
    state = replace(
        state,
        cycles=cycles,
        pending=Pending(kind, due_at, now, pending_deadline(now, policy)),
        last_fired_at=now,
    )
    effects += [
        Notify(kind, reason, state.sitting),
        Record(ReminderShown(kind, reason, due_at, now)),
        Persist(),
    ]
    return state, effects


def _shows_again(pending: Pending, policy: Policy) -> bool:
    """Whether a pending reminder whose time is up is shown again (else it is let go)."""
    return pending.snoozed or (
        pending.kind is not Kind.POSTURE and pending.repeats < policy.max_repeats
    )


def _follow_up(
    state: State, pending: Pending, now: datetime, policy: Policy
) -> tuple[State, list[Effect]]:
    """A pending reminder's time is up: show it again after a snooze or as a repeat, or let go."""
    if pending.snoozed:
        reason = NotifyReason.SNOOZED
        repeats = pending.repeats
    elif _shows_again(pending, policy):
        reason = NotifyReason.REPEAT
        repeats = pending.repeats + 1
    else:
        # posture checks are done in place, so an unanswered one is not "ignored"
        outcome = (
            []
            if pending.kind is Kind.POSTURE
            else [Record(Outcome(pending.kind, Resolution.IGNORED, now))]
        )
        return replace(state, pending=None), [*outcome, Persist()]
    follow = replace(pending, next_at=pending_deadline(now, policy), repeats=repeats, snoozed=False)
    state = replace(state, pending=follow, last_fired_at=now)
    effects: list[Effect] = [
        Notify(pending.kind, reason, state.sitting, repeats),
        Record(ReminderShown(pending.kind, reason, pending.due_at, now)),
        Persist(),
    ]
    return state, effects

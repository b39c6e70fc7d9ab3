"""When the shell must wake the core next: the single timer's deadline."""

from __future__ import annotations

from datetime import datetime

from sitbreak.core.firing import can_remind
from sitbreak.core.policy import Policy
from sitbreak.core.schedule import is_active, next_boundary
from sitbreak.core.state import ZERO, Presence, State
from sitbreak.core.waiting import waiting_deadline

__all__ = ["next_wakeup"]


def next_wakeup(state: State, policy: Policy) -> datetime | None:
    """The earliest moment at which a Tick could change something, or None for "never"."""
    now = state.updated_at
    if now is None:
        return None
    # a guided break wakes at each step's end: the next step is shown, the last one is done
    step_end = None if state.guide is None else state.guide.view(now).step_ends_at
    if state.paused:
        return state.paused_until
    moments = (state.snoozed_until, _pending_at(state), _due_at(state, now, policy), step_end)
    candidates = [moment for moment in moments if moment is not None]
    deadline = waiting_deadline(state, policy)
    if deadline is not None:
        # what is ready now waits for a pause (an event) or for the deadline, not for a tick
        candidates = [moment for moment in candidates if moment > now] + [deadline]
    boundary = next_boundary(now, policy.schedule)
    if boundary is not None:
        candidates.append(boundary)
    if not can_remind(state, now, policy):
        # nothing can be shown now, so only a later moment is worth waking for
        candidates = [moment for moment in candidates if moment > now]
    return min(candidates, default=None)


def _pending_at(state: State) -> datetime | None:
    pending = state.pending
    return None if pending is None else pending.next_at


def _due_at(state: State, now: datetime, policy: Policy) -> datetime | None:
    """When the next kind falls due, if sitting keeps accruing and nothing else holds it."""
    enabled = policy.enabled_kinds()
    accruing = (
        state.presence is Presence.PRESENT
        and state.guide is None
        and is_active(now, policy.schedule)
    )
    if not enabled or not accruing or state.busy:
        return None
    left = min(policy.kinds[kind].every - state.cycles[kind] for kind in enabled)
    due = now + max(ZERO, left)
    if state.last_fired_at is not None:
        due = max(due, state.last_fired_at + policy.min_gap)
    if state.snoozed_until is not None:
        due = max(due, state.snoozed_until)
    return due

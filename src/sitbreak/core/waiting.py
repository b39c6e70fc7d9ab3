"""Waiting for a pause in input: a due reminder is not shown in the middle of a sentence.

A reminder is *ready* when nothing holds it back (see ``firing.can_remind``). While input
goes on, a ready reminder waits up to ``policy.wait_for_pause`` for a pause in input of
``policy.pause_length``, and is shown in that pause, or at the end of the window regardless.
The window starts when the reminder first became ready; holds in between (busy, away) do not
extend it, and it is forgotten once nothing is due, and when the person pauses or snoozes
reminders. It applies only while a running source reports pauses in input
(``PresenceSources.pauses``): with none, the core cannot tell a pause, so it shows at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sitbreak.core.policy import Policy
from sitbreak.core.state import ZERO, State

__all__ = ["hear_input", "must_wait", "rule_applies", "waiting_deadline"]


def hear_input(state: State, idle: timedelta, now: datetime, policy: Policy) -> State:
    """An idle sample: the person is pausing since ``now - idle``, or typed just now.

    Kept only while a source reports pauses: other samples come too seldom to tell one.
    """
    quiet_since = now - idle if idle >= policy.pause_length else None
    if not state.pauses_watched or quiet_since == state.quiet_since:
        return state
    return replace(state, quiet_since=quiet_since)


def rule_applies(state: State, policy: Policy) -> bool:
    """True when a ready reminder would wait for a pause rather than show at once."""
    return state.pauses_watched and policy.wait_for_pause > ZERO


def waiting_deadline(state: State, policy: Policy) -> datetime | None:
    """When the reminder waiting for a pause is shown regardless, or None if none waits."""
    if state.waiting_since is None or not rule_applies(state, policy):
        return None
    return state.waiting_since + policy.wait_for_pause


def must_wait(state: State, now: datetime, policy: Policy) -> bool:
    """True when a reminder ready at ``now`` should wait: input goes on and the window is open."""
    if not rule_applies(state, policy) or state.quiet_since is not None:
        return False
    deadline = waiting_deadline(state, policy)
    return deadline is None or now < deadline

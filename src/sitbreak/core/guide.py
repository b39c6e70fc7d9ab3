"""A guided break: the person is walked through a break step by step, and its end counts as done.

``StartGuide`` begins one (the shell picks the kind with ``kind_to_guide`` and the step times
from the prompt); each step is announced as it begins (``GuideStep``: the timer wakes at every
step's end), and once the last step is over the break is recorded as done, as if the person had
said so. While it runs it *is* the break: no sitting counts, time away
from the keyboard is part of it (an absence starts only once it is over), and a reminder that
falls due waits until it ends. Skip or a pause cut it short, 'done' ends it as taken, and a
second start is refused. It is never persisted: a restarted daemon has no guide.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sitbreak.core.accrual import advance, come_back, confirm_break
from sitbreak.core.effects import (
    Effect,
    GuideEnded,
    GuideStarted,
    GuideStep,
    Persist,
    Rejected,
)
from sitbreak.core.events import StartGuide
from sitbreak.core.policy import Policy
from sitbreak.core.state import ZERO, Guide, Presence, State
from sitbreak.vocabulary import Kind

__all__ = [
    "MAX_GUIDE",
    "MAX_STEPS",
    "announce_step",
    "end_guide",
    "finish_guide_if_over",
    "kind_to_guide",
    "start_guide",
]

MAX_GUIDE = timedelta(hours=1)
"""The longest guided break the core takes on: far past any break a reminder asks for."""

MAX_STEPS = 100
"""The most steps one guided break may have."""

Result = tuple[State, list[Effect]]


def kind_to_guide(state: State, policy: Policy) -> Kind | None:
    """The break ``sitbreak start`` guides: the micro-break or stretch on screen, else the enabled
    one of the two with the least sitting left before it is due (the larger on a tie); None when
    both are switched off."""
    pending = state.pending
    if pending is not None and pending.kind is not Kind.POSTURE:
        return pending.kind
    enabled = [kind for kind in (Kind.MICRO, Kind.STRETCH) if policy.kinds[kind].enabled]
    if not enabled:
        return None
    return min(
        enabled, key=lambda kind: (policy.kinds[kind].every - state.cycles[kind], -kind.rank)
    )


def _refusal(state: State, event: StartGuide) -> str | None:
    """Why ``event`` cannot start a guided break now, or None."""
    guide = state.guide
    if guide is not None and state.updated_at is not None:
        view = guide.view(state.updated_at)
        return (
            f"A guided {guide.kind.label} is under way (step {view.step} of {view.steps});"
            " 'sitbreak skip' ends it."
        )
    if event.kind is None:
        return "Micro-breaks and stretch breaks are both switched off: there is no break to guide."
    if event.kind is Kind.POSTURE:
        return "A posture check is done in place; only micro-breaks and stretch breaks are guided."
    steps = event.steps
    total = sum(steps, ZERO)
    if not steps or len(steps) > MAX_STEPS or min(steps) <= ZERO or total > MAX_GUIDE:
        hours = round(MAX_GUIDE.total_seconds() / 3600)
        return (
            f"A guided break needs 1 to {MAX_STEPS} steps, each longer than zero and"
            f" {hours} h at most in all."
        )
    if state.presence is Presence.LOCKED:
        return "The screen is locked; unlock it to start a guided break."
    return None


def start_guide(state: State, event: StartGuide, now: datetime, policy: Policy) -> Result:
    """Begin a guided break now; it answers a reminder on screen of its size or smaller."""
    state, effects = advance(state, now, policy)
    reason = _refusal(state, event)
    if reason is not None or event.kind is None:
        return state, [*effects, Rejected(reason or "")]
    if state.presence is Presence.IDLE:  # starting one takes input: the person is back
        state, back = come_back(state, now, now, policy)
        effects += back
    pending = state.pending
    if pending is not None and pending.kind.rank <= event.kind.rank:
        state = replace(state, pending=None, snoozed_until=None)
    guide = Guide(event.kind, now, event.steps)
    state = replace(state, guide=guide, waiting_since=None, snoozes_in_a_row=0)
    first = GuideStep(guide.view(now), now)
    return state, [*effects, GuideStarted(event.kind, now), first, Persist()]


def announce_step(state: State, now: datetime) -> Result:
    """A new step has begun since the last one shown: say so, once (a late wake-up skips the
    steps it slept through and shows the one under way)."""
    guide = state.guide
    if guide is None or now >= guide.ends_at:
        return state, []
    index = guide.step_at(now)
    if index <= guide.shown:
        return state, []
    guide = replace(guide, shown=index)
    return replace(state, guide=guide), [GuideStep(guide.view(now), now)]


def finish_guide_if_over(state: State, now: datetime, policy: Policy) -> Result:
    """Once the last step is over, the break is done: recorded at the guide's end."""
    guide = state.guide
    if guide is None or now < guide.ends_at:
        return state, []
    end = guide.ends_at
    moment = end if state.updated_at is None else max(end, state.updated_at)
    state, effects = advance(state, moment, policy)  # nothing accrues: the guide still runs
    state = replace(state, guide=None)
    state, done = confirm_break(state, guide.kind, end, bout_end=guide.started_at)
    return state, [*effects, *done, GuideEnded(guide.kind, end, completed=True)]


def end_guide(state: State, now: datetime, *, completed: bool) -> Result:
    """Stop the guided break now (skipped, paused, or 'done' said before its end).

    An absence that began during it begins now, not at the guide's planned end.
    """
    guide = state.guide
    if guide is None:
        return state, []
    away_since = None if state.away_since is None else min(state.away_since, now)
    state = replace(state, guide=None, away_since=away_since)
    return state, [GuideEnded(guide.kind, now, completed)]

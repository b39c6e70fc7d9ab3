"""A guided break in the shell: the prompt it follows, and its steps worded as notifications.

The core keeps the guide's clock (which step, when it ends); the shell keeps what the steps
say, chosen when the guide starts: the prompt of the reminder on screen, or the next prompt of
that kind. Each step replaces the notification before it; the last one gives way to a short
"done" note.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sitbreak.core import GuideStep, GuideView, Kind, Policy, StartGuide, State, kind_to_guide
from sitbreak.durations import humanize
from sitbreak.guidance import Catalog, GuideStepText, Prompt, ShuffleBag, next_prompt
from sitbreak.notify import Reminder, Stage

__all__ = [
    "STEP_MARGIN",
    "GuidedPrompt",
    "end_note",
    "guide_status",
    "plan_guide",
    "seconds_words",
    "step_note",
]

STEP_MARGIN = timedelta(seconds=10)
"""A step's notification outlasts the step by this much, so the next one replaces it in place."""

_END_TIMEOUT = timedelta(seconds=15)


@dataclass(frozen=True)
class GuidedPrompt:
    """The prompt a guided break follows and its steps; ``bag`` is the rotation after choosing
    it (None when it was the reminder on screen, which leaves the rotation alone)."""

    prompt: Prompt
    steps: tuple[GuideStepText, ...]
    bag: ShuffleBag | None = None


def plan_guide(
    request: StartGuide,
    state: State,
    *,
    policy: Policy,
    catalog: Catalog,
    last_prompt: dict[Kind, str],
    bag: ShuffleBag,
    rng: random.Random,
) -> tuple[StartGuide, GuidedPrompt | None]:
    """The core event for a request to start (``request.steps`` empty), and what it follows.

    The kind is the one asked for, else the reminder on screen, else the next one due; the
    prompt is the one that reminder showed, else the next in the rotation. No plan (None) when
    there is nothing to guide: the core then says why.
    """
    kind = request.kind or kind_to_guide(state, policy)
    if kind is None or kind is Kind.POSTURE:
        return StartGuide(kind), None
    pending = state.pending
    shown = last_prompt.get(kind) if pending is not None and pending.kind is kind else None
    prompt = catalog.get(shown) if shown is not None else None
    new_bag = None
    if prompt is None or prompt.kind is not kind:
        prompt, new_bag = next_prompt(catalog, kind, bag, rng)
    steps = prompt.walk(policy.kinds[kind].break_length)
    plan = GuidedPrompt(prompt, steps, new_bag)
    return StartGuide(kind, tuple(step.length for step in steps)), plan


def seconds_words(left: timedelta) -> str:
    """``30 s``, ``90 s``, ``3 min``: whole seconds (rounded up) below two minutes."""
    seconds = max(0, math.ceil(left.total_seconds()))
    return f"{seconds} s" if seconds < 120 else humanize(timedelta(seconds=seconds))


def _progress(view: GuideView, at: datetime) -> int:
    """How far the guide is at ``at``, 0 to 100."""
    whole = (view.ends_at - view.started_at).total_seconds()
    done = (at - view.started_at).total_seconds()
    return 100 if whole <= 0 else max(0, min(100, math.floor(100 * done / whole)))


def _step_text(guided: GuidedPrompt, view: GuideView) -> GuideStepText:
    """The words of the step ``view`` is on (the last ones if the plan has fewer steps)."""
    return guided.steps[min(view.step, len(guided.steps)) - 1]


def step_note(guided: GuidedPrompt, step: GuideStep) -> Reminder:
    """A step as a notification: what to do now (the title), how long, where in the guide."""
    view, prompt = step.view, guided.prompt
    words = _step_text(guided, view)
    left = view.step_ends_at - step.at
    where = f"step {view.step} of {view.steps}"
    if words.rounds > 1:
        where += f", round {words.round} of {words.rounds}"
    lines = [f"{seconds_words(left)} · {where}", prompt.title]
    if prompt.caution:
        lines.append(prompt.caution)
    return Reminder(
        view.kind,
        prompt.id,
        words.text,
        "\n".join(lines),
        timeout=left + STEP_MARGIN,
        image=prompt.image,
        stage=Stage.GUIDE_STEP,
        progress=_progress(view, step.at),
    )


def end_note(guided: GuidedPrompt, kind: Kind, length: timedelta) -> Reminder:
    """The guide ran to its end: the break counts as taken."""
    label = kind.label
    return Reminder(
        kind,
        guided.prompt.id,
        f"{label[0].upper()}{label[1:]} done",
        f"Well done: {guided.prompt.title}, {humanize(length)}. Counted as taken.",
        timeout=_END_TIMEOUT,
        stage=Stage.GUIDE_END,
        progress=100,
    )


def guide_status(guided: GuidedPrompt | None, view: GuideView, now: datetime) -> dict[str, object]:
    """The guide as ``status --json`` shows it: step, words and seconds left."""
    seconds = {
        "step_left_seconds": max(0, math.ceil((view.step_ends_at - now).total_seconds())),
        "left_seconds": max(0, math.ceil((view.ends_at - now).total_seconds())),
    }
    words = None if guided is None else _step_text(guided, view)
    return {
        "kind": view.kind.value,
        "step": view.step,
        "steps": view.steps,
        "text": None if words is None else words.text,
        "round": None if words is None else words.round,
        "rounds": None if words is None else words.rounds,
        "prompt_id": None if guided is None else guided.prompt.id,
        "title": None if guided is None else guided.prompt.title,
        **seconds,
    }

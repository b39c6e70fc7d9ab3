"""The ``steps`` and ``rounds`` of a prompt: how a guided break walks the person through it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sitbreak.core.guide import MAX_STEPS
from sitbreak.durations import compact, parse_duration
from sitbreak.guidance.prompt import MAX_ROUNDS, MAX_STEP, GuidanceError, Step
from sitbreak.vocabulary import Kind

__all__ = ["SHORTEST_STEP", "parse_steps"]

SHORTEST_STEP = timedelta(seconds=5)
"""A step shorter than this could not be read before the next one replaces it."""

_STEP_FIELDS = ("do", "for")


def parse_steps(
    data: Mapping[str, object],
    label: str,
    *,
    kind: Kind,
    duration: timedelta | None,
    required: bool,
) -> tuple[tuple[Step, ...], int]:
    """The fields ``steps`` (``[{do = "...", for = "30s"}, ...]``) and ``rounds`` (default 1).

    Only micro-breaks and stretches have steps; all rounds together take the prompt's
    ``duration`` exactly, so the guide ends when the break is over.
    """
    raw, rounds = data.get("steps"), data.get("rounds", 1)
    if raw is None:
        if "rounds" in data:
            raise GuidanceError(f"{label}: field 'rounds' needs a field 'steps' to repeat")
        if required and kind is not Kind.POSTURE:
            raise GuidanceError(f"{label}: field 'steps' missing; a {kind.label} is guided")
        return (), 1
    if kind is Kind.POSTURE:
        raise GuidanceError(f"{label}: field 'steps': a posture check is done in place, unguided")
    if not isinstance(raw, list) or not raw:
        raise GuidanceError(
            f"{label}: field 'steps' must be a list of tables like"
            ' { do = "Left foot back", for = "30s" }'
        )
    steps = tuple(_step(item, f"{label}, step {number}") for number, item in enumerate(raw, 1))
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
        raise GuidanceError(
            f"{label}: field 'rounds' is {rounds!r}; use a whole number from 1 to {MAX_ROUNDS}"
        )
    if len(steps) * rounds > MAX_STEPS:
        raise GuidanceError(
            f"{label}: {len(steps)} steps × {rounds} rounds is more than {MAX_STEPS} steps"
        )
    total = sum((step.length for step in steps), timedelta(0)) * rounds
    if duration is not None and total != duration:
        raise GuidanceError(
            f"{label}: field 'steps' takes {compact(total)} in all ({rounds} round(s)),"
            f" but field 'duration' is {compact(duration)}; make them equal"
        )
    return steps, rounds


def _step(item: object, place: str) -> Step:
    """One ``{ do = "...", for = "30s" }`` table."""
    if not isinstance(item, dict):
        raise GuidanceError(
            f'{place}: must be a table like {{ do = "Left foot back", for = "30s" }}'
        )
    unknown = sorted(set(item) - set(_STEP_FIELDS))
    missing = [name for name in _STEP_FIELDS if name not in item]
    if unknown or missing:
        wrong = f"unknown field(s) {', '.join(map(repr, unknown))}" if unknown else ""
        absent = f"field(s) {', '.join(map(repr, missing))} missing" if missing else ""
        raise GuidanceError(f"{place}: {'; '.join(filter(None, (wrong, absent)))}; use do and for")
    text = item["do"]
    if not isinstance(text, str) or not text.strip():
        raise GuidanceError(f"{place}: field 'do' must be text saying what to do")
    text = text.strip()
    if len(text) > MAX_STEP or "\n" in text:
        raise GuidanceError(
            f"{place}: field 'do' is {len(text)} characters long; a step is one line of at most"
            f" {MAX_STEP}, read in a glance"
        )
    return Step(text, _length(item["for"], place))


def _length(value: object, place: str) -> timedelta:
    """The field ``for``: how long the step lasts, at least SHORTEST_STEP."""
    if not isinstance(value, str):
        raise GuidanceError(f"{place}: field 'for' must be text such as 30s, not {value!r}")
    try:
        length = parse_duration(value)
    except ValueError as error:
        raise GuidanceError(f"{place}: field 'for': {error}") from error
    if length < SHORTEST_STEP:
        raise GuidanceError(
            f"{place}: field 'for' is {compact(length)}; a step lasts at least"
            f" {compact(SHORTEST_STEP)}"
        )
    return length

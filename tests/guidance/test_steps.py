"""The steps of a guided break: every micro-break and stretch has them, short and checked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from sitbreak.guidance import (
    MAX_STEP,
    GuidanceError,
    Prompt,
    fallback_prompt,
    load_builtin,
)
from sitbreak.guidance.catalog import _load_text
from sitbreak.vocabulary import Kind

STRETCH_ENTRY = """
[[prompt]]
id = "my-lunge"
kind = "stretch"
title = "A lunge"
text = "Step one foot back. 3 × 30 s per side."
caution = "Stop at sharp or radiating pain."
duration = "3m"
source = "the-psoas-muscle.txt#Kneeling Lunge"
steps = [
    { do = "Left foot back", for = "30s" },
    { do = "Right foot back", for = "30s" },
]
rounds = 3
"""
GLANCE_WORDS = 10  # a step is read mid-stretch, in one look


@pytest.fixture(scope="module")
def prompts() -> tuple[Prompt, ...]:
    """The built-in prompts, loaded once."""
    return load_builtin()


def test_every_micro_break_and_stretch_is_guided_and_no_posture_check(
    prompts: tuple[Prompt, ...],
) -> None:
    """Micro-breaks and stretches list steps; posture checks, done in place, list none."""
    for prompt in prompts:
        assert bool(prompt.steps) is (prompt.kind is not Kind.POSTURE), prompt.id


def test_the_steps_take_the_whole_break(prompts: tuple[Prompt, ...]) -> None:
    """All rounds of the steps together take the prompt's duration exactly."""
    for prompt in prompts:
        if prompt.steps:
            total = sum((step.length for step in prompt.walk(timedelta(0))), timedelta(0))
            assert total == prompt.duration, prompt.id


def test_each_step_reads_in_a_glance(prompts: tuple[Prompt, ...]) -> None:
    """One line of at most 60 characters and ten words, starting with a capital letter."""
    for prompt in prompts:
        for step in prompt.steps:
            assert len(step.text) <= MAX_STEP, (prompt.id, step.text)
            assert len(step.text.split()) <= GLANCE_WORDS, (prompt.id, step.text)
            assert step.text[0].isupper(), (prompt.id, step.text)
            assert not step.text.endswith("."), (prompt.id, step.text)


def test_per_side_doses_become_a_left_and_a_right_step(prompts: tuple[Prompt, ...]) -> None:
    """'3 × 30 s per side': left then right, 30 s each, three rounds; 'per leg': both legs."""
    for prompt in prompts:
        if "3 × 30 s per side" in prompt.text:
            assert prompt.rounds == 3, prompt.id
            assert [step.length for step in prompt.steps] == [timedelta(seconds=30)] * 2
            assert "left" in prompt.steps[0].text.lower(), prompt.id
            assert "right" in prompt.steps[1].text.lower(), prompt.id
        if "per leg" in prompt.text:
            assert len(prompt.steps) == 2, prompt.id
            assert all("10–15 times" in step.text for step in prompt.steps), prompt.id
            assert prompt.steps[0].text.startswith("Left"), prompt.id
            assert prompt.steps[1].text.startswith("Right"), prompt.id


def test_holds_and_counts_in_the_steps_are_the_texts_own(prompts: tuple[Prompt, ...]) -> None:
    """A hold time or count a step names ('3–5 s', '10–15') appears in the prompt's text."""
    figure = re.compile(r"\d+(?:–\d+)? s\b|\d+–\d+")
    for prompt in prompts:
        for step in prompt.steps:
            for found in figure.findall(step.text):
                assert found in prompt.text, (prompt.id, found)


def test_walk_spells_out_every_round_in_order() -> None:
    """Two steps, three rounds: six steps, left and right, rounds 1, 1, 2, 2, 3, 3."""
    (prompt,) = _load_text(STRETCH_ENTRY, where="p.toml")
    walked = prompt.walk(timedelta(minutes=3))
    assert [(s.text, s.round, s.rounds) for s in walked] == [
        (side, number, 3) for number in (1, 2, 3) for side in ("Left foot back", "Right foot back")
    ]


def test_a_prompt_without_steps_is_one_step_its_title() -> None:
    """A person's own prompt without steps: one step, its title, for its duration or the
    break's length; the plain fallbacks have steps of their own."""
    mine = Prompt("mine", Kind.MICRO, "Fetch a glass of milk", "Walk to the kitchen.")
    (only,) = mine.walk(timedelta(minutes=1))
    assert (only.text, only.length) == ("Fetch a glass of milk", timedelta(minutes=1))
    assert fallback_prompt(Kind.STRETCH).walk(timedelta(0))[0].text == "Stand up and walk a little"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("rounds = 3", "rounds = 2"), "takes 2m in all (2 round(s)), but field 'duration' is 3m"),
        (("rounds = 3", "rounds = 0"), "field 'rounds' is 0"),
        (("rounds = 3", 'rounds = "3"'), "field 'rounds' is '3'"),
        (("rounds = 3", "rounds = true"), "field 'rounds' is True"),
        (('"Left foot back"', '"' + "x" * 61 + '"'), "step 1: field 'do' is 61 characters"),
        (('"Left foot back"', '"  "'), "step 1: field 'do' must be text"),
        (('for = "30s" },\n    { do = "Right', 'for = "2s" },\n    { do = "Right'), "step 1:"),
        (('{ do = "Right foot back", for = "30s" }', '{ do = "Right foot back" }'), "step 2:"),
        (('{ do = "Right foot back", for = "30s" }', '{ say = "x", for = "30s" }'), "'say'"),
        (('{ do = "Right foot back", for = "30s" }', '"Right foot back"'), "step 2: must be"),
        (('{ do = "Right foot back", for = "30s" }', '{ do = "R", for = 30 }'), "field 'for'"),
        (('{ do = "Right foot back", for = "30s" }', '{ do = "R", for = "soon" }'), "'for'"),
        (("steps = [", "steps = []\nnot_steps = ["), "unknown field(s) 'not_steps'"),
    ],
)
def test_bad_steps_are_refused_naming_the_prompt_the_step_and_the_field(
    change: tuple[str, str], expected: str
) -> None:
    """Each kind of bad step gives an error naming the file, the prompt and what is wrong."""
    with pytest.raises(GuidanceError) as caught:
        _load_text(STRETCH_ENTRY.replace(*change), where="my.toml")
    message = str(caught.value)
    assert "my.toml" in message
    assert "'my-lunge'" in message
    assert expected in message


def test_a_guided_kind_without_steps_and_a_posture_check_with_them_are_refused() -> None:
    """A built-in stretch must list steps; a posture check may not; rounds need steps."""
    without = STRETCH_ENTRY[: STRETCH_ENTRY.index("steps = [")]
    with pytest.raises(GuidanceError, match="field 'steps' missing; a stretch break is guided"):
        _load_text(without, where="my.toml")
    with pytest.raises(GuidanceError, match="field 'rounds' needs a field 'steps'"):
        _load_text(without + "rounds = 2\n", where="my.toml")
    posture = STRETCH_ENTRY.replace('kind = "stretch"', 'kind = "posture"').replace(
        'duration = "3m"', 'duration = "10s"'
    )
    with pytest.raises(GuidanceError, match="a posture check is done in place"):
        _load_text(posture.replace('caution = "Stop at sharp or radiating pain."\n', ""), where="x")

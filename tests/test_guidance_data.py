"""The built-in prompts shipped in the package: enough of them, well-formed, and safe."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest

from sitbreak.core.kinds import Kind
from sitbreak.guidance import ID_PATTERN, MAX_TEXT, Prompt, load_builtin

SEEDS = frozenset({"psoas-lower-back-pain-relief.txt", "the-psoas-muscle.txt"})
KIND_LIMITS = {
    Kind.POSTURE: (timedelta(seconds=1), timedelta(seconds=30)),
    Kind.MICRO: (timedelta(minutes=1), timedelta(minutes=2)),
    Kind.STRETCH: (timedelta(seconds=1), timedelta(minutes=3)),
}
# Whole-word stems, so "applying" or "secure" do not trip "lying" or "cure".
FORBIDDEN = re.compile(
    r"\b(?:soul|emotion\w*|trauma\w*|nerv\w*|reptile|diagnos\w*|cur(?:e|es|ed|ing)|"
    r"treat\w*|heal\w*|stability[- ]ball|foam[- ]roll\w*|lie|lies|lie down|lying|"
    r"leg[- ]lifts?|bridges?|massag\w*|palpat\w*|pregnan\w*|digest\w*|"
    r"ball|crunch\w*)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def prompts() -> tuple[Prompt, ...]:
    """The built-in prompts, loaded once."""
    return load_builtin()


def _all_text(prompt: Prompt) -> str:
    return " ".join(filter(None, (prompt.id, prompt.title, prompt.text, prompt.caution)))


def test_enough_prompts_of_every_kind(prompts: tuple[Prompt, ...]) -> None:
    """There are at least 33 prompts and at least 11 of each kind."""
    counts = Counter(prompt.kind for prompt in prompts)
    assert len(prompts) >= 33
    assert all(counts[kind] >= 11 for kind in Kind.by_size()), counts


def test_ids_are_unique_and_kebab_case(prompts: tuple[Prompt, ...]) -> None:
    """Every id is lower-case kebab-case and no two prompts share one."""
    ids = [prompt.id for prompt in prompts]
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.fullmatch(i) for i in ids), ids


def test_text_and_title_lengths(prompts: tuple[Prompt, ...]) -> None:
    """Texts fit 220 characters and titles fit a notification summary (under 50)."""
    for prompt in prompts:
        assert len(prompt.text) <= MAX_TEXT, prompt.id
        assert len(prompt.title) < 50, prompt.id


def test_text_speaks_to_the_person(prompts: tuple[Prompt, ...]) -> None:
    """Every instruction is written in the second person."""
    for prompt in prompts:
        assert re.search(r"\byou(r)?\b", prompt.text, re.IGNORECASE), prompt.id


def test_every_stretch_says_stop_at_sharp_or_radiating_pain(prompts: tuple[Prompt, ...]) -> None:
    """Each stretch carries a caution with the seeds' safety line."""
    for prompt in prompts:
        if prompt.kind is Kind.STRETCH:
            assert prompt.caution is not None, prompt.id
            assert "sharp or radiating pain" in prompt.caution, prompt.id


def test_durations_fit_their_kind(prompts: tuple[Prompt, ...]) -> None:
    """Posture checks take at most 30 s, micro-breaks 1-2 min, stretches at most 3 min."""
    for prompt in prompts:
        shortest, longest = KIND_LIMITS[prompt.kind]
        assert prompt.duration is not None, prompt.id
        assert shortest <= prompt.duration <= longest, prompt.id


def test_every_source_is_a_seed_article(prompts: tuple[Prompt, ...]) -> None:
    """Each prompt names one of the two seed articles it draws on."""
    assert {prompt.source for prompt in prompts} <= SEEDS
    assert all(prompt.builtin for prompt in prompts)


def test_no_forbidden_material(prompts: tuple[Prompt, ...]) -> None:
    """No prompt mentions the seeds' doubtful claims, medical claims or floor exercises."""
    hits = {p.id: FORBIDDEN.findall(_all_text(p)) for p in prompts}
    assert {prompt_id: words for prompt_id, words in hits.items() if words} == {}


@pytest.mark.parametrize(
    "phrase",
    [
        "Release your soul muscle",
        "Let go of stored emotions",
        "Calm your nervous system",
        "This treats back pain",
        "It can cure sciatica",
        "Lie down on your back",
        "Do ten leg lifts",
        "Hold a bridge",
        "Use a stability ball",
        "Foam rolling the thigh",
        "Massage the psoas",
    ],
)
def test_forbidden_pattern_catches_bad_phrases(phrase: str) -> None:
    """The forbidden-words check flags each kind of material the prompts must leave out."""
    assert FORBIDDEN.search(phrase)


@pytest.mark.parametrize("phrase", ["applying a lumbar roll", "a secure stance", "your feet"])
def test_forbidden_pattern_spares_harmless_words(phrase: str) -> None:
    """Words that merely contain a forbidden stem do not trip the check."""
    assert FORBIDDEN.search(phrase) is None

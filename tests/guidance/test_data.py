"""The built-in prompts shipped in the package: enough of them, varied, short enough, and safe."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.guidance import (
    ID_PATTERN,
    LONGEST_HELD,
    MAX_BODY,
    SAFETY_NOTE,
    SAFETY_SOURCES,
    SAFETY_TITLE,
    Prompt,
    load_builtin,
    render,
)
from sitbreak.settings.model import Settings
from sitbreak.vocabulary import Kind

SEEDS = frozenset({"psoas-lower-back-pain-relief.txt", "the-psoas-muscle.txt"})
REPO = Path(__file__).resolve().parents[2]
SAFETY_LINE = "sharp or radiating pain"
BANNER_LINE = 48  # characters of the body a two-line banner (title + one line) still shows
POSTURE_TEXT = 110  # about ten seconds of reading
# Whole-word stems, so "applying" or "secure" do not trip "lying" or "cure".
FORBIDDEN = re.compile(
    r"\b(?:soul|emotion\w*|trauma\w*|nerv\w*|reptile|diagnos\w*|cur(?:e|es|ed|ing)|"
    r"treat\w*|heal\w*|stability[- ]ball|foam[- ]roll\w*|lie|lies|lie down|lying|"
    r"on your back|floor exercise\w*|bridges?|massag\w*|palpat\w*|pregnan\w*|digest\w*|"
    r"ball|crunch\w*|ankle weights?)\b",
    re.IGNORECASE,
)
# Details the seeds never give: props, figures and advice that were invented once.
INVENTED = re.compile(
    r"\b(?:footrest|sturdy box|towel|cushion|stairs?|water|far away|window|"
    r"quarter of|hip-width|screen closer|calf)\b",
    re.IGNORECASE,
)
IMPERIAL = re.compile(r"\b(?:inch(?:es)?|yards?|pounds?|lbs?|miles?)\b|\d\s*(?:ft|in)\b")
LUNGE = re.compile(r"\blunge\b|\bstep one foot back\b|\bkneel", re.IGNORECASE)


@pytest.fixture(scope="module")
def prompts() -> tuple[Prompt, ...]:
    """The built-in prompts, loaded once."""
    return load_builtin()


def _all_text(prompt: Prompt) -> str:
    return " ".join(filter(None, (prompt.id, prompt.title, prompt.text, prompt.caution)))


def _seeds_folder() -> Path | None:
    """``shared/seeds`` beside the checkout or any folder above it (where CI keeps it)."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def test_enough_prompts_of_every_kind(prompts: tuple[Prompt, ...]) -> None:
    """There are at least 36 prompts and at least 10 of each kind."""
    counts = Counter(prompt.kind for prompt in prompts)
    assert len(prompts) >= 36
    assert all(counts[kind] >= 10 for kind in Kind.by_size()), counts


def test_ids_are_unique_and_kebab_case(prompts: tuple[Prompt, ...]) -> None:
    """Every id is lower-case kebab-case and no two prompts share one."""
    ids = [prompt.id for prompt in prompts]
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.fullmatch(i) for i in ids), ids


def test_every_body_as_shown_fits_220_characters(prompts: tuple[Prompt, ...]) -> None:
    """Caution, text and the longest 'After … sitting.' line fit 220; titles fit 60."""
    for prompt in prompts:
        title, body = render(prompt, held_sitting=LONGEST_HELD)
        assert body.endswith("\nAfter 23 h 59 min sitting."), prompt.id
        assert len(body) <= MAX_BODY, (prompt.id, len(body))
        assert len(title) <= 60, prompt.id


def test_the_caution_survives_a_two_line_banner(prompts: tuple[Prompt, ...]) -> None:
    """A stretch's body opens with its caution, the safety line within the first banner line."""
    for prompt in prompts:
        if prompt.kind is Kind.STRETCH:
            _, body = render(prompt, held_sitting=LONGEST_HELD)
            assert SAFETY_LINE in body[:BANNER_LINE], prompt.id


def test_posture_checks_read_in_about_ten_seconds(prompts: tuple[Prompt, ...]) -> None:
    """A posture check's text is at most 110 characters."""
    for prompt in prompts:
        if prompt.kind is Kind.POSTURE:
            assert len(prompt.text) <= POSTURE_TEXT, (prompt.id, len(prompt.text))


def test_text_speaks_to_the_person(prompts: tuple[Prompt, ...]) -> None:
    """Every instruction is written in the second person."""
    for prompt in prompts:
        assert re.search(r"\byou(r)?\b", prompt.text, re.IGNORECASE), prompt.id


def test_every_stretch_says_stop_at_sharp_or_radiating_pain(prompts: tuple[Prompt, ...]) -> None:
    """Each stretch carries a caution with the seeds' safety line."""
    for prompt in prompts:
        if prompt.kind is Kind.STRETCH:
            assert prompt.caution is not None, prompt.id
            assert SAFETY_LINE in prompt.caution.lower(), prompt.id


def test_the_gentle_burn_line_belongs_to_strengthening_only(prompts: tuple[Prompt, ...]) -> None:
    """'A gentle burn is fine' goes only with held lifts (the seeds say it of strengthening)."""
    for prompt in prompts:
        if "burn" in (prompt.caution or ""):
            assert "3–5 s" in prompt.text, prompt.id


@pytest.mark.parametrize("kind", [Kind.MICRO, Kind.STRETCH])
def test_durations_fill_their_kinds_break(prompts: tuple[Prompt, ...], kind: Kind) -> None:
    """A micro-break or stretch takes at least its default break_length, so doing it counts."""
    break_length = Settings().reminders.for_kind(kind).break_length
    for prompt in prompts:
        if prompt.kind is kind:
            assert prompt.duration is not None, prompt.id
            assert break_length <= prompt.duration <= break_length * 2, prompt.id


def test_posture_checks_take_seconds(prompts: tuple[Prompt, ...]) -> None:
    """A posture check takes at most 30 seconds."""
    for prompt in prompts:
        if prompt.kind is Kind.POSTURE:
            assert prompt.duration is not None, prompt.id
            assert prompt.duration <= timedelta(seconds=30), prompt.id


def test_stretches_give_the_seeds_dose(prompts: tuple[Prompt, ...]) -> None:
    """Every stretch says its dose: 3 × 30 s per side, or 3–5 s holds, 10–15 per leg."""
    for prompt in prompts:
        if prompt.kind is Kind.STRETCH:
            assert "3 × 30 s per side" in prompt.text or (
                "3–5 s" in prompt.text and "10–15 per leg" in prompt.text
            ), prompt.id


def test_stretches_vary(prompts: tuple[Prompt, ...]) -> None:
    """At least 8 distinct stretch movements (one picture each), at most 3 of them lunges."""
    stretches = [p for p in prompts if p.kind is Kind.STRETCH]
    assert len({p.image for p in stretches if p.image is not None}) >= 8
    lunges = [p.id for p in stretches if LUNGE.search(p.text)]
    assert len(lunges) <= 3, lunges


def test_kneeling_is_always_an_option(prompts: tuple[Prompt, ...]) -> None:
    """A prompt that mentions kneeling offers it beside the standing version ('or kneel')."""
    for prompt in prompts:
        if re.search(r"\bkneel", prompt.text, re.IGNORECASE):
            assert re.search(r"\bor kneel", prompt.text, re.IGNORECASE), prompt.id


def test_metric_only_and_nothing_invented(prompts: tuple[Prompt, ...]) -> None:
    """No imperial units, and none of the props or figures the seeds never give."""
    for prompt in prompts:
        assert not IMPERIAL.search(_all_text(prompt)), prompt.id
        assert not INVENTED.search(_all_text(prompt)), prompt.id


def test_every_source_names_a_seed_and_a_heading(prompts: tuple[Prompt, ...]) -> None:
    """Each prompt names the seed file and section heading(s) it draws on, as file#Heading."""
    for prompt in prompts:
        assert prompt.builtin
        assert prompt.sources, prompt.id
        for source in prompt.sources:
            seed, _, heading = source.partition("#")
            assert seed in SEEDS, (prompt.id, source)
            assert heading.strip(), (prompt.id, source)


def test_every_heading_named_is_in_its_seed(prompts: tuple[Prompt, ...]) -> None:
    """Every heading a prompt or the safety note names is a heading line of that seed."""
    folder = _seeds_folder()
    if folder is None:
        pytest.skip(f"no shared/seeds folder above {REPO}: the seed articles are not here")
    named = {s for p in prompts for s in p.sources} | set(SAFETY_SOURCES)
    headings = {
        seed: {line.strip() for line in (folder / seed).read_text("utf-8").splitlines()}
        for seed in SEEDS
    }
    missing = []
    for source in sorted(named):
        seed, _, heading = source.partition("#")
        # a heading is a whole short line of the article, not words from inside a paragraph
        if heading not in headings[seed] or len(heading) > 80:
            missing.append(source)
    assert missing == []


def test_safety_note_says_all_three_things() -> None:
    """The one-time note: start slowly, ask a professional first, stop at sharp pain."""
    assert SAFETY_TITLE
    assert "Start slowly" in SAFETY_NOTE
    assert "doctor or physiotherapist" in SAFETY_NOTE
    for concern in ("back", "hip", "knee", "pregnant"):
        assert concern in SAFETY_NOTE
    assert SAFETY_LINE in SAFETY_NOTE
    assert len(SAFETY_NOTE) <= MAX_BODY


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
        "Lift your legs lying on your back",
        "Hold a bridge",
        "Use a stability ball",
        "Foam rolling the thigh",
        "Massage the psoas",
        "Add ankle weights",
    ],
)
def test_forbidden_pattern_catches_bad_phrases(phrase: str) -> None:
    """The forbidden-words check flags each kind of material the prompts must leave out."""
    assert FORBIDDEN.search(phrase)


@pytest.mark.parametrize(
    "phrase", ["applying a lumbar roll", "a secure stance", "your feet", "seated leg lifts"]
)
def test_forbidden_pattern_spares_harmless_words(phrase: str) -> None:
    """Words that merely contain a forbidden stem, and desk-side leg lifts, pass the check."""
    assert FORBIDDEN.search(phrase) is None


@pytest.mark.parametrize(
    ("pattern", "phrase"),
    [
        (INVENTED, "rest them on a footrest or a sturdy box"),
        (INVENTED, "at about a quarter of your full effort"),
        (IMPERIAL, "an inch or two"),
        (LUNGE, "Kneel on one knee beside your desk"),
    ],
)
def test_content_checks_catch_what_the_old_catalog_said(
    pattern: re.Pattern[str], phrase: str
) -> None:
    """Phrases from the catalog these tests replaced are caught by the checks above."""
    assert pattern.search(phrase)

"""Loading, checking and merging prompts into a catalog."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.core.kinds import Kind
from sitbreak.guidance import (
    Catalog,
    GuidanceError,
    Prompt,
    build_catalog,
    fallback_prompt,
    load_builtin,
    parse_prompt,
)
from sitbreak.guidance.catalog import _load_text

GOOD_ENTRY = """
[[prompt]]
id = "chair-check"
kind = "posture"
title = "Check your chair"
text = "Check your seat height."
duration = "10s"
source = "psoas-lower-back-pain-relief.txt"
"""


def _custom(prompt_id: str, kind: Kind = Kind.MICRO) -> Prompt:
    return Prompt(id=prompt_id, kind=kind, title="Mine", text="Walk to the window.", builtin=False)


@pytest.fixture(scope="module")
def builtin() -> tuple[Prompt, ...]:
    """The built-in prompts, loaded once."""
    return load_builtin()


def test_custom_prompts_join_the_builtin_ones(builtin: tuple[Prompt, ...]) -> None:
    """A custom prompt is listed, enabled for its kind and found by id, marked not built-in."""
    mine = Prompt(id="water-plants", kind=Kind.MICRO, title="Water the plants", text="Go water.")
    catalog = build_catalog(builtin, [mine], [])
    assert catalog.prompts[-1].id == "water-plants"
    assert catalog.prompts[-1].builtin is False
    assert "water-plants" in {p.id for p in catalog.enabled(Kind.MICRO)}
    assert catalog.get("water-plants") == catalog.prompts[-1]
    assert len(catalog.prompts) == len(builtin) + 1


def test_disabled_prompts_are_never_offered(builtin: tuple[Prompt, ...]) -> None:
    """Disabled ids, built-in or custom, drop out of enabled() and choices() but stay known."""
    catalog = build_catalog(builtin, [_custom("mine")], ["mine", "stand-up"])
    offered = {p.id for p in catalog.enabled(Kind.MICRO)} | {
        p.id for p in catalog.choices(Kind.MICRO)
    }
    assert offered.isdisjoint({"mine", "stand-up"})
    assert catalog.get("stand-up") is not None
    assert catalog.unknown_disabled == ()


def test_enabled_filters_by_kind(builtin: tuple[Prompt, ...]) -> None:
    """enabled(kind) holds only prompts of that kind."""
    catalog = build_catalog(builtin, [], [])
    for kind in Kind.by_size():
        assert {p.kind for p in catalog.enabled(kind)} == {kind}


def test_id_clash_with_builtin_names_the_id(builtin: tuple[Prompt, ...]) -> None:
    """A custom prompt reusing a built-in id is an error that names the id and field."""
    with pytest.raises(GuidanceError, match=r"'lumbar-roll'.*'id'"):
        build_catalog(builtin, [_custom("lumbar-roll")], [])


def test_custom_id_used_twice_is_an_error() -> None:
    """Two custom prompts with the same id are an error naming the id."""
    with pytest.raises(GuidanceError, match="'twin'"):
        build_catalog([], [_custom("twin"), _custom("twin")], [])


def test_custom_id_may_not_take_a_fallback_id() -> None:
    """The fallback ids are reserved."""
    with pytest.raises(GuidanceError, match="'fallback-micro'"):
        build_catalog([], [_custom("fallback-micro")], [])


def test_unknown_disabled_ids_are_reported_once_in_order(builtin: tuple[Prompt, ...]) -> None:
    """Disabled ids that match no prompt are listed for a warning, without duplicates."""
    catalog = build_catalog(builtin, [], ["typo-one", "stand-up", "typo-two", "typo-one"])
    assert catalog.unknown_disabled == ("typo-one", "typo-two")


def test_fallback_when_a_kind_is_fully_disabled(builtin: tuple[Prompt, ...]) -> None:
    """With every stretch disabled, choices() gives the plain built-in fallback, never nothing."""
    stretch_ids = [p.id for p in builtin if p.kind is Kind.STRETCH]
    catalog = build_catalog(builtin, [], stretch_ids)
    assert catalog.enabled(Kind.STRETCH) == ()
    assert catalog.choices(Kind.STRETCH) == (fallback_prompt(Kind.STRETCH),)
    assert catalog.get(fallback_prompt(Kind.STRETCH).id) == fallback_prompt(Kind.STRETCH)
    assert len(catalog.choices(Kind.MICRO)) > 1


def test_empty_catalog_still_has_choices() -> None:
    """An empty catalog offers each kind's fallback, with a caution on the stretch."""
    catalog = Catalog(prompts=())
    for kind in Kind.by_size():
        (only,) = catalog.choices(kind)
        assert only.kind is kind
        assert only.builtin
    assert "sharp or radiating pain" in (fallback_prompt(Kind.STRETCH).caution or "")


def test_get_unknown_id_is_none(builtin: tuple[Prompt, ...]) -> None:
    """get() returns None for an id no prompt has."""
    assert build_catalog(builtin, [], []).get("no-such-prompt") is None


def test_good_entry_loads(tmp_path: Path) -> None:
    """A well-formed entry loads with its fields typed."""
    path = tmp_path / "prompts.toml"
    path.write_text(GOOD_ENTRY, encoding="utf-8")
    (prompt,) = _load_text(path.read_text(encoding="utf-8"), where=str(path))
    assert prompt.kind is Kind.POSTURE
    assert prompt.duration == timedelta(seconds=10)
    assert prompt.builtin


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('kind = "posture"', 'kind = "sprint"'), "kind"),
        (('text = "Check your seat height."', f'text = "{"x" * 221}"'), "text"),
        (('title = "Check your chair"', f'title = "{"x" * 61}"'), "title"),
        (('title = "Check your chair"', "title = 7"), "title"),
        (('title = "Check your chair"', 'title = "  "'), "title"),
        (('duration = "10s"', 'duration = "ten seconds"'), "duration"),
        (('duration = "10s"', 'duration = "5m"'), "duration"),
        (('duration = "10s"', "duration = 10"), "duration"),
        (('duration = "10s"', 'duration = "0s"'), "duration"),
        (('source = "psoas-lower-back-pain-relief.txt"', 'colour = "red"'), "colour"),
        (('source = "psoas-lower-back-pain-relief.txt"', ""), "source"),
    ],
)
def test_malformed_entry_names_file_id_and_field(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    """Each kind of bad field gives an error naming the file, the prompt id and the field."""
    path = tmp_path / "prompts.toml"
    path.write_text(GOOD_ENTRY.replace(*change), encoding="utf-8")
    with pytest.raises(GuidanceError) as caught:
        _load_text(path.read_text(encoding="utf-8"), where=str(path))
    message = str(caught.value)
    assert str(path) in message
    assert "'chair-check'" in message
    assert repr(field) in message


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    """Two entries with one id give an error naming the id, the field and both entries."""
    path = tmp_path / "prompts.toml"
    path.write_text(GOOD_ENTRY + GOOD_ENTRY, encoding="utf-8")
    with pytest.raises(
        GuidanceError, match=r"#2, prompt 'chair-check': field 'id' repeats prompt #1"
    ):
        _load_text(path.read_text(encoding="utf-8"), where=str(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[prompt]]\nid = "Chair Height"', "field 'id'"),
        ("[[prompt]]\nkind = 'micro'", "field 'id' is missing"),
        ("[[prompt]\n", "not valid TOML"),
        ('prompt = "x"', "array of tables"),
        ("prompt = [1]", "prompt #1: must be a table"),
        ("[[prompts]]\n", "unknown top-level key"),
    ],
)
def test_malformed_file_shape(text: str, expected: str) -> None:
    """Broken TOML or a wrong file shape is reported with the file name."""
    with pytest.raises(GuidanceError, match=r"my\.toml") as caught:
        _load_text(text, where="my.toml")
    assert expected in str(caught.value)


def test_parse_custom_prompt_needs_no_duration_or_source() -> None:
    """A custom prompt needs only id, kind, title and text, and may take any positive duration."""
    data = {"id": "mine", "kind": "stretch", "title": "Mine", "text": "Reach up.", "duration": "5m"}
    prompt = parse_prompt(data, where="config.toml [[prompts]] #1")
    assert prompt.builtin is False
    assert prompt.duration == timedelta(minutes=5)
    assert prompt.source is None


def test_parse_custom_prompt_error_names_where_and_id() -> None:
    """An error in a custom prompt names where it came from, its id and the field."""
    data = {"id": "mine", "kind": "nap", "title": "Mine", "text": "Sleep."}
    with pytest.raises(GuidanceError, match=r"^config\.toml #3, prompt 'mine': field 'kind'"):
        parse_prompt(data, where="config.toml #3")


def test_parse_custom_prompt_accepts_a_timedelta_duration() -> None:
    """Settings code that already parsed the duration may pass a timedelta."""
    data = {
        "id": "mine",
        "kind": "micro",
        "title": "Mine",
        "text": "Walk.",
        "duration": timedelta(0),
    }
    with pytest.raises(GuidanceError, match="'duration' must be longer than zero"):
        parse_prompt(data, where="config.toml")
    data["duration"] = timedelta(seconds=90)
    assert parse_prompt(data, where="config.toml").duration == timedelta(seconds=90)

"""Loading, checking and merging prompts into a catalog."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

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
from sitbreak.vocabulary import Kind

GOOD_ENTRY = """
[[prompt]]
id = "chair-check"
kind = "posture"
title = "Check your chair"
text = "Check your seat height."
duration = "10s"
source = "psoas-lower-back-pain-relief.txt#Posture Correction to Relieve Psoas Strain"
image = "chair.svg"
"""
SOURCE_LINE = (
    'source = "psoas-lower-back-pain-relief.txt#Posture Correction to Relieve Psoas Strain"'
)


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


def _pictures(tmp_path: Path) -> Path:
    """A pictures folder holding chair.svg."""
    folder = tmp_path / "pictures"
    folder.mkdir(exist_ok=True)
    (folder / "chair.svg").write_text("<svg/>", encoding="utf-8")
    return folder


def test_good_entry_loads(tmp_path: Path) -> None:
    """A well-formed entry loads with its fields typed, its source and its picture's path."""
    path = tmp_path / "prompts.toml"
    path.write_text(GOOD_ENTRY, encoding="utf-8")
    pictures = _pictures(tmp_path)
    (prompt,) = _load_text(path.read_text(encoding="utf-8"), where=str(path), pictures=pictures)
    assert prompt.kind is Kind.POSTURE
    assert prompt.duration == timedelta(seconds=10)
    assert prompt.sources == (
        "psoas-lower-back-pain-relief.txt#Posture Correction to Relieve Psoas Strain",
    )
    assert prompt.image == pictures / "chair.svg"
    assert prompt.builtin


def test_source_may_list_several_sections(tmp_path: Path) -> None:
    """'source' may be a list of file#Heading entries, kept in order."""
    two = 'source = ["a.txt#One", "b.txt#Two"]'
    (prompt,) = _load_text(GOOD_ENTRY.replace(SOURCE_LINE, two), where="p.toml")
    assert prompt.sources == ("a.txt#One", "b.txt#Two")


def test_without_a_pictures_folder_prompts_load_without_pictures() -> None:
    """A package with no real folder (zipped) still loads its prompts, with no pictures."""
    (prompt,) = _load_text(GOOD_ENTRY, where="p.toml", pictures=None)
    assert prompt.image is None


def test_builtin_prompts_have_their_pictures(builtin: tuple[Prompt, ...]) -> None:
    """The shipped prompts' pictures are real files in the package."""
    pictured = [p for p in builtin if p.image is not None]
    assert len(pictured) >= 20
    assert all(p.image.is_file() for p in pictured if p.image is not None)


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
        ((SOURCE_LINE, 'colour = "red"'), "colour"),
        ((SOURCE_LINE, ""), "source"),
        ((SOURCE_LINE, 'source = "psoas-lower-back-pain-relief.txt"'), "source"),
        ((SOURCE_LINE, "source = []"), "source"),
        ((SOURCE_LINE, "source = [1]"), "source"),
        (('image = "chair.svg"', 'image = "missing.svg"'), "image"),
        (('image = "chair.svg"', 'image = "../chair.svg"'), "image"),
        (('text = "Check your seat height."', f'text = "{"x" * 200}"'), "220"),
    ],
)
def test_malformed_entry_names_file_id_and_field(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    """Each kind of bad field gives an error naming the file, the prompt id and the field."""
    path = tmp_path / "prompts.toml"
    path.write_text(GOOD_ENTRY.replace(*change), encoding="utf-8")
    with pytest.raises(GuidanceError) as caught:
        _load_text(path.read_text(encoding="utf-8"), where=str(path), pictures=_pictures(tmp_path))
    message = str(caught.value)
    assert str(path) in message
    assert "'chair-check'" in message
    assert (field if field.isdigit() else repr(field)) in message


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
    assert prompt.sources == ()
    assert prompt.image is None


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


def test_custom_prompt_too_long_as_shown_names_its_id_and_length() -> None:
    """A custom prompt whose caution, text and held line pass 220 characters is refused."""
    fits = Prompt(
        id="long-one", kind=Kind.STRETCH, title="Mine", text="x" * 179, caution="Stop at pain."
    )
    assert build_catalog([], [fits], []).get("long-one") is not None  # 13 + 1 + 179 + 1 + 26
    with pytest.raises(GuidanceError, match=r"custom prompt 'long-one': is 221 characters"):
        build_catalog([], [replace(fits, text="x" * 180)], [])


def test_custom_prompt_picture_must_exist(tmp_path: Path) -> None:
    """A custom prompt naming a picture that is not there is refused, naming the path."""
    there = tmp_path / "mine.png"
    there.write_bytes(b"png")
    mine = Prompt(id="mine", kind=Kind.MICRO, title="Mine", text="Walk.", image=there)
    assert build_catalog([], [mine], []).get("mine") == replace(mine, builtin=False)
    gone = replace(mine, image=tmp_path / "gone.png")
    with pytest.raises(GuidanceError, match=r"custom prompt 'mine': field 'image': no such file"):
        build_catalog([], [gone], [])

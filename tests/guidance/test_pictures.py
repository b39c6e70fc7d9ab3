"""The built-in pictograms: each parses, renders a visible figure, and belongs to a prompt."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from sitbreak.guidance import Prompt, load_builtin, pictures_folder
from sitbreak.vocabulary import Kind
from tests.support.png import read_png
from tests.support.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
FOLDER = pictures_folder()
PICTURES = sorted(FOLDER.glob("*.svg")) if FOLDER is not None else []
SIZE = 96
TILE = (0x2F, 0x7D, 0x6D)
FIGURE = (0xFF, 0xFF, 0xFF)
WORK = (0xFF, 0xD1, 0x66)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def prompts() -> tuple[Prompt, ...]:
    """The built-in prompts, loaded once."""
    return load_builtin()


def _render(picture: Path) -> bytes:
    """The picture as a SIZE x SIZE PNG, drawn by rsvg-convert (librsvg, as dunst uses)."""
    renderer = require_tool("rsvg-convert", "librsvg2-bin")
    done = subprocess.run(
        [renderer, "--width", str(SIZE), "--height", str(SIZE), str(picture)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, f"{picture.name}: {done.stderr.decode(errors='replace')}"
    return done.stdout


def test_the_package_ships_its_pictures() -> None:
    """The pictures folder is package data, with a picture in it."""
    assert FOLDER is not None
    assert len(PICTURES) >= 20


@pytest.mark.parametrize("picture", PICTURES, ids=lambda path: path.name)
def test_picture_parses_as_plain_svg(picture: Path) -> None:
    """Each file is SVG a strict parser reads, 64 x 64, titled, with nothing but plain shapes."""
    root = ET.fromstring(picture.read_text(encoding="utf-8"))  # noqa: S314 - our own file
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 64 64"
    assert (root.findtext(f"{SVG}title") or "").strip()
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    # markers, filters, CSS and text render differently (or not at all) across desktops
    assert tags <= {"svg", "title", "rect", "circle", "path", "polygon"}, tags


@pytest.mark.parametrize("picture", PICTURES, ids=lambda path: path.name)
def test_picture_renders_a_figure_on_its_tile(picture: Path) -> None:
    """Rendered, each picture shows the teal tile, a white figure and a yellow worked part."""
    image = read_png(_render(picture))
    assert (image.width, image.height) == (SIZE, SIZE)
    assert image.share(TILE) > 0.35, "the tile is missing or covered"
    assert image.share(FIGURE) > 0.04, "no figure to be seen"
    assert image.share(WORK) > 0.003, "nothing shows what moves or where to look"


def test_a_blank_picture_fails_the_render_check(tmp_path: Path) -> None:
    """The render check does fail for a tile with no figure on it."""
    blank = tmp_path / "blank.svg"
    blank.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 64 64">'
        '<rect x="2" y="2" width="60" height="60" rx="14" fill="#2f7d6d"/></svg>',
        encoding="utf-8",
    )
    image = read_png(_render(blank))
    assert image.share(TILE) > 0.35
    assert image.share(FIGURE) == 0


def test_every_movement_has_its_own_picture(prompts: tuple[Prompt, ...]) -> None:
    """Each stretch and micro-break has a picture, and no two of a kind share one."""
    for kind in (Kind.STRETCH, Kind.MICRO):
        mine = [p for p in prompts if p.kind is kind]
        assert all(p.image is not None for p in mine), [p.id for p in mine if p.image is None]
        shared = {name for name, n in Counter(p.image for p in mine).items() if n > 1}
        assert shared == set()


def test_chair_height_check_has_a_picture(prompts: tuple[Prompt, ...]) -> None:
    """The posture check a picture explains best, chair height, has one."""
    assert {p.id: p.image for p in prompts}["chair-height"] is not None


def test_every_picture_belongs_to_a_prompt(prompts: tuple[Prompt, ...]) -> None:
    """No picture is left over, so the contact sheet shows them all."""
    used = {p.image.name for p in prompts if p.image is not None}
    assert {picture.name for picture in PICTURES} == used


def test_pictures_match_the_script_that_draws_them() -> None:
    """The SVGs are what scripts/pictograms.py draws, so a pose is changed there, not by hand."""
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "pictograms.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr

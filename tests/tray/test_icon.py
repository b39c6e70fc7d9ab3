"""The tray icon's pixmaps: sizes, distinct looks, a ring that fills, sharp marks, contrast."""

from __future__ import annotations

import itertools

import pytest

from sitbreak.tray.icon import SIZES, STEPS, Look, Mood, draw, pixmaps

PANEL_SIZES = (16, 22, 24, 32)
PANELS = {"light": (0xEE, 0xEE, 0xEE), "dark": (0x20, 0x21, 0x24)}
WHITE = (0xFF, 0xFF, 0xFF)
LOOKS = [Look(Mood.COUNTING, 3), Look(Mood.DUE), Look(Mood.PAUSED)]
LOOKS += [Look(Mood.SNOOZED, 3), Look(Mood.BUSY, 3), Look(Mood.RESTING)]

Pixel = tuple[int, int, int, int]  # alpha, red, green, blue


def _pixels(look: Look, size: int) -> list[Pixel]:
    data = draw(look, size)
    return [(data[i], data[i + 1], data[i + 2], data[i + 3]) for i in range(0, len(data), 4)]


def _luminance(colour: tuple[int, int, int]) -> float:
    """WCAG relative luminance."""
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in (x / 255 for x in colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_size_is_square_argb32_with_clear_corners() -> None:
    """Six sizes, 4 bytes a pixel; the rounded tile leaves the corner pixel transparent."""
    for look in LOOKS:
        found = pixmaps(look)
        assert [(width, height) for width, height, _ in found] == [(s, s) for s in SIZES]
        for size, _, data in found:
            assert len(data) == 4 * size * size
            assert data[0] == 0, f"{look} at {size} px: the corner is not clear"
            middle = 4 * (size // 2 * size + size // 2)
            assert data[middle] == 255, f"{look} at {size} px: the middle is not opaque"


@pytest.mark.parametrize("size", PANEL_SIZES)
def test_each_look_differs_from_every_other_at_panel_sizes(size: int) -> None:
    """Any two looks differ in at least a sixth of their pixels, down to 16 px."""
    for one, other in itertools.combinations(LOOKS, 2):
        pairs = zip(_pixels(one, size), _pixels(other, size), strict=True)
        differing = sum(
            1 for a, b in pairs if max(abs(x - y) for x, y in zip(a, b, strict=True)) > 40
        )
        assert differing >= size * size // 6, f"{one} and {other} look alike at {size} px"


@pytest.mark.parametrize("size", PANEL_SIZES)
def test_the_ring_fills_step_by_step(size: int) -> None:
    """Each eighth more of the interval paints more of the ring white, at every panel size."""
    whites = [
        sum(1 for p in _pixels(Look(Mood.COUNTING, step), size) if p[1:] == WHITE)
        for step in range(STEPS + 1)
    ]
    assert whites[0] == 0
    assert all(later > earlier for earlier, later in itertools.pairwise(whites)), whites


@pytest.mark.parametrize("size", PANEL_SIZES)
def test_pause_bars_sit_on_whole_pixels(size: int) -> None:
    """Sharp at every size: across the pause bars' middle row, each pixel is white or the tile."""
    pixels = _pixels(Look(Mood.PAUSED), size)
    row = pixels[size // 2 * size : (size // 2 + 1) * size]
    inside = [p[1:] for p in row[2:-2]]
    tile = inside[0]
    assert set(inside) == {tile, WHITE}, f"blurred edges at {size} px: {set(inside)}"


def test_tiles_stand_out_on_light_and_dark_panels_and_marks_on_tiles() -> None:
    """Each tile keeps 3:1 contrast with a light and a dark panel; its white marks 4:1 or more."""
    for look in LOOKS:
        pixels = _pixels(look, 32)
        tile = pixels[32 * 3 + 3][1:]  # inside the rounded corner, outside every mark
        for panel, colour in PANELS.items():
            assert _contrast(tile, colour) >= 3, f"{look} on a {panel} panel"
        assert _contrast(tile, WHITE) >= 4, f"{look}: white marks on its tile"


def test_out_of_range_steps_are_clamped() -> None:
    """A look's step stays within 0..STEPS whatever it is given."""
    assert Look(Mood.COUNTING, -3).step == 0
    assert Look(Mood.COUNTING, 99).step == STEPS

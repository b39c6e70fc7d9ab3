"""The tray icon, drawn in Python as ARGB32 pixmaps at each size a panel asks for.

Why pixmaps and not SVGs in an icon theme path: the icon changes with the state and the
progress (nine ring steps times six looks), and each host looks SVGs up differently (some
cache a theme folder's listing once, some need librsvg to read it, GNOME's AppIndicator
extension reloads only on a new name). ``IconPixmap`` is read the same way everywhere, needs
no files, and drawing each size on its own pixel grid keeps 16 px as sharp as 32 px.

Shapes are signed distance functions sampled once per pixel centre; the distance, in pixels,
gives the coverage (anti-aliasing without supersampling: 8,740 samples for all six sizes).
The look follows the app icon: a rounded tile in sitbreak's teal, white marks on it, which
reads on light and dark panels alike.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SIZES", "STEPS", "Look", "Mood", "Pixmap", "draw", "pixmaps"]

SIZES = (16, 22, 24, 32, 48, 64)
STEPS = 8  # the ring fills in eighths: each one a visible change even at 16 px

Colour = tuple[int, int, int]
Distance = Callable[[float, float], float]
Pixmap = tuple[int, int, bytes]  # width, height, ARGB32 in network byte order


class Mood(enum.StrEnum):
    """The distinct looks; the progress ring shows only where sitting time counts."""

    COUNTING = "counting"  # teal tile, white ring filling towards the next reminder
    DUE = "due"  # amber tile, the standing figure of the app icon
    PAUSED = "paused"  # slate tile, two pause bars
    SNOOZED = "snoozed"  # teal tile, a crescent moon, the ring where it was
    BUSY = "busy"  # plum tile, a do-not-disturb bar, the ring where it was
    RESTING = "resting"  # grey tile, a hollow ring: away, or outside active hours


_TILES: dict[Mood, Colour] = {
    Mood.COUNTING: (0x2F, 0x7D, 0x6D),  # the app icon's teal
    Mood.DUE: (0xC4, 0x60, 0x0F),
    Mood.PAUSED: (0x5B, 0x6E, 0x8C),
    Mood.SNOOZED: (0x2F, 0x7D, 0x6D),
    Mood.BUSY: (0x9A, 0x54, 0x94),
    Mood.RESTING: (0x6E, 0x76, 0x74),
}
_WHITE: Colour = (0xFF, 0xFF, 0xFF)
_TRACK: Colour = (0x1C, 0x4E, 0x44)  # the ring's unfilled part: darker than the tile
_FAINT: Colour = (0xBF, 0xE3, 0xDA)  # the app icon's mint, for secondary marks


@dataclass(frozen=True)
class Look:
    """What the icon shows: a mood and, where it has a ring, how many eighths are filled."""

    mood: Mood
    step: int = 0  # 0..STEPS

    def __post_init__(self) -> None:
        """Keep the step in range, so a look is always drawable."""
        object.__setattr__(self, "step", max(0, min(STEPS, self.step)))


def pixmaps(look: Look) -> list[Pixmap]:
    """The icon at every size in ``SIZES``, for ``IconPixmap`` (cached: looks repeat)."""
    return list(_pixmaps(look))


@lru_cache(maxsize=4)  # the look now and the last few: about 35 kB each
def _pixmaps(look: Look) -> tuple[Pixmap, ...]:
    return tuple((size, size, draw(look, size)) for size in SIZES)


def draw(look: Look, size: int) -> bytes:
    """One ``size`` x ``size`` ARGB32 picture of ``look``."""
    layers = _layers(look, _Grid(size))
    out = bytearray(4 * size * size)
    for y in range(size):
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            alpha, red, green, blue = 0.0, 0.0, 0.0, 0.0
            for colour, distance in layers:
                cover = _coverage(distance(px, py))
                if cover <= 0.0:
                    continue
                # "over" compositing, premultiplied while summing
                red = colour[0] * cover + red * (1 - cover)
                green = colour[1] * cover + green * (1 - cover)
                blue = colour[2] * cover + blue * (1 - cover)
                alpha = cover + alpha * (1 - cover)
            index = 4 * (y * size + x)
            if alpha > 0:
                out[index] = round(255 * alpha)
                out[index + 1] = round(red / alpha)
                out[index + 2] = round(green / alpha)
                out[index + 3] = round(blue / alpha)
    return bytes(out)


def _coverage(distance: float) -> float:
    """How much of a pixel a shape covers, from the signed distance of its centre."""
    return max(0.0, min(1.0, 0.5 - distance))


@dataclass(frozen=True)
class _Grid:
    """Sizes of the marks for one icon size, on whole or half pixels so edges stay sharp."""

    size: int

    @property
    def centre(self) -> float:
        return self.size / 2

    @property
    def corner(self) -> float:
        return max(3.0, round(self.size * 0.22))

    @property
    def ring_width(self) -> float:
        return max(2.0, round(self.size / 8))

    @property
    def ring_radius(self) -> float:
        """The ring's middle line: its outer edge sits on a whole pixel, a margin inside."""
        margin = max(2.0, round(self.size / 10))
        return self.size / 2 - margin - self.ring_width / 2


def _layers(look: Look, grid: _Grid) -> list[tuple[Colour, Distance]]:
    """The shapes of ``look``, bottom first."""
    tile = _rounded_square(grid.size, grid.corner)
    layers: list[tuple[Colour, Distance]] = [(_TILES[look.mood], tile)]
    mood = look.mood
    if mood is Mood.DUE:
        return layers + [(_WHITE, shape) for shape in _figure(grid)]
    if mood is Mood.PAUSED:
        return layers + [(_WHITE, shape) for shape in _pause_bars(grid)]
    ring = _ring(grid)
    if mood is Mood.RESTING:
        return [*layers, (_FAINT, ring)]
    layers.append((_TRACK, ring))
    if look.step > 0:
        shade = _WHITE if mood is Mood.COUNTING else _FAINT
        layers.append((shade, _arc(grid, look.step / STEPS)))
    if mood is Mood.SNOOZED:
        layers.append((_WHITE, _crescent(grid)))
    elif mood is Mood.BUSY:
        layers.append((_WHITE, _bar(grid)))
    return layers


# --- shapes: each a signed distance in pixels (negative inside)


def _rounded_square(size: int, corner: float) -> Distance:
    half = size / 2

    def distance(x: float, y: float) -> float:
        qx = abs(x - half) - (half - corner)
        qy = abs(y - half) - (half - corner)
        outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return outside + min(max(qx, qy), 0.0) - corner

    return distance


def _ring(grid: _Grid) -> Distance:
    centre, radius, half = grid.centre, grid.ring_radius, grid.ring_width / 2

    def distance(x: float, y: float) -> float:
        return abs(math.hypot(x - centre, y - centre) - radius) - half

    return distance


def _arc(grid: _Grid, share: float) -> Distance:
    """The ring's part from twelve o'clock, clockwise, over ``share`` of the turn."""
    if share >= 1.0:
        return _ring(grid)
    ring = _ring(grid)
    centre, inner = grid.centre, grid.ring_radius - grid.ring_width / 2
    outer = inner + grid.ring_width
    sweep = 2 * math.pi * share
    ends = [(math.sin(a), -math.cos(a)) for a in (0.0, sweep)]  # unit vectors, y down

    def distance(x: float, y: float) -> float:
        dx, dy = x - centre, y - centre
        angle = math.atan2(dx, -dy) % (2 * math.pi)  # clockwise from twelve o'clock
        to_ends = min(
            _to_segment((dx, dy), (ux * inner, uy * inner), (ux * outer, uy * outer))
            for ux, uy in ends
        )
        if angle <= sweep:
            return max(ring(x, y), -to_ends)
        return max(ring(x, y), to_ends)

    return distance


def _to_segment(
    point: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> float:
    """The distance from a point to the line segment from a to b."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    vx, vy = bx - ax, by - ay
    along = max(0.0, min(1.0, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)))
    return math.hypot(px - ax - along * vx, py - ay - along * vy)


def _capsule(a: tuple[float, float], b: tuple[float, float], radius: float) -> Distance:
    """A stroke from a to b with round ends."""

    def distance(x: float, y: float) -> float:
        return _to_segment((x, y), a, b) - radius

    return distance


def _circle(cx: float, cy: float, radius: float) -> Distance:
    def distance(x: float, y: float) -> float:
        return math.hypot(x - cx, y - cy) - radius

    return distance


def _box(left: float, top: float, right: float, bottom: float) -> Distance:
    def distance(x: float, y: float) -> float:
        qx = max(left - x, x - right)
        qy = max(top - y, y - bottom)
        return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0)

    return distance


def _figure(grid: _Grid) -> Sequence[Distance]:
    """The app icon's standing figure, arm raised, moved to the middle of the tile."""
    unit = grid.size / 64  # the app icon is drawn on 64 x 64

    def at(x: float, y: float) -> tuple[float, float]:
        return (x - 6) * unit, y * unit

    half_stroke = max(0.75, 2.5 * unit)
    strokes = [
        ((38, 22), (38, 40)),  # body
        ((38, 40), (30, 56)),  # legs
        ((38, 40), (46, 56)),
        ((38, 27), (28, 34)),  # arms, one raised
        ((38, 27), (48, 22)),
    ]
    shapes: list[Distance] = [_circle(*at(38, 14), max(1.5, 6 * unit))]
    shapes += [_capsule(at(*a), at(*b), half_stroke) for a, b in strokes]
    return shapes


def _pause_bars(grid: _Grid) -> Sequence[Distance]:
    size = grid.size
    width = max(2.0, round(size * 0.16))
    gap = max(2.0, round(size * 0.14))
    top, bottom = round(size * 0.27), size - round(size * 0.27)
    left = round((size - 2 * width - gap) / 2)
    return [
        _box(left, top, left + width, bottom),
        _box(left + width + gap, top, left + 2 * width + gap, bottom),
    ]


def _crescent(grid: _Grid) -> Distance:
    """A moon in the ring's middle: a disc with a disc cut away at its upper right."""
    centre = grid.centre
    radius = grid.ring_radius - grid.ring_width / 2 - max(1.0, grid.size / 16)
    disc = _circle(centre, centre, radius)
    shift = radius * 0.55
    bite = _circle(centre + shift, centre - shift, radius * 0.85)

    def distance(x: float, y: float) -> float:
        return max(disc(x, y), -bite(x, y))

    return distance


def _bar(grid: _Grid) -> Distance:
    """A horizontal bar across the ring's middle: the familiar do-not-disturb sign."""
    centre = grid.centre
    reach = grid.ring_radius - grid.ring_width / 2 - max(1.0, grid.size / 16)
    half_height = max(1.0, round(grid.size / 12))
    return _box(centre - reach, centre - half_height, centre + reach, centre + half_height)

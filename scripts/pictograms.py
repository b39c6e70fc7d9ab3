#!/usr/bin/env python3
"""Draw the built-in pictograms into src/sitbreak/guidance/pictures/ (run after editing a pose).

Every picture is one stick figure in the visual language of src/sitbreak/data/sitbreak.svg:
a rounded teal tile, a white figure drawn with round-capped strokes, the desk or chair in
pale mint. The limb that does the work is yellow, and a yellow arrow shows the movement; the
limbs on the far side are fainter. Only plain SVG is used (no markers, filters or CSS), so
every desktop's renderer draws it the same way.

Coordinates are on the icon's 64 x 64 grid, the figure facing right unless a pose says
otherwise: head centre y 9, shoulders y 18, hips y 33, knees y 45, feet on the floor at y 57.

    .venv/bin/python scripts/pictograms.py          # write every picture
    .venv/bin/python scripts/pictograms.py --check  # exit 1 if a written picture is stale
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

Point = tuple[float, float]

FOLDER = Path(__file__).resolve().parent.parent / "src" / "sitbreak" / "guidance" / "pictures"
TILE = "#2f7d6d"
FIGURE = "#ffffff"
PROP = "#bfe3da"
WORK = "#ffd166"
BODY_WIDTH = 5
PROP_WIDTH = 4
ARROW_WIDTH = 2.5
HEAD_RADIUS = 5.5
FAR_OPACITY = 0.55


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(points: Iterable[Point]) -> str:
    pts = list(points)
    return "M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in pts)


class Picture:
    """One pictogram being drawn: far side first, then props, the figure, and the arrows."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._back: list[str] = []
        self._props: list[str] = []
        self._body: list[str] = []
        self._front: list[str] = []

    def limb(
        self, *points: Point, far: bool = False, work: bool = False, behind: bool = False
    ) -> None:
        """A limb or the trunk through ``points``, yellow when it does the ``work``.

        ``far`` limbs are fainter and drawn behind the rest; a limb ``behind`` is drawn behind
        too but at full strength (a worked leg crossing behind the other).
        """
        colour = WORK if work else FIGURE
        opacity = f' stroke-opacity="{FAR_OPACITY}"' if far else ""
        element = (
            f'<path d="{_path(points)}" stroke="{colour}"{opacity} stroke-width="{BODY_WIDTH}"'
            ' stroke-linecap="round" stroke-linejoin="round" fill="none"/>'
        )
        (self._back if far or behind else self._body).append(element)

    def head(self, centre: Point) -> None:
        """The head, a filled circle."""
        x, y = centre
        self._body.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{HEAD_RADIUS}" fill="{FIGURE}"/>'
        )

    def prop(self, d: str, *, fill: bool = False, front: bool = False) -> None:
        """An object in pale mint (outline or filled), behind the figure or before it."""
        layer = self._front if front else self._props
        if fill:
            layer.append(f'<path d="{d}" fill="{PROP}"/>')
        else:
            layer.append(
                f'<path d="{d}" stroke="{PROP}" stroke-width="{PROP_WIDTH}"'
                ' stroke-linecap="round" stroke-linejoin="round" fill="none"/>'
            )

    def mark(self, d: str, *, width: float = ARROW_WIDTH) -> None:
        """A yellow line or shape that is not an arrow (a level line, a spot)."""
        self._front.append(
            f'<path d="{d}" stroke="{WORK}" stroke-width="{_fmt(width)}"'
            ' stroke-linecap="round" stroke-linejoin="round" fill="none"/>'
        )

    def arrow(self, *points: Point, curve: Point | None = None, both: bool = False) -> None:
        """A yellow arrow along ``points`` (or a quadratic curve bent toward ``curve``)."""
        start, end = points[0], points[-1]
        if curve is None:
            d = _path(points)
            before_end, after_start = points[-2], points[1]
        else:
            d = (
                f"M{_fmt(start[0])} {_fmt(start[1])} Q{_fmt(curve[0])} {_fmt(curve[1])}"
                f" {_fmt(end[0])} {_fmt(end[1])}"
            )
            before_end = after_start = curve
        self._front.append(
            f'<path d="{d}" stroke="{WORK}" stroke-width="{ARROW_WIDTH}"'
            ' stroke-linecap="round" fill="none"/>'
        )
        self._front.append(_arrowhead(before_end, end))
        if both:
            self._front.append(_arrowhead(after_start, start))

    def svg(self) -> str:
        """The finished SVG document."""
        parts = [
            '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 64 64">',
            f"  <title>{self.title}</title>",
            f'  <rect x="2" y="2" width="60" height="60" rx="14" fill="{TILE}"/>',
            *(f"  {part}" for part in self._back + self._props + self._body + self._front),
            "</svg>",
        ]
        return "\n".join(parts) + "\n"


def _arrowhead(before: Point, tip: Point, size: float = 4.2) -> str:
    """A filled triangle at ``tip`` pointing away from ``before``."""
    angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
    back = (tip[0] - size * math.cos(angle), tip[1] - size * math.sin(angle))
    left = (back[0] + size * 0.6 * math.sin(angle), back[1] - size * 0.6 * math.cos(angle))
    right = (back[0] - size * 0.6 * math.sin(angle), back[1] + size * 0.6 * math.cos(angle))
    tip_out = (tip[0] + 0.8 * math.cos(angle), tip[1] + 0.8 * math.sin(angle))
    corners = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (tip_out, left, right))
    return f'<polygon points="{corners}" fill="{WORK}"/>'


# ----------------------------------------------------------------------------- furniture

FLOOR = 57.0


def desk(picture: Picture, left: float = 44, right: float = 61, top: float = 35) -> None:
    """A desk seen from the side: its top and one leg, cut by the tile's edge."""
    picture.prop(
        f"M{_fmt(left)} {_fmt(top)} H{_fmt(right)} M{_fmt(right - 4)} {_fmt(top)} V{FLOOR}"
    )


def chair(picture: Picture, back: float = 10, front: float = 28, seat: float = 42) -> None:
    """An office chair seen from the side, facing right: backrest, seat, post and base."""
    post = (back + front) / 2
    picture.prop(
        f"M{_fmt(back)} {_fmt(seat - 20)} V{_fmt(seat)} H{_fmt(front)}"
        f" M{_fmt(post)} {_fmt(seat)} V{FLOOR} M{_fmt(post - 8)} {FLOOR} H{_fmt(post + 8)}"
    )


def screen(picture: Picture, x: float = 52, top: float = 35) -> None:
    """A monitor standing on the desk."""
    picture.prop(
        f"M{_fmt(x)} {_fmt(top)} V{_fmt(top - 4)} M{_fmt(x - 3)} {_fmt(top - 4)} H{_fmt(x + 3)}"
    )
    picture.prop(f"M{_fmt(x - 4)} {_fmt(top - 19)} h8 v14 h-8 z", fill=True)


# ----------------------------------------------------------------------------- seated figures


def seated(
    picture: Picture, hip: Point = (20, 39), *, lean: float = 0, head_forward: float = 0
) -> None:
    """A person sitting upright on the chair, hands resting on the thighs, feet flat."""
    hx, hy = hip
    neck = (hx + 1 + lean, hy - 22)
    knee = (hx + 14, hy + 2)
    foot = (hx + 15, FLOOR)
    picture.limb((hx, hy), knee, foot, (foot[0] + 5, FLOOR), far=True)
    picture.limb((hx, hy), knee, foot, (foot[0] + 5, FLOOR))
    picture.limb((hx, hy), neck)
    picture.head((neck[0] + 1 + head_forward, neck[1] - 7))
    shoulder = (neck[0], neck[1] + 3)
    picture.limb(shoulder, (shoulder[0] + 4, shoulder[1] + 9), (hx + 11, hy - 2))


def pose_chair_height() -> Picture:
    picture = Picture("Check your chair height")
    chair(picture, back=8, front=28, seat=42)
    seated(picture, hip=(18, 39))
    picture.mark("M17 39 H35", width=1.5)  # the hip's level: the knee sits a little below it
    picture.arrow((50, 52), (50, 30), both=True)
    return picture


def pose_feet_flat() -> Picture:
    picture = Picture("Feet flat on the floor")
    chair(picture, back=8, front=28, seat=42)
    seated(picture, hip=(18, 39))
    picture.mark("M26 60 L44 60")
    picture.arrow((44, 44), (38, 52))
    return picture


def pose_lumbar_roll() -> Picture:
    picture = Picture("Support your lower back")
    chair(picture, back=10, front=30, seat=42)
    picture.prop("M10.5 33 a4 4 0 1 0 8 0 a4 4 0 1 0 -8 0 z", fill=True)
    seated(picture, hip=(20, 39))
    picture.arrow((6, 31), (11, 31))
    return picture


def pose_sit_tall() -> Picture:
    picture = Picture("Sit up out of the slump")
    chair(picture, back=8, front=28, seat=42)
    seated(picture, hip=(18, 39))
    picture.arrow((44, 24), (44, 8))
    return picture


def pose_head_over_shoulders() -> Picture:
    picture = Picture("Bring your head back")
    chair(picture, back=8, front=28, seat=42)
    desk(picture, left=44, right=61, top=36)
    screen(picture, x=53, top=36)
    seated(picture, hip=(18, 39))
    picture.mark("M20 6 V22", width=1.5)
    picture.arrow((33, 10), (27, 10))
    return picture


# ----------------------------------------------------------------------------- standing figures


def standing(
    picture: Picture,
    x: float = 26,
    *,
    arms: str = "down",
    far_leg: tuple[Point, ...] | None = None,
    near_leg: tuple[Point, ...] | None = None,
    near_work: bool = False,
    far_work: bool = False,
    torso_top: Point | None = None,
) -> Point:
    """A person standing at ``x``; returns the shoulder point so a pose can add the arms."""
    hip = (x, 33)
    neck = torso_top or (x, 15.5)
    default_leg = (hip, (x, 45), (x, FLOOR), (x + 5, FLOOR))
    # a worked far leg keeps its full colour, still behind the trunk and the near arm
    picture.limb(*(far_leg or default_leg), far=not far_work, behind=far_work, work=far_work)
    picture.limb(*(near_leg or default_leg), work=near_work)
    picture.limb(hip, neck)
    picture.head((neck[0] + 0.5, neck[1] - 6.5))
    shoulder = (neck[0], neck[1] + 3)
    if arms == "down":
        picture.limb(
            shoulder, (shoulder[0] + 3, shoulder[1] + 9), (shoulder[0] + 5, shoulder[1] + 16)
        )
    return shoulder


def pose_stand_up() -> Picture:
    picture = Picture("Stand up for a minute")
    chair(picture, back=6, front=22, seat=42)
    standing(picture, x=34)
    picture.arrow((46, 30), (46, 10))
    return picture


def pose_stand_tall() -> Picture:
    picture = Picture("Stand tall for a minute")
    # seen from the front: weight even on both feet
    picture.limb((29, 33), (28, 45), (27, FLOOR), (23, FLOOR))
    picture.limb((35, 33), (36, 45), (37, FLOOR), (41, FLOOR))
    picture.limb((32, 34), (32, 15.5))
    picture.head((32, 9))
    picture.limb((32, 18.5), (25, 19), (23, 28), (23, 35))
    picture.limb((32, 18.5), (39, 19), (41, 28), (41, 35))
    picture.limb((29, 33), (35, 33))
    picture.arrow((18, 44), (18, 53))
    picture.arrow((46, 44), (46, 53))
    return picture


def pose_short_walk() -> Picture:
    picture = Picture("Take a short walk")
    shoulder = standing(
        picture,
        x=30,
        arms="none",
        far_leg=((30, 33), (36, 44), (39, 55), (44, 55)),
        near_leg=((30, 33), (26, 44), (20, 53), (23, 57)),
        torso_top=(31, 15.5),
    )
    picture.limb(shoulder, (27, 26), (24, 33), far=True)
    picture.limb(shoulder, (36, 26), (40, 31))
    picture.arrow((46, 12), (58, 12))
    return picture


def pose_march_in_place() -> Picture:
    picture = Picture("March on the spot")
    desk(picture)
    shoulder = standing(
        picture,
        x=28,
        arms="none",
        near_leg=((28, 33), (39, 36), (38, 47), (42, 48)),
        near_work=True,
    )
    picture.limb(shoulder, (30, 27), (34, 33), far=True)
    picture.limb(shoulder, (25, 26), (23, 33))
    picture.arrow((47, 47), (47, 38), both=False)
    return picture


def pose_leg_swings() -> Picture:
    picture = Picture("Slow leg swings")
    desk(picture)
    shoulder = standing(
        picture,
        x=30,
        arms="none",
        near_leg=((30, 33), (24, 44), (19, 54), (23, 56)),
        near_work=True,
    )
    picture.limb(shoulder, (37, 25), (45, 33))
    picture.arrow((13, 43), (41, 43), curve=(27, 57), both=True)
    return picture


def pose_work_standing() -> Picture:
    picture = Picture("Work standing for a while")
    desk(picture, left=38, right=61, top=27)
    screen(picture, x=54, top=27)
    shoulder = standing(picture, x=24, arms="none")
    picture.limb(shoulder, (28, 26), (38, 25))
    picture.arrow((46, 47), (46, 33))
    return picture


def pose_stand_for_call() -> Picture:
    picture = Picture("Stand for your next call")
    shoulder = standing(picture, x=26, arms="none")
    picture.limb(shoulder, (29, 27), (31, 34), far=True)
    picture.limb(shoulder, (36, 25), (34.5, 15))
    picture.prop(
        "M31 3.5 h4 a1.5 1.5 0 0 1 1.5 1.5 v10 a1.5 1.5 0 0 1 -1.5 1.5 h-4 z", fill=True, front=True
    )
    picture.arrow((42, 12), (48, 4), curve=(47, 10))
    picture.arrow((42, 19), (52, 13), curve=(50, 20))
    return picture


def pose_tidy_standing() -> Picture:
    picture = Picture("Tidy up on your feet")
    desk(picture, left=40, right=61, top=35)
    # knees bent, a box held in both hands
    picture.limb((24, 35), (32, 42), (28, FLOOR), (33, FLOOR), far=True)
    picture.limb((24, 35), (32, 42), (28, FLOOR), (33, FLOOR))
    picture.limb((24, 35), (27, 18))
    picture.head((29, 12))
    picture.prop("M33 25 h10 v9 h-10 z", fill=True)
    picture.limb((27, 21), (30, 29), (34, 29), far=True)
    picture.limb((27, 21), (31, 30), (35, 30))
    picture.arrow((48, 30), (52, 22))
    return picture


def pose_swayback_tuck() -> Picture:
    picture = Picture("Level your pelvis standing")
    standing(picture, x=28)
    picture.mark("M21 33 H37")
    picture.arrow((21, 24), (23, 41), curve=(14, 33))
    return picture


def pose_standing_overhead_reach() -> Picture:
    picture = Picture("Reach up tall")
    # seen from the front, both arms straight up beside the head
    picture.limb((29, 33), (28, 45), (27, FLOOR), (23, FLOOR))
    picture.limb((35, 33), (36, 45), (37, FLOOR), (41, FLOOR))
    picture.limb((29, 33), (35, 33))
    picture.limb((32, 34), (32, 17))
    picture.head((32, 10.5))
    picture.limb((32, 19.5), (25.5, 19.5), (24.5, 11), (24.5, 4), work=True)
    picture.limb((32, 19.5), (38.5, 19.5), (39.5, 11), (39.5, 4), work=True)
    picture.arrow((50, 20), (50, 6))
    picture.arrow((14, 20), (14, 6))
    return picture


def pose_standing_glute_squeeze() -> Picture:
    picture = Picture("Standing glute squeeze")
    desk(picture)
    shoulder = standing(picture, x=28, arms="none")
    picture.limb(shoulder, (36, 25), (45, 33))
    picture.mark("M22 30 a4 4 0 1 0 0.01 0", width=2.5)
    picture.arrow((15, 33), (21, 33))
    return picture


def pose_rise_through_heels() -> Picture:
    picture = Picture("Stand up through your heels")
    chair(picture, back=6, front=22, seat=42)
    # halfway up, hips leaving the seat, weight over the heels
    picture.limb((20, 36), (32, 39), (30, FLOOR), (35, FLOOR), far=True)
    picture.limb((20, 36), (32, 39), (30, FLOOR), (35, FLOOR))
    picture.limb((20, 36), (30, 20))
    picture.head((33, 14))
    picture.limb((29, 23), (36, 28), (42, 30))
    picture.mark("M27 60 L31 60", width=3)
    picture.arrow((46, 40), (52, 22), curve=(52, 34))
    return picture


def pose_stand_shoulders() -> Picture:
    picture = Picture("Stand and open your shoulders")
    standing(picture, x=30)
    picture.arrow((27, 13), (24, 26), curve=(18, 17))
    return picture


# ----------------------------------------------------------------------------- stretches


def pose_standing_hip_flexor() -> Picture:
    picture = Picture("Hip-flexor stretch, standing or kneeling")
    desk(picture)
    # split stance: front knee bent, back leg (the one stretched) long behind
    picture.limb((28, 35), (39, 41), (38, FLOOR), (43, FLOOR), far=True)
    picture.limb((28, 35), (20, 46), (12, 55), (10, FLOOR), work=True)
    picture.limb((28, 35), (29, 16))
    picture.head((30, 9.5))
    picture.limb((29, 19), (37, 26), (45, 34))
    picture.arrow((21, 22), (21, 36), curve=(13, 29))
    return picture


def pose_kneeling_lunge_arms_up() -> Picture:
    picture = Picture("Lunge with your arms raised")
    picture.limb((28, 37), (40, 43), (39, FLOOR), (44, FLOOR), far=True)
    picture.limb((28, 37), (20, 47), (12, 56), (10, FLOOR), work=True)
    picture.limb((28, 37), (28, 19))
    picture.limb((28, 21), (33, 12), (36, 4), far=True)
    picture.limb((28, 21), (35, 13), (39, 5))
    picture.head((27.5, 12.5))  # drawn over the arms' roots, as the arms rise beside the head
    picture.arrow((50, 26), (50, 10))
    return picture


def pose_desk_low_lunge_chest_lift() -> Picture:
    picture = Picture("Lunge with a gentle backbend")
    desk(picture)
    picture.limb((28, 37), (40, 43), (39, FLOOR), (44, FLOOR), far=True)
    picture.limb((28, 37), (20, 47), (12, 56), (10, FLOOR), work=True)
    picture.limb((28, 37), (26, 18))
    picture.head((25.5, 11.5))
    picture.limb((26, 21), (35, 27), (45, 34))
    picture.arrow((18, 22), (20, 10), curve=(15, 14))
    return picture


def pose_adductor_stretch() -> Picture:
    picture = Picture("Inner-thigh stretch")
    # seen from the front, desk in front of the person: feet wide, one knee bent
    picture.prop("M6 34 H58")
    picture.limb((30, 37), (20, 47), (10, FLOOR), (7, FLOOR), work=True)
    picture.limb((36, 37), (45, 46), (45, FLOOR), (49, FLOOR))
    picture.limb((30, 37), (36, 37))
    picture.limb((33, 37), (34, 17))
    picture.head((34.5, 10.5))
    picture.limb((34, 20), (27, 26), (25, 34))
    picture.limb((34, 20), (41, 26), (43, 34))
    picture.arrow((14, 26), (24, 26))
    return picture


def pose_outer_hip_stretch() -> Picture:
    picture = Picture("Outer-hip stretch")
    # seen from the front, desk on the left: outer (right) leg crossed behind, hip out to the right
    picture.prop("M3 35 H16 M12 35 V57")
    picture.limb((30, 36), (32, 46), (33, FLOOR), (29, FLOOR))
    picture.limb((36, 36), (31, 47), (23, 56), (19, FLOOR), work=True, behind=True)
    picture.limb((33, 36), (27, 17))
    picture.head((25.5, 10.5))
    picture.limb((27, 20), (20, 27), (14, 33))
    picture.limb((27, 20), (34, 24), (38, 31))
    picture.arrow((42, 36), (52, 36))
    return picture


def pose_front_thigh_stretch() -> Picture:
    picture = Picture("Front-thigh stretch")
    desk(picture)
    shoulder = standing(
        picture,
        x=30,
        arms="none",
        near_leg=((30, 33), (29, 46), (19, 38)),
        near_work=True,
    )
    picture.limb(shoulder, (27, 29), (20, 38))
    picture.limb(shoulder, (38, 26), (45, 34), far=True)
    picture.arrow((14, 30), (12, 41), curve=(8, 35))
    return picture


def pose_hamstring_stretch() -> Picture:
    picture = Picture("Back-of-thigh stretch")
    desk(picture, left=46, right=61, top=35)
    # hinged forward at the hips, back straight; front heel down, knee straight, toes up
    picture.limb((22, 34), (22, 45), (21, FLOOR), (26, FLOOR), far=True)
    picture.limb((22, 34), (29, 45), (35, 56), (37, 52), work=True)
    picture.limb((22, 34), (36, 22))
    picture.head((41.5, 18))
    picture.limb((35, 24), (41, 29), (47, 34))
    picture.arrow((28, 14), (36, 14), curve=(32, 10))
    return picture


def pose_standing_knee_hug() -> Picture:
    picture = Picture("Standing knee hug")
    desk(picture)
    shoulder = standing(
        picture,
        x=30,
        arms="none",
        far_leg=((30, 33), (39, 21), (40, 33), (44, 33)),
        far_work=True,
    )
    # the hand on the desk is hidden behind the trunk; the near hand holds the shin
    picture.limb(shoulder, (33, 27), (41, 26))
    picture.arrow((50, 30), (45, 17), curve=(52, 21))
    return picture


def pose_standing_knee_lift() -> Picture:
    picture = Picture("Slow knee lifts at the desk")
    desk(picture)
    shoulder = standing(
        picture,
        x=28,
        arms="none",
        near_leg=((28, 33), (40, 33), (40, 45), (44, 45)),
        near_work=True,
    )
    picture.limb(shoulder, (37, 25), (46, 33))
    picture.arrow((16, 46), (16, 34), both=True)
    return picture


def pose_standing_leg_lower() -> Picture:
    picture = Picture("Slow leg lowers at the desk")
    desk(picture, left=46, right=61, top=35)
    shoulder = standing(
        picture,
        x=24,
        arms="none",
        near_leg=((24, 33), (31, 43), (38, 52), (42, 50)),
        near_work=True,
    )
    picture.limb(shoulder, (34, 24), (46, 34), far=True)
    picture.limb(shoulder, (35, 26), (47, 35))
    picture.arrow((44, 42), (46, 56), curve=(49, 48))
    return picture


def pose_seated_leg_lift() -> Picture:
    picture = Picture("Seated leg lifts")
    chair(picture, back=8, front=28, seat=42)
    picture.limb((18, 39), (32, 41), (33, FLOOR), (38, FLOOR), far=True)
    picture.limb((18, 39), (32, 38), (46, 36), (47, 31), work=True)
    picture.limb((18, 39), (19, 17))
    picture.head((20, 10))
    picture.limb((19, 20), (23, 29), (27, 38))
    picture.arrow((52, 48), (52, 36), both=True)
    return picture


def pose_glute_squeeze_leg_back() -> Picture:
    picture = Picture("Glute squeeze, one leg back")
    desk(picture)
    shoulder = standing(
        picture,
        x=30,
        arms="none",
        near_leg=((30, 33), (24, 44), (17, 54), (19, 57)),
        near_work=True,
        torso_top=(33, 16),
    )
    picture.limb(shoulder, (40, 25), (46, 34))
    picture.arrow((14, 38), (8, 48), curve=(9, 41))
    return picture


POSES: dict[str, Callable[[], Picture]] = {
    "chair-height": pose_chair_height,
    "feet-flat": pose_feet_flat,
    "lumbar-roll": pose_lumbar_roll,
    "sit-tall": pose_sit_tall,
    "head-over-shoulders": pose_head_over_shoulders,
    "stand-up": pose_stand_up,
    "stand-tall": pose_stand_tall,
    "short-walk": pose_short_walk,
    "march-in-place": pose_march_in_place,
    "leg-swings": pose_leg_swings,
    "work-standing": pose_work_standing,
    "stand-for-call": pose_stand_for_call,
    "tidy-standing": pose_tidy_standing,
    "swayback-tuck": pose_swayback_tuck,
    "standing-overhead-reach": pose_standing_overhead_reach,
    "standing-glute-squeeze": pose_standing_glute_squeeze,
    "rise-through-heels": pose_rise_through_heels,
    "stand-shoulders": pose_stand_shoulders,
    "standing-hip-flexor": pose_standing_hip_flexor,
    "kneeling-lunge-arms-up": pose_kneeling_lunge_arms_up,
    "desk-low-lunge-chest-lift": pose_desk_low_lunge_chest_lift,
    "adductor-stretch": pose_adductor_stretch,
    "outer-hip-stretch": pose_outer_hip_stretch,
    "front-thigh-stretch": pose_front_thigh_stretch,
    "hamstring-stretch": pose_hamstring_stretch,
    "standing-knee-hug": pose_standing_knee_hug,
    "standing-knee-lift": pose_standing_knee_lift,
    "standing-leg-lower": pose_standing_leg_lower,
    "seated-leg-lift": pose_seated_leg_lift,
    "glute-squeeze-leg-back": pose_glute_squeeze_leg_back,
}


def main(argv: list[str] | None = None) -> int:
    """Write every pose as NAME.svg, or with --check report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, pose in POSES.items():
        path = FOLDER / f"{name}.svg"
        text = pose().svg()
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"stale pictures: {', '.join(stale)}; run scripts/pictograms.py", file=sys.stderr)
        return 1
    print(f"{len(POSES)} pictures, {len(stale)} {'stale' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

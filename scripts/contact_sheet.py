#!/usr/bin/env python3
"""Render every built-in pictogram into one contact sheet, docs/exercises.png, titles beneath.

The sheet is an SVG made here (each pictogram nested whole, each prompt's title under it,
grouped by kind) and rasterised by rsvg-convert (Debian: librsvg2-bin), the same renderer
the tests use, so what the README shows is what the renderer draws.

    .venv/bin/python scripts/contact_sheet.py [--out docs/exercises.png] [--svg sheet.svg]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import textwrap
from html import escape
from pathlib import Path

from sitbreak.vocabulary import Kind
from sitbreak.guidance import Prompt, load_builtin

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = 6
CELL_WIDTH = 190
PICTURE = 150
CELL_HEIGHT = PICTURE + 58
HEADING = 44
MARGIN = 20
TITLE_CHARACTERS = 24  # a title wraps onto a second line after about this many characters
FONT = "DejaVu Sans, Verdana, sans-serif"
HEADINGS = {
    Kind.STRETCH: "Stretch breaks (about 3 min)",
    Kind.MICRO: "Micro-breaks (1–2 min)",
    Kind.POSTURE: "Posture checks (10 s)",
}


def _inner(svg_text: str) -> str:
    """The drawing inside a pictogram's outer <svg> element, without its <title>."""
    body = svg_text[svg_text.index(">", svg_text.index("<svg")) + 1 : svg_text.rindex("</svg>")]
    return re.sub(r"<title>.*?</title>", "", body, flags=re.DOTALL)


def _cell(prompt: Prompt, image: Path, x: float, y: float) -> str:
    """One picture at (x, y) with its title in one or two centred lines below it."""
    left = x + (CELL_WIDTH - PICTURE) / 2
    lines = textwrap.wrap(prompt.title, TITLE_CHARACTERS)[:2]
    text = "".join(
        f'<text x="{x + CELL_WIDTH / 2}" y="{y + PICTURE + 22 + 19 * number}"'
        f' text-anchor="middle" font-family="{FONT}" font-size="15" fill="#1f3d36">'
        f"{escape(line)}</text>"
        for number, line in enumerate(lines)
    )
    return (
        f'<svg x="{left}" y="{y}" width="{PICTURE}" height="{PICTURE}" viewBox="0 0 64 64">'
        f"{_inner(image.read_text(encoding='utf-8'))}</svg>{text}"
    )


def sheet_svg(prompts: tuple[Prompt, ...]) -> str:
    """The whole contact sheet as SVG text: one section per kind, largest kind first."""
    parts: list[str] = []
    y = float(MARGIN)
    for kind in reversed(Kind.by_size()):
        pictured = [(p, p.image) for p in prompts if p.kind is kind and p.image is not None]
        if not pictured:
            continue
        parts.append(
            f'<text x="{MARGIN}" y="{y + 28}" font-family="{FONT}" font-size="22"'
            f' font-weight="bold" fill="#1f3d36">{escape(HEADINGS[kind])}</text>'
        )
        y += HEADING
        for number, (prompt, image) in enumerate(pictured):
            row, column = divmod(number, COLUMNS)
            parts.append(_cell(prompt, image, MARGIN + column * CELL_WIDTH, y + row * CELL_HEIGHT))
        y += CELL_HEIGHT * -(-len(pictured) // COLUMNS) + 8
    width = 2 * MARGIN + COLUMNS * CELL_WIDTH
    height = y + MARGIN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}"'
        f' viewBox="0 0 {width} {height:.0f}">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(parts)}</svg>\n'
    )


def main(argv: list[str] | None = None) -> int:
    """Write the PNG (and the SVG it came from, when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "exercises.png")
    parser.add_argument("--svg", type=Path, help="also keep the sheet's SVG here")
    args = parser.parse_args(argv)
    renderer = shutil.which("rsvg-convert")
    if renderer is None:
        print("contact_sheet: rsvg-convert is missing (Debian: librsvg2-bin)", file=sys.stderr)
        return 1
    svg = sheet_svg(load_builtin())
    if args.svg is not None:
        args.svg.write_text(svg, encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [renderer, "--format", "png", "--output", str(args.out)], input=svg.encode(), check=True
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""waybar with only its tray module, on a headless sway: a real StatusNotifier host for tests.

waybar's tray runs its own StatusNotifierWatcher when none is on the bus, registers a host,
and draws each item's icon; ``grim`` takes a screenshot of the compositor's output.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.desktop import DesktopSession
from tests.support.processes import BackgroundProcess

__all__ = ["BAR_HEIGHT", "PANEL_COLOURS", "WAYBAR_TOOLS", "Screen", "grim", "start_waybar"]

WAYBAR_TOOLS = {"waybar": "waybar", "grim": "grim"}
BAR_HEIGHT = 32
ICON_SIZE = 22
PANEL_COLOURS = {"dark": "#202124", "light": "#eeeeee"}


def start_waybar(
    session: DesktopSession, socket: Path, folder: Path, panel: str = "dark"
) -> BackgroundProcess:
    """Start waybar on the compositor at ``socket`` with a tray at the top right."""
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "layer": "top",
        "position": "top",
        "height": BAR_HEIGHT,
        "modules-right": ["tray"],
        "tray": {"icon-size": ICON_SIZE, "spacing": 8},
    }
    (folder / "config").write_text(json.dumps(config), encoding="utf-8")
    background = PANEL_COLOURS[panel]
    style = f"window#waybar {{ background: {background}; }}\n#tray {{ padding: 0 8px; }}\n"
    (folder / "style.css").write_text(style, encoding="utf-8")
    session.env["WAYLAND_DISPLAY"] = str(socket)
    return session.spawn(
        f"waybar-{panel}",
        ["waybar", "--config", str(folder / "config"), "--style", str(folder / "style.css")],
        without=["DISPLAY"],  # a Wayland client only: GTK must not pick the X display
    )


@dataclass(frozen=True)
class Screen:
    """A screenshot as RGB rows (from grim's PPM output)."""

    width: int
    height: int
    rgb: bytes

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        """The colour at (x, y)."""
        index = 3 * (y * self.width + x)
        red, green, blue = self.rgb[index : index + 3]
        return red, green, blue

    def count(
        self, colour: tuple[int, int, int], top: int, bottom: int, tolerance: int = 12
    ) -> int:
        """Pixels within ``tolerance`` of ``colour`` on each channel, in rows top..bottom-1."""
        return sum(
            1
            for y in range(top, bottom)
            for x in range(self.width)
            if all(abs(a - b) <= tolerance for a, b in zip(self.pixel(x, y), colour, strict=True))
        )


def grim(socket: Path, png: Path | None = None) -> Screen:
    """A screenshot of the whole output; also written to ``png`` when given (to look at)."""
    env = {**os.environ, "WAYLAND_DISPLAY": str(socket)}
    if png is not None:
        subprocess.run(["grim", str(png)], env=env, check=True, capture_output=True, timeout=30)
    done = subprocess.run(
        ["grim", "-t", "ppm", "-"], env=env, check=True, capture_output=True, timeout=30
    )
    return _read_ppm(done.stdout)


def _read_ppm(data: bytes) -> Screen:
    """A binary PPM (P6, maxval 255), as grim writes it."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maxval = fields
    assert magic == b"P6", f"not a binary PPM: {fields}"
    assert maxval == b"255", f"not 8 bits a channel: {fields}"
    pixels = data[position + 1 :]
    return Screen(int(width), int(height), pixels[: 3 * int(width) * int(height)])

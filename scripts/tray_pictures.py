#!/usr/bin/env python3
"""Render docs/tray.png: the tray icon in each state and its menu, read from a real daemon.

Nothing here draws the icon itself: a private desktop (Xvfb, a session bus, from
tests/support) runs real ``sitbreak run`` daemons and a stand-in StatusNotifierWatcher; the
CLI drives each daemon through its states, and the icon (``IconPixmap``), the tooltip and the
menu (``GetLayout``) are read over the bus as a panel reads them. The sheet is SVG, the
pixmaps embedded as PNG, rasterised by rsvg-convert (Debian: librsvg2-bin). Takes ~2 min.

    .venv/bin/python scripts/tray_pictures.py [--out docs/tray.png] [--svg sheet.svg]
"""

from __future__ import annotations

import argparse
import base64
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.daemon import SitbreakDaemon, write_config  # noqa: E402
from tests.support.desktop import DesktopSession, start_desktop  # noqa: E402
from tests.support.sni_watcher import StandInWatcher  # noqa: E402
from tests.support.waiting import wait_until  # noqa: E402

from sitbreak.dbus import Bus, Target  # noqa: E402

FONT = "DejaVu Sans, Verdana, sans-serif"
INK = "#1f3d36"
PANELS = (("light panel", "#eeeeee", "#202124"), ("dark panel", "#202124", "#e8eaed"))
SHOWN_SIZES = (16, 22, 24, 32)
ZOOM = 3  # the 32 px icon is also shown three times larger, pixel for pixel

# micro-breaks every 40 s: the ring gains an eighth every 5 s; a "call" running means busy
CONFIG = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "40s"
break_length = "2s"
[quiet]
apps = ["demo-call"]
grace = "1s"
"""
AWAY_CONFIG = '[reminders.posture]\nbreak_length = "2s"\n[idle]\npoll_every = "1s"\n'

Pixmaps = list[tuple[int, int, bytes]]


def _png(width: int, height: int, rgba: bytes) -> bytes:
    """An 8-bit RGBA PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + rgba[y * width * 4 : (y + 1) * width * 4] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _rgba(argb: bytes, zoom: int = 1) -> bytes:
    """ARGB32 (network order) as RGBA; each pixel ``zoom`` times wider (rows: see _image)."""
    out = bytearray()
    for index in range(0, len(argb), 4):
        alpha, red, green, blue = argb[index : index + 4]
        out += bytes((red, green, blue, alpha)) * zoom
    return bytes(out)


def _image(size: int, argb: bytes, x: float, y: float, zoom: int = 1) -> str:
    """An <image> of one pixmap, enlarged pixel for pixel by ``zoom``."""
    wide = _rgba(argb, zoom)
    row = size * zoom * 4
    rows = b"".join(wide[r * row : (r + 1) * row] * zoom for r in range(size))
    data = base64.b64encode(_png(size * zoom, size * zoom, rows)).decode()
    side = size * zoom
    return (
        f'<image x="{x}" y="{y}" width="{side}" height="{side}"'
        f' href="data:image/png;base64,{data}"/>'
    )


class Item:
    """The real daemon's tray item, read over the bus as a panel reads it."""

    def __init__(self, host: Bus, daemon: SitbreakDaemon) -> None:
        self.name = f"org.kde.StatusNotifierItem-{daemon.pid}-1"
        self.daemon = daemon
        self._host = host

    def pixmaps(self) -> Pixmaps:
        target = Target(self.name, "/StatusNotifierItem", "org.kde.StatusNotifierItem")
        return [(w, h, bytes(data)) for w, h, data in self._host.get_property(target, "IconPixmap")]

    def tooltip(self) -> str:
        target = Target(self.name, "/StatusNotifierItem", "org.kde.StatusNotifierItem")
        _icon, _pixmaps, _title, text = self._host.get_property(target, "ToolTip")
        return str(text)

    def layout(self) -> tuple[int, dict[str, Any], list[Any]]:
        menu = Target(self.name, "/MenuBar", "com.canonical.dbusmenu")
        _revision, layout = self._host.call(menu, "GetLayout", "iias", (0, -1, []))
        return layout


def _when(daemon: SitbreakDaemon, state: str, timeout: float = 60) -> None:
    wait_until(lambda: daemon.status()["state"] == state, f"the daemon {state}", timeout)


def capture(session: DesktopSession, folder: Path) -> tuple[list[tuple[str, Pixmaps]], dict]:
    """Every state's pixmaps, and the menus and tooltip to show, from real daemons."""
    watcher = StandInWatcher(session.bus_address)
    host = Bus(session.bus_address, label="host", reconnect=False)
    states: list[tuple[str, Pixmaps]] = []
    extras: dict[str, Any] = {}
    daemon = SitbreakDaemon(session, write_config(folder / "config.toml", CONFIG))
    try:
        item = Item(host, daemon)
        wait_until(lambda: watcher.items, "the icon registers")
        started = time.monotonic()
        for eighths, label in ((1, "1/8 of the way"), (3, "3/8"), (6, "6/8")):
            time.sleep(max(0.0, started + 5 * eighths + 1.5 - time.monotonic()))
            states.append((label, item.pixmaps()))
        extras["tooltip"] = item.tooltip()
        _when(daemon, "due")
        time.sleep(1)
        states.append(("reminder due", item.pixmaps()))
        extras["menu due"] = item.layout()
        daemon.cli("snooze")
        _when(daemon, "snoozed")
        time.sleep(1)
        states.append(("snoozed", item.pixmaps()))
        daemon.cli("pause", "30m")
        _when(daemon, "paused")
        time.sleep(1)
        states.append(("paused", item.pixmaps()))
        extras["menu paused"] = item.layout()
        daemon.cli("resume")
        call = folder / "demo-call"  # a copy of sleep(1) under a name nothing else has
        shutil.copy(shutil.which("sleep") or "/bin/sleep", call)
        sleeper = session.spawn("demo-call", [str(call), "120"])
        _when(daemon, "busy")
        time.sleep(1)
        states.append(("busy (a call)", item.pixmaps()))
        sleeper.stop()
    finally:
        daemon.terminate()
    away = SitbreakDaemon(session, write_config(folder / "away.toml", AWAY_CONFIG), idle=True)
    try:
        item = Item(host, away)
        _when(away, "idle")
        time.sleep(1)
        states.append(("away, or off hours", item.pixmaps()))
    finally:
        away.terminate()
        host.close()
        watcher.stop()
    return states, extras


def _states_svg(states: list[tuple[str, Pixmaps]], top: float) -> tuple[list[str], float]:
    """Two rows (light and dark panel): each state at 16, 22, 24, 32 px and 32 px enlarged."""
    parts: list[str] = []
    cell = 150
    for row, (panel, background, _ink) in enumerate(PANELS):
        y = top + row * 160
        parts.append(
            f'<rect x="20" y="{y}" width="{cell * len(states) + 10}" height="150"'
            f' rx="8" fill="{background}"/>'
        )
        for column, (label, pixmaps) in enumerate(states):
            x = 30 + column * cell
            by_size = {w: data for w, _h, data in pixmaps}
            left = x
            for size in SHOWN_SIZES:
                parts.append(_image(size, by_size[size], left, y + 12 + 32 - size))
                left += size + 4
            parts.append(_image(32, by_size[32], x + 20, y + 52, ZOOM))
            if row == 0:
                parts.append(
                    f'<text x="{x + 68}" y="{top - 10}" text-anchor="middle" font-size="14"'
                    f' font-family="{FONT}" fill="{INK}">{escape(label)}</text>'
                )
        parts.append(
            f'<text x="{cell * len(states) + 40}" y="{y + 80}" font-size="14"'
            f' font-family="{FONT}" fill="{INK}">{panel}</text>'
        )
    return parts, top + 2 * 160


def _menu_items(node: tuple[int, dict[str, Any], list[Any]]) -> list[dict[str, Any]]:
    """The menu's items in order, each with its unwrapped properties and its children."""
    items = []
    for _signature, (item_id, properties, children) in node[2]:
        values = {key: value for key, (_sig, value) in properties.items()}
        values["children"] = _menu_items((item_id, properties, children))
        items.append(values)
    return items


def _menu_svg(title: str, layout: Any, x: float, y: float) -> tuple[list[str], float]:
    """A menu drawn as desktop menus look: labels, grey when disabled, ticks and arrows."""
    items = _menu_items(layout)
    width, line = 370, 30
    height = 12 + sum(11 if item.get("type") == "separator" else line for item in items)
    parts = [
        f'<text x="{x}" y="{y - 12}" font-size="15" font-weight="bold" font-family="{FONT}"'
        f' fill="{INK}">{escape(title)}</text>',
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="6" fill="#ffffff"'
        ' stroke="#c4c7c5"/>',
    ]
    top = y + 6
    for item in items:
        if item.get("type") == "separator":
            parts.append(
                f'<line x1="{x + 10}" y1="{top + 5.5}" x2="{x + width - 10}" y2="{top + 5.5}"'
                ' stroke="#dadce0"/>'
            )
            top += 11
            continue
        colour = "#202124" if item.get("enabled", True) else "#9aa0a6"
        label = str(item.get("label", "")).replace("__", "_")
        parts.append(
            f'<text x="{x + 34}" y="{top + 20}" font-size="15" font-family="{FONT}"'
            f' fill="{colour}">{escape(label)}</text>'
        )
        if item.get("toggle-type") == "checkmark":
            mark = "☑" if item.get("toggle-state") == 1 else "☐"
            parts.append(
                f'<text x="{x + 12}" y="{top + 21}" font-size="16" font-family="{FONT}"'
                f' fill="{colour}">{mark}</text>'
            )
        if item.get("children-display") == "submenu":
            parts.append(
                f'<text x="{x + width - 22}" y="{top + 20}" font-size="14" font-family="{FONT}"'
                f' fill="{colour}">▸</text>'
            )
        top += line
    return parts, y + height


def sheet_svg(states: list[tuple[str, Pixmaps]], extras: dict[str, Any]) -> str:
    """The whole sheet: the states on both panels, then two menus and the tooltip."""
    parts = [
        f'<text x="20" y="34" font-size="20" font-weight="bold" font-family="{FONT}"'
        f' fill="{INK}">The tray icon, read from a running sitbreak in each state</text>'
    ]
    state_parts, bottom = _states_svg(states, 80)
    parts += state_parts
    menu_top = bottom + 50
    due, due_bottom = _menu_svg("Menu while a micro-break is due", extras["menu due"], 20, menu_top)
    paused, paused_bottom = _menu_svg("Menu while paused", extras["menu paused"], 410, menu_top)
    parts += due + paused
    tip_x = 800
    parts.append(
        f'<text x="{tip_x}" y="{menu_top - 12}" font-size="15" font-weight="bold"'
        f' font-family="{FONT}" fill="{INK}">Tooltip (counting)</text>'
    )
    tip_lines = extras["tooltip"].splitlines()
    parts.append(
        f'<rect x="{tip_x}" y="{menu_top}" width="420" height="{16 + 22 * len(tip_lines)}"'
        ' rx="6" fill="#303134"/>'
    )
    parts += [
        f'<text x="{tip_x + 12}" y="{menu_top + 26 + 22 * number}" font-size="14"'
        f' font-family="{FONT}" fill="#e8eaed">{line}</text>'
        for number, line in enumerate(tip_lines)
    ]
    width = max(30 + 150 * len(states) + 110, tip_x + 440)
    height = max(due_bottom, paused_bottom) + 24
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}"'
        f' viewBox="0 0 {width} {height:.0f}">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(parts)}</svg>\n'
    )


def main(argv: list[str] | None = None) -> int:
    """Capture, draw, write the PNG (and the SVG, when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "tray.png")
    parser.add_argument("--svg", type=Path, help="also keep the sheet's SVG here")
    args = parser.parse_args(argv)
    renderer = shutil.which("rsvg-convert")
    if renderer is None:
        print("tray_pictures: rsvg-convert is missing (Debian: librsvg2-bin)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sitbreak-tray-") as folder:
        session = start_desktop(Path(folder) / "desktop")
        try:
            states, extras = capture(session, Path(folder))
        finally:
            session.stop()
    svg = sheet_svg(states, extras)
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

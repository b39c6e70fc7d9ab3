"""A real panel: waybar's tray on headless sway shows the daemon's icon, and follows its state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.dbus import Bus, BusError, Target
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.tools import require_tools
from tests.support.waiting import wait_until
from tests.support.waybar import BAR_HEIGHT, WAYBAR_TOOLS, Screen, grim, start_waybar
from tests.support.wayland import WAYLAND_TOOLS, headless_sway

TEAL = (0x2F, 0x7D, 0x6D)  # the counting icon's tile
SLATE = (0x5B, 0x6E, 0x8C)  # the paused icon's tile
WATCHER = Target(
    "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"
)
PAUSE_30_MIN = 6
SCREENSHOTS = os.environ.get("SITBREAK_SCREENSHOTS")  # a folder to keep the screenshots in

CONFIG = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "1h"
"""


@pytest.fixture
def sway(desktop: DesktopSession) -> Iterator[Path]:
    """Headless sway in the private desktop; yields its Wayland socket."""
    require_tools({**WAYLAND_TOOLS, **WAYBAR_TOOLS})
    with headless_sway(desktop) as socket:
        yield socket


def _bar(socket: Path, name: str, tmp_path: Path) -> Screen:
    """A screenshot; kept in $SITBREAK_SCREENSHOTS (or the test's folder) to be looked at."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    return grim(socket, folder / f"waybar-{name}.png")


def _registered(bus: Bus) -> list[str]:
    try:
        return list(bus.get_property(WATCHER, "RegisteredStatusNotifierItems"))
    except BusError:  # waybar's watcher is not there yet
        return []


@pytest.mark.parametrize("panel", ["dark", "light"])
def test_waybar_shows_the_icon_and_its_paused_look(
    desktop: DesktopSession, sway: Path, tmp_path: Path, panel: str
) -> None:
    """waybar's tray registers the item and draws its icon; a menu click paints it paused."""
    waybar = start_waybar(desktop, sway, tmp_path / "waybar", panel)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", CONFIG))
    host = Bus(desktop.bus_address, label="test", reconnect=False)
    try:
        name = f"org.kde.StatusNotifierItem-{daemon.pid}-1"
        wait_until(lambda: any(name in item for item in _registered(host)), "waybar takes it")
        wait_until(
            lambda: grim(sway).count(TEAL, 0, BAR_HEIGHT) >= 100,
            "the teal icon in the bar",
        )
        counting = _bar(sway, f"{panel}-counting", tmp_path)
        assert counting.count(TEAL, BAR_HEIGHT, counting.height) == 0  # in the bar only
        menu = Target(name, "/MenuBar", "com.canonical.dbusmenu")
        host.call(menu, "Event", "isvu", (PAUSE_30_MIN, "clicked", ("s", ""), 0))
        wait_until(lambda: daemon.status()["state"] == "paused", "paused from the menu")
        wait_until(lambda: grim(sway).count(SLATE, 0, BAR_HEIGHT) >= 100, "the paused icon")
        paused = _bar(sway, f"{panel}-paused", tmp_path)
        assert paused.count(TEAL, 0, BAR_HEIGHT) < 10
        assert waybar.is_running()
    finally:
        host.close()
        daemon.terminate()


def test_icon_appears_in_a_waybar_started_later_and_restarted(
    desktop: DesktopSession, sway: Path, tmp_path: Path
) -> None:
    """The daemon first, then waybar: the icon appears; waybar restarted: it appears again."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", CONFIG))
    host = Bus(desktop.bus_address, label="test", reconnect=False)
    try:
        name = f"org.kde.StatusNotifierItem-{daemon.pid}-1"
        for start in ("first", "again"):
            waybar = start_waybar(desktop, sway, tmp_path / f"waybar-{start}")
            wait_until(lambda: any(name in item for item in _registered(host)), "registered")
            wait_until(lambda: grim(sway).count(TEAL, 0, BAR_HEIGHT) >= 100, "the icon drawn")
            waybar.stop()
            wait_until(lambda: not _registered(host), "waybar's watcher gone")
        assert daemon.process.is_running()
    finally:
        host.close()
        daemon.terminate()
    assert "Traceback" not in daemon.log()

"""What ``sitbreak doctor`` gets from ``diagnose``, and which signals the daemon keeps."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitbreak.busy import SessionInfo, build_signal_set, diagnose
from sitbreak.dbus import Bus
from sitbreak.settings.model import QuietSettings, Settings
from tests.support.desktop import DesktopSession

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="lists the Linux signals")

LINUX_SIGNALS = [
    "kde-dnd",
    "gnome-dnd",
    "xfce-dnd",
    "dunst-dnd",
    "mako-dnd",
    "swaync-dnd",
    "x11-fullscreen",
    "gnome-idle-inhibit",
    "microphone",
    "camera",
    "apps",
]


def nowhere(tmp_path: Path) -> SessionInfo:
    """A session with no bus, no display, no sound and no camera."""
    return SessionInfo(env={}, dev=tmp_path, asound=tmp_path / "asound")


def test_every_signal_is_listed_with_a_reason(tmp_path: Path) -> None:
    """Each Linux signal gets one report, and one that does not work says why."""
    reports = diagnose(Settings(), nowhere(tmp_path))
    assert [report.name for report in reports] == LINUX_SIGNALS
    for report in reports:
        assert report.detail
    by_name = {report.name: report for report in reports}
    assert not by_name["dunst-dnd"].works
    assert "no D-Bus session bus" in by_name["dunst-dnd"].detail
    assert not by_name["x11-fullscreen"].works
    assert "DISPLAY" in by_name["x11-fullscreen"].detail
    assert by_name["apps"].works


def test_switched_off_signals_say_which_setting(tmp_path: Path) -> None:
    """A signal whose [quiet] switch is off is marked off, naming the setting."""
    settings = Settings(quiet=QuietSettings(respect_dnd=False))
    by_name = {r.name: r for r in diagnose(settings, nowhere(tmp_path))}
    assert not by_name["kde-dnd"].enabled
    assert "[quiet] respect_dnd = false" in by_name["kde-dnd"].detail
    assert not by_name["apps"].enabled
    assert "[quiet] apps is empty" in by_name["apps"].detail
    assert by_name["microphone"].enabled


def test_dunst_works_on_the_test_desktop(desktop: DesktopSession) -> None:
    """On a desktop running dunst, doctor reports dunst's DND as working."""
    by_name = {r.name: r for r in diagnose(Settings(), SessionInfo(env=desktop.env))}
    assert by_name["dunst-dnd"].works
    assert "free now" in by_name["dunst-dnd"].detail


def test_daemon_keeps_working_and_late_signals_only(bare_bus: DesktopSession) -> None:
    """Signals of a notification server not running yet stay (it may start); others go."""
    bus = Bus(bare_bus.bus_address)
    try:
        signals = build_signal_set(QuietSettings(in_call=False), SessionInfo(env=bare_bus.env), bus)
    finally:
        bus.close()
    names = {signal.name for signal in signals.signals}
    assert {"kde-dnd", "dunst-dnd", "mako-dnd"} <= names
    assert "gnome-dnd" not in names  # not a GNOME session: never read
    assert "microphone" not in names  # switched off
    assert "apps" not in names  # nothing listed

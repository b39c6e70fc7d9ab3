"""Full screen under a real window manager, and GNOME's DND switch through real gsettings."""

from __future__ import annotations

import subprocess

from sitbreak.busy import DND, FULLSCREEN, SessionInfo
from sitbreak.busy.dnd_gnome import GnomeShowBanners
from sitbreak.busy.fullscreen_x11 import X11Fullscreen
from tests.support.desktop import DesktopSession
from tests.support.tools import require_tools
from tests.support.waiting import wait_until
from tests.support.window_manager import open_window, set_fullscreen

TITLE = "sitbreak-busy-test"
GSETTINGS_TOOLS = {"gsettings": "libglib2.0-bin"}


def test_a_fullscreen_active_window_is_busy(openbox: DesktopSession) -> None:
    """A window made full screen through EWMH is reason fullscreen; back to normal, free."""
    signal = X11Fullscreen(SessionInfo(env=openbox.env))
    assert signal.read() == frozenset()
    window = open_window(openbox, TITLE)
    assert signal.read() == frozenset()
    assert signal.probe().works

    set_fullscreen(openbox, window, on=True)
    wait_until(
        lambda: signal.read() == {FULLSCREEN},
        "never read as full screen",
        describe=openbox.describe,
    )
    set_fullscreen(openbox, window, on=False)
    wait_until(lambda: signal.read() == frozenset(), "still full screen", describe=openbox.describe)


def test_without_a_window_manager_the_probe_says_ewmh_is_missing(
    bare_bus: DesktopSession,
) -> None:
    """On a bare X display nobody publishes the active window, and the probe says so."""
    availability = X11Fullscreen(SessionInfo(env=bare_bus.env)).probe()
    assert not availability.works
    assert "_NET_ACTIVE_WINDOW" in availability.detail


def test_wayland_sessions_are_left_to_the_desktop_signals(bare_bus: DesktopSession) -> None:
    """With WAYLAND_DISPLAY set, X11 sees only XWayland windows: the probe declines."""
    env = {**bare_bus.env, "WAYLAND_DISPLAY": "wayland-0"}
    availability = X11Fullscreen(SessionInfo(env=env)).probe()
    assert not availability.works
    assert "Wayland" in availability.detail


def test_gnome_show_banners_off_is_dnd(bare_bus: DesktopSession) -> None:
    """GNOME's DND switch (show-banners false), set with real gsettings, reads as dnd."""
    require_tools(GSETTINGS_TOOLS)
    env = {**bare_bus.env, "GSETTINGS_BACKEND": "keyfile", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}
    signal = GnomeShowBanners(SessionInfo(env=env))
    assert signal.probe().works
    assert signal.read() == frozenset()
    set_banners = ["gsettings", "set", "org.gnome.desktop.notifications", "show-banners"]
    subprocess.run([*set_banners, "false"], env=env, check=True, timeout=60)
    assert signal.read() == {DND}
    subprocess.run([*set_banners, "true"], env=env, check=True, timeout=60)
    assert signal.read() == frozenset()


def test_gnome_signal_outside_gnome_is_not_here(bare_bus: DesktopSession) -> None:
    """Outside a GNOME session the setting is not read at all."""
    availability = GnomeShowBanners(
        SessionInfo(env={**bare_bus.env, "XDG_CURRENT_DESKTOP": "KDE"})
    ).probe()
    assert not availability.works
    assert "not a GNOME session" in availability.detail

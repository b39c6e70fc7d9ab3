"""Linux busy signals on real parts: dunst, a window manager, gsettings, and desktop stand-ins.

The stand-ins (Plasma, mako, xfconf, gnome-session) own the desktops' real names on a
private bus.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from sitbreak.busy import DND, FULLSCREEN, SessionInfo
from sitbreak.busy.linux import (
    BUS_SIGNALS,
    BusState,
    GnomeShowBanners,
    X11Fullscreen,
    XfceDoNotDisturb,
)
from sitbreak.dbus import Bus, Match, Subscription
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeGnomeSessionManager, FakeXfconf
from tests.support.fake_notifications import FakeMako, FakePlasmaNotifications
from tests.support.tools import require_tools
from tests.support.waiting import wait_until
from tests.support.window_manager import open_window, set_fullscreen

SIGNAL_TIMEOUT = 30.0


@pytest.fixture
def bus(bare_bus: DesktopSession) -> Iterator[Bus]:
    """A connection to the private bus (no notification server runs there)."""
    connection = Bus(bare_bus.bus_address)
    yield connection
    connection.close()


def row(name: str, bus: Bus) -> BusState:
    """The signal of the BUS_SIGNALS row ``name``, read through ``bus``."""
    return BusState(BUS_SIGNALS[name], bus)


@pytest.fixture
def fakes(bare_bus: DesktopSession) -> Iterator[ExitStack]:
    """Stand-in services a test starts on the private bus with ``enter_context``; stopped after."""
    with ExitStack() as stack:
        yield stack


def changes_seen(
    bus: Bus, matches: tuple[Match, ...]
) -> tuple[list[Subscription], threading.Event]:
    """Subscriptions to ``matches`` and the event they set on a change (as the busy watch does)."""
    seen = threading.Event()
    return [bus.subscribe(match, lambda _signal: seen.set()) for match in matches], seen


def cancel(subscriptions: list[Subscription]) -> None:
    """End the subscriptions."""
    for subscription in subscriptions:
        subscription.cancel()


def test_kde_inhibited_reads_and_announces_dnd(
    bare_bus: DesktopSession, bus: Bus, fakes: ExitStack
) -> None:
    """Plasma's Inhibited property: false is free, true is dnd, and a change wakes the listener."""
    plasma = fakes.enter_context(FakePlasmaNotifications(bare_bus.bus_address))
    signal = row("kde-dnd", bus)
    assert signal.probe().works
    assert signal.read() == frozenset()

    subscriptions, seen = changes_seen(bus, signal.changes())
    try:
        plasma.set_inhibited(True)
        assert seen.wait(SIGNAL_TIMEOUT), "PropertiesChanged on Inhibited did not arrive"
    finally:
        cancel(subscriptions)
    assert signal.read() == {DND}


def test_gnome_idle_inhibit_counts_only_the_idle_bit(
    bare_bus: DesktopSession, bus: Bus, fakes: ExitStack
) -> None:
    """InhibitedActions with bit 8 (idle) set is fullscreen; logout/suspend bits alone are free."""
    manager = fakes.enter_context(FakeGnomeSessionManager(bare_bus.bus_address))
    signal = row("gnome-idle-inhibit", bus)
    assert signal.probe().works
    assert signal.read() == frozenset()
    manager.set_inhibited_actions(1 | 4)
    assert signal.read() == frozenset()
    manager.set_inhibited_actions(4 | 8)
    assert signal.read() == {FULLSCREEN}


def test_gnome_inhibitor_removed_wakes_the_listener(
    bare_bus: DesktopSession, bus: Bus, fakes: ExitStack
) -> None:
    """gnome-session's InhibitorRemoved signal asks for a fresh read."""
    manager = fakes.enter_context(FakeGnomeSessionManager(bare_bus.bus_address))
    subscriptions, seen = changes_seen(bus, row("gnome-idle-inhibit", bus).changes())
    try:
        manager.inhibitor_removed("/org/gnome/SessionManager/Inhibitor7")
        assert seen.wait(SIGNAL_TIMEOUT), "InhibitorRemoved did not arrive"
    finally:
        cancel(subscriptions)


def test_xfce_do_not_disturb_through_xfconf(
    bare_bus: DesktopSession, bus: Bus, fakes: ExitStack
) -> None:
    """xfconf's /do-not-disturb: never set is free, true is dnd."""
    xfconf = fakes.enter_context(FakeXfconf(bare_bus.bus_address))
    signal = XfceDoNotDisturb(bus, SessionInfo(env={"XDG_CURRENT_DESKTOP": "XFCE"}))
    assert signal.probe().works
    assert signal.read() == frozenset()
    xfconf.set_property("xfce4-notifyd", "/do-not-disturb", "b", True)
    assert signal.read() == {DND}
    xfconf.set_property("xfce4-notifyd", "/do-not-disturb", "b", False)
    assert signal.read() == frozenset()


def test_mako_do_not_disturb_mode(bare_bus: DesktopSession, bus: Bus, fakes: ExitStack) -> None:
    """mako's ListModes including do-not-disturb is dnd; other modes are free."""
    mako = fakes.enter_context(FakeMako(bare_bus.bus_address, ["default"]))
    signal = row("mako-dnd", bus)
    assert signal.probe().works
    assert signal.read() == frozenset()
    mako.modes.append("do-not-disturb")
    assert signal.read() == {DND}


def test_missing_services_are_reported_and_may_appear(bus: Bus) -> None:
    """With no notification server on the bus the probe says so and keeps trying later."""
    availability = row("kde-dnd", bus).probe()
    assert not availability.works
    assert availability.may_appear
    assert "org.freedesktop.Notifications is not on the session bus" in availability.detail


def test_xfce_outside_xfce_is_not_here(bus: Bus) -> None:
    """No xfconfd and not an XFCE session: the signal does not work here and is not retried."""
    availability = XfceDoNotDisturb(bus, SessionInfo(env={})).probe()
    assert not availability.works
    assert not availability.may_appear


def test_no_bus_at_all() -> None:
    """Without a session bus, reading fails with a clear reason instead of raising anything else."""
    nowhere = Bus(None)
    try:
        availability = row("dunst-dnd", nowhere).probe()
    finally:
        nowhere.close()
    assert not availability.works
    assert not availability.may_appear
    assert "no D-Bus session bus" in availability.detail


def test_dunst_paused_is_dnd(desktop: DesktopSession) -> None:
    """A real dunst: set-paused true reads dnd and announces it; false reads free."""
    bus = Bus(desktop.bus_address)
    signal = row("dunst-dnd", bus)
    try:
        assert signal.probe().works
        assert signal.read() == frozenset()
        subscriptions, seen = changes_seen(bus, signal.changes())
        try:
            assert desktop.run(["dunstctl", "set-paused", "true"]).returncode == 0
            assert seen.wait(SIGNAL_TIMEOUT), "dunst sent no PropertiesChanged"
        finally:
            cancel(subscriptions)
        assert signal.read() == {DND}
        assert desktop.run(["dunstctl", "set-paused", "false"]).returncode == 0
        assert signal.read() == frozenset()
    finally:
        bus.close()


def test_signals_of_other_servers_say_this_is_not_them(desktop: DesktopSession) -> None:
    """Under dunst, the KDE and mako probes say the server is not theirs and are not retried."""
    bus = Bus(desktop.bus_address)
    try:
        for signal, words in (
            (row("kde-dnd", bus), "not KDE Plasma"),
            (row("mako-dnd", bus), "not mako"),
        ):
            availability = signal.probe()
            assert not availability.works
            assert not availability.may_appear
            assert words in availability.detail
    finally:
        bus.close()


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

"""D-Bus busy signals against real dunst, and small services at the desktops' real names."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from sitbreak.busy import DND, FULLSCREEN, SessionInfo
from sitbreak.busy.bus_listener import ChangeListener
from sitbreak.busy.dbus_reader import DBusReader
from sitbreak.busy.dnd_dunst import DunstPaused
from sitbreak.busy.dnd_kde import KdeInhibited
from sitbreak.busy.dnd_mako import MakoMode
from sitbreak.busy.dnd_xfce import XfceDoNotDisturb
from sitbreak.busy.fullscreen_gnome import GnomeIdleInhibit
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeGnomeSessionManager, FakeXfconf
from tests.support.fake_notifications import FakeMako, FakePlasmaNotifications

SIGNAL_TIMEOUT = 30.0


@pytest.fixture
def bus(bare_bus: DesktopSession) -> Iterator[DBusReader]:
    """A reader on the private bus (no notification server runs there)."""
    reader = DBusReader(bare_bus.bus_address)
    yield reader
    reader.close()


@pytest.fixture
def fakes(bare_bus: DesktopSession) -> Iterator[ExitStack]:
    """Stand-in services a test starts on the private bus with ``enter_context``; stopped after."""
    with ExitStack() as stack:
        yield stack


def changes_seen(
    session: DesktopSession, rules: tuple[str, ...]
) -> tuple[ChangeListener, threading.Event]:
    """A started listener for ``rules`` and the event it sets on a change."""
    seen = threading.Event()
    listener = ChangeListener(session.bus_address, rules, seen.set)
    assert listener.start()
    return listener, seen


def test_kde_inhibited_reads_and_announces_dnd(
    bare_bus: DesktopSession, bus: DBusReader, fakes: ExitStack
) -> None:
    """Plasma's Inhibited property: false is free, true is dnd, and a change wakes the listener."""
    plasma = fakes.enter_context(FakePlasmaNotifications(bare_bus.bus_address))
    signal = KdeInhibited(bus)
    assert signal.probe().works
    assert signal.read() == frozenset()

    listener, seen = changes_seen(bare_bus, signal.change_rules())
    try:
        plasma.set_inhibited(True)
        assert seen.wait(SIGNAL_TIMEOUT), "PropertiesChanged on Inhibited did not arrive"
    finally:
        listener.close()
    assert signal.read() == {DND}


def test_gnome_idle_inhibit_counts_only_the_idle_bit(
    bare_bus: DesktopSession, bus: DBusReader, fakes: ExitStack
) -> None:
    """InhibitedActions with bit 8 (idle) set is fullscreen; logout/suspend bits alone are free."""
    manager = fakes.enter_context(FakeGnomeSessionManager(bare_bus.bus_address))
    signal = GnomeIdleInhibit(bus)
    assert signal.probe().works
    assert signal.read() == frozenset()
    manager.set_inhibited_actions(1 | 4)
    assert signal.read() == frozenset()
    manager.set_inhibited_actions(4 | 8)
    assert signal.read() == {FULLSCREEN}


def test_gnome_inhibitor_removed_wakes_the_listener(
    bare_bus: DesktopSession, bus: DBusReader, fakes: ExitStack
) -> None:
    """gnome-session's InhibitorRemoved signal asks for a fresh read."""
    manager = fakes.enter_context(FakeGnomeSessionManager(bare_bus.bus_address))
    listener, seen = changes_seen(bare_bus, GnomeIdleInhibit(bus).change_rules())
    try:
        manager.inhibitor_removed("/org/gnome/SessionManager/Inhibitor7")
        assert seen.wait(SIGNAL_TIMEOUT), "InhibitorRemoved did not arrive"
    finally:
        listener.close()


def test_xfce_do_not_disturb_through_xfconf(
    bare_bus: DesktopSession, bus: DBusReader, fakes: ExitStack
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


def test_mako_do_not_disturb_mode(
    bare_bus: DesktopSession, bus: DBusReader, fakes: ExitStack
) -> None:
    """mako's ListModes including do-not-disturb is dnd; other modes are free."""
    mako = fakes.enter_context(FakeMako(bare_bus.bus_address, ["default"]))
    signal = MakoMode(bus)
    assert signal.probe().works
    assert signal.read() == frozenset()
    mako.modes.append("do-not-disturb")
    assert signal.read() == {DND}


def test_missing_services_are_reported_and_may_appear(bus: DBusReader) -> None:
    """With no notification server on the bus the probe says so and keeps trying later."""
    availability = KdeInhibited(bus).probe()
    assert not availability.works
    assert availability.may_appear
    assert "org.freedesktop.Notifications is not on the session bus" in availability.detail


def test_xfce_outside_xfce_is_not_here(bus: DBusReader) -> None:
    """No xfconfd and not an XFCE session: the signal does not work here and is not retried."""
    availability = XfceDoNotDisturb(bus, SessionInfo(env={})).probe()
    assert not availability.works
    assert not availability.may_appear


def test_no_bus_at_all() -> None:
    """Without a session bus, reading fails with a clear reason instead of raising anything else."""
    availability = DunstPaused(DBusReader(None)).probe()
    assert not availability.works
    assert "no D-Bus session bus" in availability.detail


def test_dunst_paused_is_dnd(desktop: DesktopSession) -> None:
    """A real dunst: set-paused true reads dnd and announces it; false reads free."""
    bus = DBusReader(desktop.bus_address)
    signal = DunstPaused(bus)
    try:
        assert signal.probe().works
        assert signal.read() == frozenset()
        listener, seen = changes_seen(desktop, signal.change_rules())
        try:
            assert desktop.run(["dunstctl", "set-paused", "true"]).returncode == 0
            assert seen.wait(SIGNAL_TIMEOUT), "dunst sent no PropertiesChanged"
        finally:
            listener.close()
        assert signal.read() == {DND}
        assert desktop.run(["dunstctl", "set-paused", "false"]).returncode == 0
        assert signal.read() == frozenset()
    finally:
        bus.close()


def test_signals_of_other_servers_say_this_is_not_them(desktop: DesktopSession) -> None:
    """Under dunst, the KDE and mako probes say the server is not theirs and are not retried."""
    bus = DBusReader(desktop.bus_address)
    try:
        for signal, words in ((KdeInhibited(bus), "not KDE Plasma"), (MakoMode(bus), "not mako")):
            availability = signal.probe()
            assert not availability.works
            assert not availability.may_appear
            assert words in availability.detail
    finally:
        bus.close()

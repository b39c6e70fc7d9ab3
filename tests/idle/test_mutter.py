"""GNOME's idle monitor backend against a service with Mutter's real names on a private bus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitbreak.dbus import Bus
from sitbreak.idle import Unavailable
from sitbreak.idle.mutter import MutterIdle, open_backend
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeMutterIdleMonitor
from tests.support.waiting import wait_until


@pytest.fixture
def mutter(bare_bus: DesktopSession) -> Iterator[FakeMutterIdleMonitor]:
    """A stand-in GNOME Shell idle monitor on the session's private bus."""
    fake = FakeMutterIdleMonitor(bare_bus.bus_address, idle_ms=4250)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def backend(bare_bus: DesktopSession, mutter: FakeMutterIdleMonitor) -> Iterator[MutterIdle]:
    """The mutter backend on a shared connection to that bus."""
    session = Bus(bare_bus.bus_address)
    opened = open_backend(session)
    try:
        yield opened
    finally:
        opened.close()
        session.close()


def test_reads_idle_time_in_seconds(backend: MutterIdle, mutter: FakeMutterIdleMonitor) -> None:
    """GetIdletime's milliseconds come back as seconds."""
    assert backend.seconds_idle() == 4.25
    mutter.idle_ms = 0
    assert backend.seconds_idle() == 0.0


def test_reports_idle_then_activity_from_watches(
    backend: MutterIdle, mutter: FakeMutterIdleMonitor
) -> None:
    """An idle watch at the threshold; when it fires, a user-active watch reports the return."""
    reported: list[float] = []
    backend.watch(90.0, reported.append)
    assert list(mutter.idle_watches.values()) == [90_000]
    mutter.user_went_idle()
    wait_until(lambda: reported == [90.0], "the idle report")
    wait_until(lambda: len(mutter.active_watches) == 1, "a user-active watch")
    mutter.user_came_back()
    wait_until(lambda: reported == [90.0, 0.0], "the return report")
    mutter.user_went_idle()
    wait_until(lambda: reported == [90.0, 0.0, 90.0], "a second idle report")


def test_a_new_threshold_replaces_the_idle_watch(
    backend: MutterIdle, mutter: FakeMutterIdleMonitor
) -> None:
    """Watching again removes the old idle watch and adds one at the new interval."""
    backend.watch(60.0, lambda _seconds: None)
    backend.watch(180.0, lambda _seconds: None)
    assert list(mutter.idle_watches.values()) == [180_000]
    assert len(mutter.service.calls_to("RemoveWatch")) == 1


def test_watches_come_back_after_gnome_shell_restarts(
    bare_bus: DesktopSession, backend: MutterIdle, mutter: FakeMutterIdleMonitor
) -> None:
    """When the monitor's bus name gets a new owner, the idle watch is added to the new one."""
    reported: list[float] = []
    backend.watch(30.0, reported.append)
    mutter.stop()
    restarted = FakeMutterIdleMonitor(bare_bus.bus_address)
    try:
        wait_until(lambda: list(restarted.idle_watches.values()) == [30_000], "the re-added watch")
        restarted.user_went_idle()
        wait_until(lambda: reported == [30.0], "an idle report from the new owner")
    finally:
        restarted.stop()


def test_close_removes_the_watches(backend: MutterIdle, mutter: FakeMutterIdleMonitor) -> None:
    """Closing leaves no watch behind in GNOME Shell."""
    backend.watch(60.0, lambda _seconds: None)
    mutter.user_went_idle()
    wait_until(lambda: len(mutter.active_watches) == 1, "a user-active watch")
    backend.close()
    assert mutter.idle_watches == {}
    assert mutter.active_watches == set()


def test_unavailable_without_gnome(
    bare_bus: DesktopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No idle monitor on the bus: Unavailable, naming the missing service."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bare_bus.bus_address)
    with pytest.raises(Unavailable, match="GNOME's idle monitor does not answer"):
        open_backend()


def test_a_pause_watch_beside_the_away_watch(
    backend: MutterIdle, mutter: FakeMutterIdleMonitor
) -> None:
    """A short watch reports the pause and the input after it, on its own; removing it removes
    its watches and leaves the away watch alone."""
    away: list[float] = []
    pauses: list[float] = []
    backend.watch(90.0, away.append)
    backend.watch_pauses(3.0, pauses.append)
    wait_until(lambda: sorted(mutter.idle_watches.values()) == [3_000, 90_000], "both watches")
    mutter.user_went_idle(for_ms=3_000)
    wait_until(lambda: pauses == [3.0], "the pause report")
    wait_until(lambda: len(mutter.active_watches) == 1, "the pause's user-active watch")
    mutter.user_came_back()
    wait_until(lambda: pauses == [3.0, 0.0], "input after the pause")
    assert away == []
    backend.watch_pauses(None, pauses.append)
    wait_until(lambda: list(mutter.idle_watches.values()) == [90_000], "only the away watch")
    mutter.user_went_idle()
    wait_until(lambda: away == [90.0], "the away report")
    assert pauses == [3.0, 0.0]


def test_a_new_away_threshold_while_away_still_reports_the_return(
    backend: MutterIdle, mutter: FakeMutterIdleMonitor
) -> None:
    """Re-armed while the person is away: the user-active watch stays, so the return is told."""
    reported: list[float] = []
    backend.watch(60.0, reported.append)
    mutter.user_went_idle()
    wait_until(lambda: reported == [60.0], "the idle report")
    backend.watch(120.0, reported.append)
    assert len(mutter.active_watches) == 1
    mutter.user_came_back()
    wait_until(lambda: reported == [60.0, 0.0], "the return")

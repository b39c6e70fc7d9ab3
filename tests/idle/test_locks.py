"""Lock and sleep sources against services with logind's and GNOME's real names, privately.

The last test runs a daemon: logind's wake-up makes it count the sleep as time away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sitbreak.core import Event, Kind, Locked, Tick, Unlocked, WokeFromSleep
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.dbus import Bus
from sitbreak.idle import BackendReport, IdleBackend, LockSource, Unavailable
from sitbreak.idle.locks import open_gnome_screensaver, open_logind
from sitbreak.notify import LogNotifier
from sitbreak.settings.model import IdleSettings
from tests.idle.fakes import attached
from tests.support.buses import start_extra_bus
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeGnomeScreenSaver, FakeLogind
from tests.support.manual_daemon import ManualClock, Recorder
from tests.support.waiting import wait_until


@pytest.fixture
def system_bus(bare_bus: DesktopSession) -> str:
    """The address of a second private bus standing in for the system bus."""
    return start_extra_bus(bare_bus, "system")


@pytest.fixture
def logind(system_bus: str) -> Iterator[FakeLogind]:
    """A stand-in logind with one unlocked session."""
    fake = FakeLogind(system_bus)
    try:
        yield fake
    finally:
        fake.stop()


def test_logind_lock_unlock_and_locked_hint_become_events(
    system_bus: str, logind: FakeLogind, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock/Unlock signals and LockedHint changes on our session dispatch Locked and Unlocked."""
    monkeypatch.setenv("XDG_SESSION_ID", logind.session_id)
    events: list[Event] = []
    watch = open_logind(events.append, bus=system_bus)
    try:
        assert watch.session_path == logind.session_path
        assert events == []
        logind.lock_signal()
        wait_until(lambda: events == [Locked()], "Locked from the Lock signal")
        logind.unlock_signal()
        wait_until(lambda: events[-1:] == [Unlocked()], "Unlocked from the Unlock signal")
        logind.set_locked_hint(True)
        wait_until(lambda: events[-1:] == [Locked()], "Locked from LockedHint")
        logind.set_locked_hint(False)
        wait_until(lambda: events[-1:] == [Unlocked()], "Unlocked from LockedHint")
        assert len(events) == 4
    finally:
        watch.close()


def test_logind_wake_up_is_a_plain_dispatch(
    system_bus: str, logind: FakeLogind, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PrepareForSleep(false) dispatches a Tick (the daemon then sees the gap); (true) nothing."""
    monkeypatch.setenv("XDG_SESSION_ID", logind.session_id)
    events: list[Event] = []
    watch = open_logind(events.append, bus=system_bus)
    try:
        logind.prepare_for_sleep(True)
        logind.prepare_for_sleep(False)
        wait_until(lambda: events == [Tick()], "a Tick after resume")
    finally:
        watch.close()


def test_logind_already_locked_at_start(system_bus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A session locked before sitbreak starts is reported as Locked at once."""
    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    fake = FakeLogind(system_bus, "c7", locked=True)
    events: list[Event] = []
    try:
        open_logind(events.append, bus=system_bus).close()
    finally:
        fake.stop()
    assert events == [Locked()]


def test_logind_outside_a_session_uses_the_users_display_session(
    system_bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started by systemd --user (no XDG_SESSION_ID, no session for our pid): the user's Display."""
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    fake = FakeLogind(system_bus, "c9", by_pid=False)
    try:
        watch = open_logind(lambda _event: None, bus=system_bus)
        watch.close()
    finally:
        fake.stop()
    assert watch.session_path == fake.session_path
    assert [call.member for call in fake.service.calls[:2]] == ["GetSessionByPID", "GetUser"]


def test_logind_missing_is_unavailable(system_bus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No logind on the bus: Unavailable, saying so."""
    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    with pytest.raises(Unavailable, match="logind does not answer"):
        open_logind(lambda _event: None, bus=system_bus)


def test_gnome_screensaver_active_changed_becomes_events(bare_bus: DesktopSession) -> None:
    """ActiveChanged(true/false) dispatches Locked and Unlocked; locked at start is reported."""
    fake = FakeGnomeScreenSaver(bare_bus.bus_address, active=True)
    session = Bus(bare_bus.bus_address)
    events: list[Event] = []
    try:
        watch = open_gnome_screensaver(events.append, session)
        assert events == [Locked()]
        fake.set_active(False)
        wait_until(lambda: events[-1:] == [Unlocked()], "Unlocked")
        fake.set_active(True)
        wait_until(lambda: events[-1:] == [Locked()], "Locked")
        watch.close()
        assert session.connected, "the shared session bus stays open for the other parts"
    finally:
        session.close()
        fake.stop()


def test_gnome_screensaver_missing_is_unavailable(
    bare_bus: DesktopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside GNOME: Unavailable."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bare_bus.bus_address)
    with pytest.raises(Unavailable, match="GNOME's screen saver does not answer"):
        open_gnome_screensaver(lambda _event: None)


START = datetime(2036, 3, 2, 9, 0, tzinfo=UTC)  # far ahead: the real timer never fires on it


def test_two_hours_asleep_bring_no_burst_and_reset_the_timers(
    bare_bus: DesktopSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """15 min sitting, 2 h asleep: on wake no reminder fires, sitting is 0, posture 20 min out."""
    system_bus = start_extra_bus(bare_bus, "system")
    logind = FakeLogind(system_bus)
    monkeypatch.setenv("XDG_SESSION_ID", logind.session_id)
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    clock = ManualClock(START)
    daemon = Daemon(load_configuration(config), LogNotifier(), tmp_path / "s.json", clock=clock)
    recorder = Recorder()
    daemon.listeners.append(recorder)

    def no_backend(_settings: IdleSettings) -> tuple[IdleBackend | None, list[BackendReport]]:
        return None, []

    def logind_only(
        dispatch: Callable[[Event], object],
    ) -> tuple[list[LockSource], list[BackendReport]]:
        return [open_logind(dispatch, bus=system_bus)], []

    daemon.start()
    monitor = attached(daemon, detector=no_backend, lock_sources=logind_only)
    try:
        clock.advance(timedelta(minutes=15))
        daemon.dispatch(Tick())
        assert daemon.status().sitting == timedelta(minutes=15)
        clock.advance(timedelta(hours=2), asleep=True)
        shown_before = sum(len(r.reminders) for r in recorder.results)
        logind.prepare_for_sleep(False)
        wait_until(
            lambda: any(isinstance(r.event, WokeFromSleep) for r in recorder.results), "Resumed"
        )
        assert sum(len(r.reminders) for r in recorder.results) == shown_before == 0
        status = daemon.status()
        assert status.sitting == timedelta(0)
        assert (status.next_kind, status.next_at) == (
            Kind.POSTURE,
            clock.now() + timedelta(minutes=20),
        )
    finally:
        monitor.close()
        daemon.stop()
        logind.stop()

"""Suspend at the daemon level: logind's wake-up makes the daemon count the gap as time away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sitbreak.core import Event, Kind, Resumed, Tick
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.service import Daemon
from sitbreak.idle import BackendReport, IdleBackend, IdleMonitor
from sitbreak.idle.logind import open_logind
from sitbreak.idle.registry import LockSource
from sitbreak.notify import LogNotifier
from sitbreak.settings.model import Settings
from tests.support.buses import start_extra_bus
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeLogind
from tests.support.manual_daemon import ManualClock, Recorder
from tests.support.waiting import wait_until

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

    def no_backend(_settings: Settings) -> tuple[IdleBackend | None, list[BackendReport]]:
        return None, []

    def logind_only(
        dispatch: Callable[[Event], object],
    ) -> tuple[list[LockSource], list[BackendReport]]:
        return [open_logind(dispatch, system_bus)], []

    daemon.start()
    monitor = IdleMonitor(daemon, detector=no_backend, lock_sources=logind_only)
    monitor.start()
    try:
        clock.advance(timedelta(minutes=15))
        daemon.dispatch(Tick())
        assert daemon.status().sitting == timedelta(minutes=15)
        clock.advance(timedelta(hours=2), asleep=True)
        shown_before = sum(len(r.reminders) for r in recorder.results)
        logind.prepare_for_sleep(False)
        wait_until(lambda: any(isinstance(r.event, Resumed) for r in recorder.results), "Resumed")
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

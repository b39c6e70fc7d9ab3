"""The idle monitor inside a real daemon: transitions become events, polling follows the state."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.core import (
    Event,
    IdleSample,
    Locked,
    Pause,
    Presence,
    PresenceSources,
    Resume,
    Unlocked,
)
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.dispatch import DispatchResult
from sitbreak.idle import BackendReport, IdleBackend, IdleMonitor, LockSource
from sitbreak.notify import LogNotifier
from sitbreak.settings.model import IdleSettings
from tests.idle.fakes import FakeLockSource, FakePollingBackend, FakeWatchingBackend, attached
from tests.support.waiting import wait_until

CONFIG = """
[reminders.posture]
break_length = "{posture}"
[idle]
poll_every = "1s"
enabled = {enabled}
"""


class EventLog:
    """A daemon listener that keeps every event dispatched."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def after_dispatch(self, result: DispatchResult) -> None:
        """Remember the event."""
        self.events.append(result.event)

    def idle_samples(self) -> list[Event]:
        """The IdleSample events so far."""
        return [event for event in self.events if isinstance(event, IdleSample)]


def write(path: Path, posture: str = "1m", enabled: str = "true") -> Path:
    """Write the test config and return its path."""
    path.write_text(CONFIG.format(posture=posture, enabled=enabled), encoding="utf-8")
    return path


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    """A started daemon with default cadences, reminders to the log."""
    config = write(tmp_path / "config.toml")
    running = Daemon(load_configuration(config), LogNotifier(), tmp_path / "state.json")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def monitor_with(daemon: Daemon, backend: IdleBackend | None, *, lock: bool = False) -> IdleMonitor:
    """A started monitor whose detection finds ``backend`` and, with ``lock``, a lock source."""

    def detector(settings: IdleSettings) -> tuple[IdleBackend | None, list[BackendReport]]:
        if not settings.enabled:
            return None, []
        reports = [] if backend is None else [BackendReport(backend.name, True, "in use")]
        return backend, [*reports, BackendReport("x11", False, "no X display")]

    def locks(_dispatch: object) -> tuple[list[LockSource], list[BackendReport]]:
        return ([FakeLockSource()], []) if lock else ([], [])

    return attached(daemon, detector=detector, lock_sources=locks)


def reload(daemon: Daemon, monitor: IdleMonitor, config: Path) -> None:
    """What a reload does: the daemon and the monitor get the new settings."""
    configuration = load_configuration(config)
    daemon.reconfigure(configuration)
    monitor.reconfigure(configuration.settings.idle, configuration.policy)


def test_event_driven_transitions_move_the_person_away_and_back(daemon: Daemon) -> None:
    """The watch is armed at the away threshold; its reports make the person idle, then present."""
    backend = FakeWatchingBackend()
    monitor = monitor_with(daemon, backend)
    try:
        assert monitor.name == "fake-watch"
        assert backend.watches == [60.0]
        assert backend.report is not None
        backend.report(60.0)
        assert daemon.state.presence is Presence.IDLE
        backend.report(0.0)
        assert daemon.state.presence is Presence.PRESENT
        assert monitor.observe() == ()
    finally:
        monitor.close()
    assert backend.closed


def test_reload_rearms_the_watch_at_the_new_threshold(daemon: Daemon, tmp_path: Path) -> None:
    """New break lengths on reload re-arm the event-driven watch, without re-detecting."""
    backend = FakeWatchingBackend()
    monitor = monitor_with(daemon, backend)
    try:
        reload(daemon, monitor, write(tmp_path / "config.toml", posture="30s"))
        wait_until(lambda: backend.watches == [60.0, 30.0], "the re-armed watch")
        assert not backend.closed
    finally:
        monitor.close()


def test_polling_follows_the_state(daemon: Daemon) -> None:
    """Polling runs while sitting accrues; not while paused or locked; again after."""
    monitor = monitor_with(daemon, FakePollingBackend(idle=2.0), lock=True)
    try:
        assert monitor.polling
        daemon.dispatch(Pause())
        assert not monitor.polling
        daemon.dispatch(Resume())
        assert monitor.polling
        daemon.dispatch(Locked())
        assert not monitor.polling
        daemon.dispatch(Unlocked())
        assert monitor.polling
    finally:
        monitor.close()


def test_polling_stops_with_every_kind_disabled(daemon: Daemon, tmp_path: Path) -> None:
    """With nothing to remind of, there is nothing to poll for."""
    monitor = monitor_with(daemon, FakePollingBackend())
    try:
        config = tmp_path / "off.toml"
        config.write_text(
            "[reminders.posture]\nenabled = false\n[reminders.micro]\nenabled = false\n"
            "[reminders.stretch]\nenabled = false\n",
            encoding="utf-8",
        )
        reload(daemon, monitor, config)
        assert not monitor.polling
    finally:
        monitor.close()


def test_polls_dispatch_only_when_presence_changes(daemon: Daemon) -> None:
    """Readings below the threshold while present (or above while away) dispatch nothing."""
    backend = FakePollingBackend(idle=5.0)
    log = EventLog()
    daemon.listeners.append(log)
    monitor = monitor_with(daemon, backend)
    try:
        wait_until(lambda: backend.readings >= 2, "two polls")
        assert log.idle_samples() == []
        backend.idle = 120.0
        wait_until(lambda: daemon.state.presence is Presence.IDLE, "the person away")
        seen = backend.readings
        wait_until(lambda: backend.readings >= seen + 2, "two more polls")
        assert log.idle_samples() == [IdleSample(120.0)]
        backend.idle = 0.5
        wait_until(lambda: daemon.state.presence is Presence.PRESENT, "the person back")
    finally:
        monitor.close()


def test_observer_reads_right_before_a_wake_up(daemon: Daemon) -> None:
    """The daemon's observer hook gets a fresh IdleSample from a polling backend."""
    backend = FakePollingBackend(idle=7.5)
    monitor = monitor_with(daemon, backend)
    try:
        assert monitor.observe() == (IdleSample(7.5),)
    finally:
        monitor.close()


def test_no_backend_warns_once_and_says_why(
    daemon: Daemon, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing works: name "none", the reasons in the detail, one warning in the log."""
    caplog.set_level(logging.WARNING, logger="sitbreak.idle.monitor")
    monitor = monitor_with(daemon, None)
    try:
        assert monitor.name == "none"
        assert "x11: no X display" in monitor.detail
        assert not monitor.polling
    finally:
        monitor.close()
    assert len(caplog.records) == 1
    assert "no idle detection" in caplog.records[0].getMessage()


def test_turned_off_in_the_settings(tmp_path: Path) -> None:
    """[idle] enabled = false: no backend probed, and the status says it is off."""
    config = write(tmp_path / "config.toml", enabled="false")
    daemon = Daemon(load_configuration(config), LogNotifier(), tmp_path / "state.json")
    daemon.start()
    monitor = attached(daemon)
    try:
        assert monitor.name == "none"
        assert monitor.detail == "turned off ([idle] enabled = false)"
        assert all(not report.works and not report.tried for report in monitor.reports)
    finally:
        monitor.close()
        daemon.stop()


def test_close_is_prompt_with_a_long_interval(daemon: Daemon) -> None:
    """A poller waiting out a long interval stops as soon as the monitor closes."""
    backend = FakePollingBackend()
    monitor = monitor_with(daemon, backend)
    wait_until(lambda: backend.readings >= 1, "the first poll")
    started = time.monotonic()
    monitor.close()
    assert backend.closed
    assert time.monotonic() - started < 5.0


def test_start_tells_the_core_which_sources_run(daemon: Daemon) -> None:
    """The daemon learns that an idle backend and a lock source can report a return."""
    log = EventLog()
    daemon.listeners.append(log)
    monitor = monitor_with(daemon, FakeWatchingBackend(), lock=True)
    try:
        assert log.events[-1] == PresenceSources(idle=True, lock=True)
        assert daemon.state.idle_watched
        assert daemon.state.lock_watched
    finally:
        monitor.close()


def test_away_person_comes_back_when_idle_detection_is_turned_off(
    daemon: Daemon, tmp_path: Path
) -> None:
    """Away when `config set idle.enabled false` lands: present at once, sitting counts again."""
    backend = FakeWatchingBackend()
    monitor = monitor_with(daemon, backend)
    try:
        assert backend.report is not None
        backend.report(60.0)
        assert daemon.state.presence is Presence.IDLE
        reload(daemon, monitor, write(tmp_path / "config.toml", enabled="false"))
        wait_until(lambda: not daemon.state.idle_watched, "idle detection off")
        assert daemon.state.presence is Presence.PRESENT
    finally:
        monitor.close()


def test_a_backend_that_stops_answering_leaves_nobody_away(daemon: Daemon) -> None:
    """A polled backend failing while the person is away: present until it answers again."""
    backend = FakePollingBackend(idle=120.0)
    monitor = monitor_with(daemon, backend)
    try:
        wait_until(lambda: daemon.state.presence is Presence.IDLE, "the person away")
        backend.error = "connection lost"
        wait_until(lambda: daemon.state.presence is Presence.PRESENT, "present again")
        assert not daemon.state.idle_watched
        backend.error = None
        wait_until(lambda: daemon.state.idle_watched, "the backend answering again")
        wait_until(lambda: daemon.state.presence is Presence.IDLE, "away again")
    finally:
        monitor.close()

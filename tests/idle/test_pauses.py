"""Pauses in typing reach the core only while a reminder waits: quick polls, a short watch."""

from __future__ import annotations

from pathlib import Path

from sitbreak.core import BusyChanged, IdleSample, Kind, Notify, Presence, PresenceSources
from sitbreak.idle import BackendReport, IdleBackend, IdleMonitor, LockSource
from sitbreak.settings.model import IdleSettings
from tests.idle.fakes import (
    FakePauseWatchingBackend,
    FakePollingBackend,
    FakeWatchingBackend,
    attached,
)
from tests.support.manual_daemon import ManualDaemon, Recorder
from tests.support.waiting import wait_until

# posture every 20 min (the default); polls every 10 min, so only quick polls come in a test
CONFIG = """
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[idle]
poll_every = "10m"
"""


def started(tmp_path: Path, backend: IdleBackend) -> tuple[ManualDaemon, IdleMonitor, Recorder]:
    """A daemon at 09:00 with ``backend`` as its idle backend (no lock source); a recorder."""
    manual = ManualDaemon(tmp_path, CONFIG)
    recorder = Recorder()
    manual.daemon.listeners.append(recorder)
    manual.at(0)

    def detector(_settings: IdleSettings) -> tuple[IdleBackend | None, list[BackendReport]]:
        return backend, [BackendReport(backend.name, True, "in use")]

    def no_locks(_dispatch: object) -> tuple[list[LockSource], list[BackendReport]]:
        return [], []

    monitor = attached(manual.daemon, detector=detector, lock_sources=no_locks)
    return manual, monitor, recorder


def shown(recorder: Recorder) -> list[Kind]:
    """The kinds of every reminder shown so far."""
    return [e.kind for r in recorder.results for e in r.effects if isinstance(e, Notify)]


def test_a_poller_is_asked_every_second_while_a_reminder_waits(tmp_path: Path) -> None:
    """Due while typing: quick polls until a reading of 3 s idle shows it; then the usual pace."""
    backend = FakePollingBackend(idle=0.4)
    manual, monitor, recorder = started(tmp_path, backend)
    try:
        assert manual.daemon.state.pauses_watched
        assert not monitor.listening_for_pauses
        manual.daemon.dispatch(IdleSample(0.4))
        manual.at(20)
        assert manual.daemon.state.waiting_since is not None
        assert monitor.listening_for_pauses
        readings = backend.readings
        wait_until(lambda: backend.readings >= readings + 2, "two quick polls")
        assert shown(recorder) == []
        backend.idle = 3.2
        wait_until(lambda: shown(recorder) == [Kind.POSTURE], "the posture check in the pause")
        assert manual.daemon.state.waiting_since is None
        assert not monitor.listening_for_pauses
    finally:
        monitor.close()


def test_without_a_waiting_reminder_pauses_are_not_polled_for(tmp_path: Path) -> None:
    """Nothing due: a poller keeps its own pace, and readings of short pauses dispatch nothing."""
    backend = FakePollingBackend(idle=5.0)
    manual, monitor, recorder = started(tmp_path, backend)
    try:
        wait_until(lambda: backend.readings >= 1, "the first poll")
        manual.at(10)
        assert not monitor.listening_for_pauses
        samples = [r.event for r in recorder.results if isinstance(r.event, IdleSample)]
        assert samples == []
    finally:
        monitor.close()


def test_a_watching_backend_holds_a_pause_watch_while_a_reminder_waits(tmp_path: Path) -> None:
    """Armed when the reminder starts waiting, kept through the pause that shows it, and
    removed when input resumes: the core never holds a pause that nobody would end."""
    backend = FakePauseWatchingBackend()
    manual, monitor, recorder = started(tmp_path, backend)
    try:
        assert recorder.results[-1].event == PresenceSources(idle=True, lock=False, pauses=True)
        manual.at(19)
        assert backend.pause_watches == []
        manual.at(20)
        assert backend.pause_watches == [3.0]
        assert backend.pause_report is not None
        manual.at(20.5, IdleSample(0.0))  # nothing reported by the watch yet: still waiting
        backend.pause_report(3.0)
        assert shown(recorder) == [Kind.POSTURE]
        assert backend.pause_watches == [3.0]  # the core holds the pause: the watch stays
        backend.pause_report(0.0)
        assert manual.daemon.state.quiet_since is None
        assert backend.pause_watches == [3.0, None]
        assert not monitor.listening_for_pauses
    finally:
        monitor.close()


def test_the_pause_watch_goes_while_away_and_a_late_pause_report_is_ignored(
    tmp_path: Path,
) -> None:
    """Away while a reminder waits: no pause watch (a fresh one would take the absence for a
    pause), and a pause report arriving then does not bring the person back."""
    backend = FakePauseWatchingBackend()
    manual, monitor, _recorder = started(tmp_path, backend)
    try:
        manual.at(20)
        pause_report = backend.pause_report
        assert backend.report is not None
        assert pause_report is not None
        backend.report(60.0)  # the away watch fires (default away threshold: posture's 1 min)
        assert manual.daemon.state.presence is Presence.IDLE
        assert backend.pause_watches == [3.0, None]
        pause_report(3.0)
        assert manual.daemon.state.presence is Presence.IDLE
    finally:
        monitor.close()


def test_a_backend_without_a_pause_watch_does_not_claim_pauses(tmp_path: Path) -> None:
    """A watching backend that cannot watch pauses: the core shows reminders when due."""
    manual, monitor, recorder = started(tmp_path, FakeWatchingBackend())
    try:
        assert not manual.daemon.state.pauses_watched
        manual.at(20)
        assert shown(recorder) == [Kind.POSTURE]
    finally:
        monitor.close()


def test_a_call_while_a_reminder_waits_sets_pauses_aside_until_it_ends(tmp_path: Path) -> None:
    """Busy while the reminder waits: no quick polls (only the end of the call can let it
    through); free again inside the window: quick polls again."""
    manual, monitor, _recorder = started(tmp_path, FakePollingBackend(idle=0.4))
    try:
        manual.at(20)
        assert monitor.listening_for_pauses
        manual.at(20.2, BusyChanged(frozenset({"call"})))
        assert not monitor.listening_for_pauses
        manual.at(20.5, BusyChanged(frozenset()))
        assert manual.daemon.state.waiting_since is not None
        assert monitor.listening_for_pauses
    finally:
        monitor.close()


def test_the_pause_watch_outlasts_a_call_only_to_end_a_pause_it_reported(tmp_path: Path) -> None:
    """Typing when a call starts: the watch goes (nothing to end) and comes back after it; in
    a pause that showed the reminder when a call starts: it stays until input ends that pause."""
    backend = FakePauseWatchingBackend()
    manual, monitor, recorder = started(tmp_path, backend)
    try:
        manual.at(20)
        manual.at(20.2, BusyChanged(frozenset({"call"})))
        assert backend.pause_watches == [3.0, None]
        manual.at(20.4, BusyChanged(frozenset()))
        assert backend.pause_watches == [3.0, None, 3.0]
        assert backend.pause_report is not None
        backend.pause_report(3.0)
        assert shown(recorder) == [Kind.POSTURE]
        manual.at(20.6, BusyChanged(frozenset({"call"})))
        assert backend.pause_watches == [3.0, None, 3.0]
        backend.pause_report(0.0)
        assert backend.pause_watches == [3.0, None, 3.0, None]
    finally:
        monitor.close()

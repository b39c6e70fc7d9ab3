"""The busy watch with a real daemon: it holds, releases within grace, then stops reading."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.busy import (
    DND,
    Availability,
    BusyWatch,
    SessionInfo,
    SignalSet,
    SignalUnavailable,
    Switch,
)
from sitbreak.daemon.assembly import attach_probe
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.dbus import Bus, Match
from sitbreak.notify import Reminder
from sitbreak.settings.model import QuietSettings
from tests.support.daemon import FAST_POSTURE
from tests.support.waiting import wait_until

WAIT = 30.0

QUIET_CONFIG = """
[reminders.posture]
every = "1h"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
"""


class FakeSignal:
    """A busy signal whose reading the test sets; it counts how often it is read."""

    name = "fake"
    switch = Switch.DND

    def __init__(self) -> None:
        """Free, never read."""
        self.reasons: frozenset[str] = frozenset()
        self.reads = 0
        self.failure: Exception | None = None

    def probe(self) -> Availability:
        """Always works."""
        return Availability(True, "a fake")

    def read(self) -> frozenset[str]:
        """The reasons set by the test, or its failure."""
        self.reads += 1
        if self.failure is not None:
            raise self.failure
        return self.reasons

    def changes(self) -> tuple[Match, ...]:
        """No D-Bus."""
        return ()


class RecordingNotifier:
    """A notifier that keeps what it was asked to show."""

    name = "recording"

    def __init__(self) -> None:
        """Nothing shown yet."""
        self.sent: list[Reminder] = []

    def send(self, reminder: Reminder) -> None:
        """Keep ``reminder``."""
        self.sent.append(reminder)

    def close(self) -> None:
        """Nothing to release."""


def make_daemon(tmp_path: Path, config: str) -> tuple[Daemon, RecordingNotifier]:
    """A real daemon with ``config`` and a recording notifier (not started)."""
    path = tmp_path / "config.toml"
    path.write_text(config)
    notifier = RecordingNotifier()
    return Daemon(load_configuration(path), notifier, tmp_path / "state.json"), notifier


def nowhere(tmp_path: Path) -> SessionInfo:
    """A session with no bus, no display, no processes and no sound: no platform signal works."""
    return SessionInfo(env={}, proc=tmp_path, dev=tmp_path, asound=tmp_path / "asound")


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    """A started daemon whose reminders are an hour away."""
    service, _ = make_daemon(tmp_path, QUIET_CONFIG)
    service.start()
    yield service
    service.stop()


@pytest.fixture
def fake() -> FakeSignal:
    """A fake signal, free."""
    return FakeSignal()


class Attached(BusyWatch):
    """A watch attached to a daemon as the daemon's assembly attaches it."""

    def __init__(self, daemon: Daemon, fake: FakeSignal, grace: float, tmp_path: Path) -> None:
        self.no_bus = Bus(None)  # the session has none: a reload finds no D-Bus signal
        super().__init__(
            daemon.dispatch,
            lambda: daemon.state,
            SignalSet([fake]),
            timedelta(seconds=grace),
            info=nowhere(tmp_path),
            bus=self.no_bus,
        )
        self.detach = attach_probe(daemon, self)

    def close(self) -> None:
        """Detach, then close."""
        self.detach()
        super().close()
        self.no_bus.close()


def start_watch(daemon: Daemon, fake: FakeSignal, grace: float, tmp_path: Path) -> BusyWatch:
    """A started watch over ``fake``."""
    watch = Attached(daemon, fake, grace, tmp_path)
    watch.start()
    return watch


def hold(daemon: Daemon, watch: BusyWatch) -> None:
    """What the timer does before a wake-up: ask the observer, dispatch what it says."""
    for event in watch.observe():
        daemon.dispatch(event)


def test_observer_reports_only_changes(daemon: Daemon, fake: FakeSignal, tmp_path: Path) -> None:
    """The observer returns BusyChanged when the reading differs from the state, else nothing."""
    watch = start_watch(daemon, fake, 3600, tmp_path)
    try:
        assert watch.observe() == []
        fake.reasons = frozenset({DND})
        hold(daemon, watch)
        assert daemon.state.busy == {DND}
        assert daemon.status().activity.value == "busy"
        assert watch.observe() == []
    finally:
        watch.close()


def test_free_again_is_noticed_within_grace_then_reading_stops(
    daemon: Daemon, fake: FakeSignal, tmp_path: Path
) -> None:
    """While held the signals are read every grace; once free the hold ends and reading stops."""
    watch = start_watch(daemon, fake, 0.2, tmp_path)
    try:
        fake.reasons = frozenset({DND})
        hold(daemon, watch)
        wait_until(lambda: fake.reads >= 3, "the held reminder was not re-read every grace")
        fake.reasons = frozenset()
        wait_until(lambda: not daemon.state.busy, "the hold was not released")
        reads = fake.reads
        time.sleep(2.0)  # ten graces
        assert fake.reads == reads, "signals were read while the person was free"
    finally:
        watch.close()


def test_a_change_signal_releases_at_once(daemon: Daemon, fake: FakeSignal, tmp_path: Path) -> None:
    """With an hour of grace, recheck() (what a D-Bus change does) still releases the hold."""
    watch = start_watch(daemon, fake, 3600, tmp_path)
    try:
        fake.reasons = frozenset({DND})
        hold(daemon, watch)
        fake.reasons = frozenset()
        watch.recheck()
        wait_until(lambda: not daemon.state.busy, "recheck did not release the hold")
    finally:
        watch.close()


def test_close_ends_the_hold_thread_and_leaves_the_daemon(
    daemon: Daemon, fake: FakeSignal, tmp_path: Path
) -> None:
    """Closing while a reminder is held stops the thread and unhooks the watch."""
    watch = start_watch(daemon, fake, 3600, tmp_path)
    fake.reasons = frozenset({DND})
    hold(daemon, watch)
    watch.close()
    assert not any(t.name == "sitbreak-busy" and t.is_alive() for t in threading.enumerate())
    assert watch not in daemon.observers


def test_reload_that_switches_the_signals_off_releases(
    daemon: Daemon, fake: FakeSignal, tmp_path: Path
) -> None:
    """Reloading settings with every [quiet] switch off ends the hold right away."""
    watch = start_watch(daemon, fake, 3600, tmp_path)
    try:
        fake.reasons = frozenset({DND})
        hold(daemon, watch)
        quiet = QuietSettings(respect_dnd=False, fullscreen=False, in_call=False, grace="1h")
        watch.reconfigure(quiet)
        wait_until(lambda: not daemon.state.busy, "the reload did not release the hold")
    finally:
        watch.close()


def test_unreadable_signals_count_as_free(caplog: pytest.LogCaptureFixture) -> None:
    """A signal that cannot be read, or breaks, never holds reminders; a break is logged once."""
    fake = FakeSignal()
    signals = SignalSet([fake])
    fake.failure = SignalUnavailable("gone")
    assert signals.read() == frozenset()
    fake.failure = RuntimeError("a bug")
    with caplog.at_level(logging.ERROR):
        assert signals.read() == frozenset()
        assert signals.read() == frozenset()
    assert sum("busy signal fake failed" in r.getMessage() for r in caplog.records) == 1
    fake.failure = None
    fake.reasons = frozenset({DND})
    assert signals.read() == {DND}


def test_held_reminder_fires_once_with_the_sitting_time(tmp_path: Path, fake: FakeSignal) -> None:
    """A reminder due while busy waits, and comes when free, saying how long they sat."""
    daemon, notifier = make_daemon(tmp_path, FAST_POSTURE)
    fake.reasons = frozenset({DND})
    watch = start_watch(daemon, fake, 0.2, tmp_path)
    daemon.start()
    try:
        wait_until(lambda: daemon.state.busy == {DND}, "the due reminder was not held")
        time.sleep(3)
        assert notifier.sent == []
        fake.reasons = frozenset()
        wait_until(lambda: len(notifier.sent) >= 1, "the held reminder never came")
    finally:
        watch.close()
        daemon.stop()
    held_line = notifier.sent[0].body.splitlines()[-1]  # last, so a short banner keeps the text
    assert held_line.startswith("After ")
    assert held_line.endswith(" sitting.")

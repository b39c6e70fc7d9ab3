"""Fake idle backends (real objects, scripted answers), and a monitor wired into a daemon."""

from __future__ import annotations

import threading

from sitbreak.daemon.assembly import attach_probe
from sitbreak.daemon.shell import Daemon
from sitbreak.idle import IdleError, IdleMonitor, IdleReport

__all__ = [
    "FakeLockSource",
    "FakePauseWatchingBackend",
    "FakePollingBackend",
    "FakeWatchingBackend",
    "attached",
]


class FakePollingBackend:
    """Answers ``seconds_idle`` with ``idle`` (or raises ``error``); counts the readings."""

    name = "fake-poll"

    def __init__(self, idle: float = 0.0) -> None:
        self.idle = idle
        self.error: str | None = None
        self.readings = 0
        self.closed = False
        self._lock = threading.Lock()

    def seconds_idle(self) -> float:
        """The scripted reading."""
        with self._lock:
            self.readings += 1
        if self.error is not None:
            raise IdleError(self.error)
        return self.idle

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True


class FakeWatchingBackend:
    """Event-driven: remembers each ``watch``; the test calls ``report`` for the compositor."""

    name = "fake-watch"

    def __init__(self) -> None:
        self.watches: list[float] = []
        self.report: IdleReport | None = None
        self.closed = False

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Remember the threshold and where to report."""
        self.watches.append(threshold)
        self.report = report

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True


class FakePauseWatchingBackend(FakeWatchingBackend):
    """Also holds a pause watch: remembers each ``watch_pauses`` (None: removed)."""

    name = "fake-pause-watch"

    def __init__(self) -> None:
        super().__init__()
        self.pause_watches: list[float | None] = []
        self.pause_report: IdleReport | None = None

    def watch_pauses(self, pause_length: float | None, report: IdleReport) -> None:
        """Remember the pause length (or its removal) and where to report."""
        self.pause_watches.append(pause_length)
        self.pause_report = None if pause_length is None else report


class FakeLockSource:
    """A lock source that reports nothing by itself; the test dispatches Locked/Unlocked."""

    name = "fake-lock"

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True


def attached(daemon: Daemon, **fakes: object) -> IdleMonitor:
    """A monitor wired into ``daemon`` as the daemon's assembly wires it, and started.

    ``fakes`` replace the detector and the lock sources.
    """
    configuration = daemon.configuration
    monitor = IdleMonitor(
        daemon.dispatch,
        lambda: daemon.state,
        configuration.settings.idle,
        configuration.policy,
        **fakes,  # type: ignore[arg-type]
    )
    attach_probe(daemon, monitor)
    monitor.start()
    return monitor

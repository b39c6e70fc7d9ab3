"""Fake idle backends for the monitor and poller tests: real objects, scripted answers."""

from __future__ import annotations

import threading

from sitbreak.idle import IdleError, IdleReport

__all__ = ["FakeLockSource", "FakePollingBackend", "FakeWatchingBackend"]


class FakePollingBackend:
    """Answers ``seconds_idle`` with ``idle`` (or raises ``error``); counts the readings."""

    name = "fake-poll"
    polls = True

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

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Polled: nothing to arm."""

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True


class FakeWatchingBackend:
    """Event-driven: remembers each ``watch``; the test calls ``report`` for the compositor."""

    name = "fake-watch"
    polls = False

    def __init__(self) -> None:
        self.watches: list[float] = []
        self.report: IdleReport | None = None
        self.closed = False

    def seconds_idle(self) -> float:
        """Event-driven: no reading."""
        raise IdleError("event-driven")

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Remember the threshold and where to report."""
        self.watches.append(threshold)
        self.report = report

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True


class FakeLockSource:
    """A lock source that reports nothing by itself; the test dispatches Locked/Unlocked."""

    name = "fake-lock"

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        """Remember being closed."""
        self.closed = True

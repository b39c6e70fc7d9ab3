"""A real ``Daemon`` in this process, on a clock the test moves by hand, its timer never started."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sitbreak.core import Event, Tick
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.dispatch import DispatchResult
from sitbreak.notify import LogNotifier, Notifier

__all__ = ["START", "ManualClock", "ManualDaemon", "Recorder"]

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@dataclass
class ManualClock:
    """Wall and monotonic time that move only when the test says so; asleep, only the wall."""

    wall: datetime = START
    mono: float = 1000.0

    def now(self) -> datetime:
        """The current fake wall-clock time."""
        return self.wall

    def monotonic(self) -> float:
        """The current fake monotonic time."""
        return self.mono

    def advance(self, amount: timedelta, *, asleep: bool = False) -> None:
        """Let ``amount`` pass with the machine awake (both clocks move) or asleep (wall only)."""
        self.wall += amount
        if not asleep:
            self.mono += amount.total_seconds()


@dataclass
class Recorder:
    """A listener that keeps every dispatch result."""

    results: list[DispatchResult] = field(default_factory=list)

    def after_dispatch(self, result: DispatchResult) -> None:
        """Keep ``result``."""
        self.results.append(result)


class ManualDaemon:
    """A Daemon with the given settings text, a manual clock and (by default) the log notifier."""

    def __init__(
        self, tmp_path: Path, config_text: str = "", notifier: Notifier | None = None
    ) -> None:
        """Write the config and build the daemon; nothing is dispatched yet."""
        config = tmp_path / "config.toml"
        config.write_text(config_text, encoding="utf-8")
        self.clock = ManualClock()
        self.daemon = Daemon(
            load_configuration(config),
            notifier or LogNotifier(),
            tmp_path / "state.json",
            clock=self.clock,
        )

    def at(self, minutes: float, event: Event | None = None) -> DispatchResult:
        """Move the clock to ``minutes`` after START and dispatch ``event`` (a Tick if None)."""
        self.clock.advance(START + timedelta(minutes=minutes) - self.clock.wall)
        return self.daemon.dispatch(event or Tick())

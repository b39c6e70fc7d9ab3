"""Reading the real clock, and noticing when the machine slept or the clock jumped."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "JumpDetector", "SystemClock"]


class Clock(Protocol):
    """Wall-clock and monotonic time; tests pass a fake."""

    def now(self) -> datetime:
        """The wall-clock time, aware, in UTC."""

    def monotonic(self) -> float:
        """Seconds that do not advance while the machine sleeps (CLOCK_MONOTONIC on Linux)."""


class SystemClock:
    """The machine's own clocks."""

    def now(self) -> datetime:
        """The wall-clock time, aware, in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """time.monotonic(), which stands still during suspend on Linux."""
        return time.monotonic()


@dataclass
class JumpDetector:
    """Compares wall and monotonic progress between readings: a surplus is a sleep or a jump."""

    threshold: timedelta = timedelta(seconds=5)
    _last_wall: datetime | None = None
    _last_mono: float | None = None

    def observe(self, wall: datetime, mono: float) -> timedelta | None:
        """Record a reading; return the jump since the last one, if any.

        Positive: the machine slept or the clock jumped forward; negative: it was set back.
        """
        gap = None
        if self._last_wall is not None and self._last_mono is not None:
            surplus = (wall - self._last_wall) - timedelta(seconds=mono - self._last_mono)
            if abs(surplus) >= self.threshold:
                gap = surplus
        self._last_wall, self._last_mono = wall, mono
        return gap

"""A log filter that lets a line through a few times and then counts its repeats for a while.

A failure that recurs in a loop (a socket out of file descriptors, a disk that refuses every
save) would otherwise write the same line thousands of times a second.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["RepeatFilter"]

_KEEP = 256  # distinct lines remembered; the oldest are forgotten first


class RepeatFilter(logging.Filter):
    """Passes at most ``burst`` records of the same text per ``window`` seconds.

    The first one of the next window carries a note of how many were held back. Debug records
    always pass: ``--verbose`` asks for everything.
    """

    def __init__(
        self, window: float = 60.0, burst: int = 10, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Let ``burst`` identical lines through per ``window`` seconds read from ``clock``."""
        super().__init__()
        self._window = window
        self._burst = burst
        self._clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int, int]] = {}
        self._last: tuple[logging.LogRecord, bool] | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        """True to log ``record`` (perhaps with a note added), False to hold it back.

        Shared by several handlers, it decides once per record and gives each the same answer.
        """
        if self._last is not None and self._last[0] is record:
            return self._last[1]
        decision = self._decide(record)
        self._last = (record, decision)
        return decision

    def _decide(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            return True
        key = (record.name, record.levelno, record.getMessage())
        now = self._clock()
        started, passed, held = self._seen.pop(key, (now, 0, 0))
        if now - started >= self._window:
            if held:
                note = f" ({held} more like it in the {self._window:g} s before were not logged)"
                record.msg, record.args = record.getMessage() + note, None
            started, passed, held = now, 0, 0
        if passed < self._burst:
            passed += 1
        else:
            held += 1
        self._seen[key] = (started, passed, held)
        while len(self._seen) > _KEEP:
            del self._seen[next(iter(self._seen))]
        return held == 0

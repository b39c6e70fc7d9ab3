"""The log filter: a line repeating in a loop is written ten times a minute, then counted."""

from __future__ import annotations

import logging

from sitbreak.cli.logging_setup import RepeatFilter


class Clock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def record(message: str, level: int = logging.WARNING) -> logging.LogRecord:
    """A log record as sitbreak's code would make it."""
    return logging.LogRecord("sitbreak.x", level, __file__, 1, message, None, None)


def test_a_line_in_a_loop_passes_ten_times_then_is_counted() -> None:
    """291,732 copies in a minute become ten lines, then one line saying how many were held."""
    clock = Clock()
    repeats = RepeatFilter(window=60, burst=10, clock=clock)
    passed = [
        r for r in (record("Too many open files") for _ in range(291_732)) if repeats.filter(r)
    ]
    assert len(passed) == 10
    clock.now = 61
    later = record("Too many open files")
    assert repeats.filter(later)
    assert later.getMessage() == (
        "Too many open files (291722 more like it in the 60 s before were not logged)"
    )


def test_different_lines_and_debug_lines_are_not_held() -> None:
    """Each distinct text has its own count; --verbose debug lines always pass."""
    repeats = RepeatFilter(window=60, burst=1, clock=Clock())
    assert repeats.filter(record("reminder: posture check after 2 s"))
    assert repeats.filter(record("reminder: posture check after 4 s"))
    assert not repeats.filter(record("reminder: posture check after 4 s"))
    assert all(repeats.filter(record("waking up", logging.DEBUG)) for _ in range(100))


def test_shared_by_two_handlers_each_line_is_counted_once() -> None:
    """The terminal and the log file share one filter: both get the same ten lines."""
    repeats = RepeatFilter(window=60, burst=10, clock=Clock())
    shown = []
    for _ in range(30):
        line = record("cannot save the state")
        shown.append((repeats.filter(line), repeats.filter(line)))
    assert shown == [(True, True)] * 10 + [(False, False)] * 20

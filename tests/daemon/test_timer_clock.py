"""Noticing suspend and clock jumps by comparing wall-clock and monotonic progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sitbreak.daemon.timer import JumpDetector

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_steady_progress_is_no_gap() -> None:
    """Wall and monotonic clocks advancing together report nothing."""
    detector = JumpDetector()
    assert detector.observe(T0, 100.0) is None
    assert detector.observe(T0 + timedelta(minutes=20), 100.0 + 1200) is None


def test_suspend_shows_as_the_surplus_of_wall_time() -> None:
    """Two hours asleep: the wall clock moved 2 h 5 min, the monotonic clock 5 min."""
    detector = JumpDetector()
    detector.observe(T0, 100.0)
    gap = detector.observe(T0 + timedelta(hours=2, minutes=5), 100.0 + 300)
    assert gap == timedelta(hours=2)


def test_small_drift_is_ignored() -> None:
    """A second of NTP slew is not a suspend."""
    detector = JumpDetector()
    detector.observe(T0, 0.0)
    assert detector.observe(T0 + timedelta(seconds=61), 60.0) is None


def test_backward_jump_is_a_negative_gap() -> None:
    """A clock set back an hour, 10 s later: the wall clock fell 1 h 10 s behind the monotonic."""
    detector = JumpDetector()
    detector.observe(T0, 0.0)
    assert detector.observe(T0 - timedelta(hours=1), 10.0) == -timedelta(hours=1, seconds=10)

"""GetLastInputInfo's 32-bit tick against GetTickCount64, across the 49.7-day wrap."""

from __future__ import annotations

from sitbreak.idle.windows import WindowsIdle, idle_milliseconds

WRAP = 1 << 32


def test_plain_difference_before_any_wrap() -> None:
    """Early in uptime both counters agree: the difference is the idle time."""
    assert idle_milliseconds(10_000, 7_500) == 2_500


def test_after_the_32_bit_counter_wrapped() -> None:
    """Uptime past 49.7 days: the 64-bit tick's low bits are compared with the 32-bit one."""
    now = 3 * WRAP + 1_000
    last_input = (now - 4_000) % WRAP
    assert idle_milliseconds(now, last_input) == 4_000


def test_input_just_before_the_wrap_and_now_just_after() -> None:
    """Input at 2**32 - 500 ms, now 700 ms past the wrap: 1.2 s idle, not 49 days."""
    assert idle_milliseconds(WRAP + 700, WRAP - 500) == 1_200


def test_the_backend_turns_ticks_into_seconds() -> None:
    """WindowsIdle reads both counters and answers seconds."""
    backend = WindowsIdle(lambda: (WRAP - 250) % WRAP, lambda: 5 * WRAP + 1_250)
    assert backend.seconds_idle() == 1.5

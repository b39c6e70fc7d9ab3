"""Active-hours arithmetic in local time, across midnight, weekends and daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sitbreak.core import ActiveHours, Schedule
from sitbreak.core.schedule import active_windows, is_active, next_boundary, segments

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = Schedule(hours=ActiveHours(time(8), time(19)), days=frozenset(range(5)), tz=BERLIN)
NIGHT = Schedule(hours=ActiveHours(time(22), time(6)), tz=UTC)


def local(*args: int) -> datetime:
    """A Berlin wall-clock time."""
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def test_office_hours_in_local_time() -> None:
    """08:00-19:00 Berlin on a Monday: 07:59 is outside, 08:00 inside, 19:00 outside."""
    assert not is_active(local(2026, 11, 23, 7, 59), OFFICE)
    assert is_active(local(2026, 11, 23, 8, 0), OFFICE)
    assert not is_active(local(2026, 11, 23, 19, 0), OFFICE)


def test_weekend_is_outside_and_the_next_boundary_is_monday_morning() -> None:
    """From Friday 19:00 the next change is Monday 08:00."""
    assert not is_active(local(2026, 11, 28, 12, 0), OFFICE)
    assert next_boundary(local(2026, 11, 27, 19, 0), OFFICE) == local(2026, 11, 30, 8, 0)


def test_window_running_past_midnight() -> None:
    """22:00-06:00: 23:00 and 05:00 are inside, 12:00 is not; the window ends at 06:00."""
    day = datetime(2026, 11, 23, tzinfo=UTC)
    assert is_active(day + timedelta(hours=23), NIGHT)
    assert is_active(day + timedelta(hours=29), NIGHT)
    assert not is_active(day + timedelta(hours=12), NIGHT)
    assert next_boundary(day + timedelta(hours=23), NIGHT) == day + timedelta(hours=30)


def test_segments_cover_the_span_in_order() -> None:
    """A Monday 07:00-20:00 span splits into outside, inside (11 h), outside."""
    parts = list(segments(local(2026, 11, 23, 7, 0), local(2026, 11, 23, 20, 0), OFFICE))
    assert [(hi - lo, active) for lo, hi, active in parts] == [
        (timedelta(hours=1), False),
        (timedelta(hours=11), True),
        (timedelta(hours=1), False),
    ]


def test_daylight_saving_day_keeps_local_hours() -> None:
    """On 25 Oct 2026 (clocks go back at 03:00) the 08:00-19:00 window is still 11 real hours."""
    sunday_hours = Schedule(hours=ActiveHours(time(8), time(19)), tz=BERLIN)
    windows = active_windows(local(2026, 10, 25, 0, 0), local(2026, 10, 26, 0, 0), sunday_hours)
    assert len(windows) == 1
    start, end = windows[0]
    assert start.astimezone(BERLIN).hour == 8
    assert end.astimezone(BERLIN).hour == 19
    assert end - start == timedelta(hours=11)


def test_span_crossing_the_clock_change_counts_real_time() -> None:
    """All day on 25 Oct 2026, the night the clocks go back: 25 real hours, midnight to midnight."""
    all_day = Schedule(days=frozenset(range(7)), tz=BERLIN)
    windows = active_windows(local(2026, 10, 25, 0, 0), local(2026, 10, 26, 0, 0), all_day)
    assert sum((hi - lo for lo, hi in windows), timedelta(0)) == timedelta(hours=25)


def test_always_has_no_boundary() -> None:
    """With no hours and every day, there is nothing to wake up for."""
    assert next_boundary(datetime(2026, 1, 1, tzinfo=UTC), Schedule()) is None

"""Active-hours arithmetic: which parts of a span of time fall inside the schedule."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sitbreak.core.policy import Schedule

__all__ = ["active_windows", "day_period", "is_active", "next_boundary", "segments"]

_DAY = timedelta(days=1)
_LOOKAHEAD_DAYS = 8  # a week of inactive days plus one can pass before the next window


def _local_windows(
    first: date, last: date, schedule: Schedule
) -> Iterator[tuple[datetime, datetime]]:
    """Windows that start on local dates ``first``..``last``, in UTC, merged where they touch."""
    pending: tuple[datetime, datetime] | None = None
    day = first
    while day <= last:
        if day.weekday() in schedule.days:
            window = _window_of(day, schedule)
            if pending is not None and window[0] <= pending[1]:
                pending = (pending[0], max(pending[1], window[1]))
            else:
                if pending is not None:
                    yield pending
                pending = window
        day += _DAY
    if pending is not None:
        yield pending


def _window_of(day: date, schedule: Schedule) -> tuple[datetime, datetime]:
    tz = schedule.tz
    if schedule.hours is None:
        start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(day + _DAY, datetime.min.time(), tzinfo=tz)
    else:
        start = datetime.combine(day, schedule.hours.start, tzinfo=tz)
        end_day = day if schedule.hours.end > schedule.hours.start else day + _DAY
        end = datetime.combine(end_day, schedule.hours.end, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _local_date(moment: datetime, schedule: Schedule) -> date:
    return moment.astimezone(schedule.tz).date()


def active_windows(
    start: datetime, end: datetime, schedule: Schedule
) -> list[tuple[datetime, datetime]]:
    """The active parts of ``[start, end)``, in order, clipped to it, in UTC."""
    # same-zone subtraction is wall-clock arithmetic in Python, so work in UTC throughout
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return []
    if schedule.always:
        return [(start, end)]
    first = _local_date(start, schedule) - _DAY  # a window from yesterday may run past midnight
    last = _local_date(end, schedule)
    clipped = []
    for w_start, w_end in _local_windows(first, last, schedule):
        lo, hi = max(w_start, start), min(w_end, end)
        if lo < hi:
            clipped.append((lo, hi))
    return clipped


def segments(
    start: datetime, end: datetime, schedule: Schedule
) -> Iterator[tuple[datetime, datetime, bool]]:
    """Split ``[start, end)`` into consecutive (start, end, active) pieces."""
    cursor = start
    for lo, hi in active_windows(start, end, schedule):
        if cursor < lo:
            yield cursor, lo, False
        yield lo, hi, True
        cursor = hi
    if cursor < end:
        yield cursor, end, False


def is_active(moment: datetime, schedule: Schedule) -> bool:
    """True when ``moment`` lies inside active hours."""
    return bool(active_windows(moment, moment + timedelta(microseconds=1), schedule))


def next_boundary(moment: datetime, schedule: Schedule) -> datetime | None:
    """The first moment after ``moment`` at which active hours begin or end."""
    if schedule.always or not schedule.days:
        return None
    first = _local_date(moment, schedule) - _DAY
    last = first + timedelta(days=_LOOKAHEAD_DAYS)
    for w_start, w_end in _local_windows(first, last, schedule):
        if w_start > moment:
            return w_start
        if w_end > moment:
            return w_end
    return None


@functools.lru_cache(maxsize=32)  # asked at every step for the last reminder's day
def day_period(moment: datetime, schedule: Schedule) -> tuple[date, datetime, datetime]:
    """The local day ``moment`` belongs to, and when that day's active time starts and ends.

    With daily active hours it is the window holding ``moment``, named by the date it starts
    on (a window past midnight belongs to the evening it began); otherwise, or when no window
    holds ``moment``, the local calendar day. Bounds are in UTC.
    """
    moment = moment.astimezone(UTC)
    local = _local_date(moment, schedule)
    if schedule.hours is not None:
        for day in (local - _DAY, local):
            start, end = _window_of(day, schedule)
            if day.weekday() in schedule.days and start <= moment < end:
                return day, start, end
    start, end = _window_of(local, replace(schedule, hours=None))
    return local, start, end

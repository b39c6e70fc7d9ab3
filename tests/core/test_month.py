"""Whole-month runs through the core with simulated time: exact reminder counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sitbreak.core import ActiveHours, Kind, Policy, Schedule, Skip, Tick, next_wakeup
from tests.core.sim import Run

MONDAY_2_NOV = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
THIRTY_DAYS = timedelta(days=30)
BERLIN = ZoneInfo("Europe/Berlin")


def test_thirty_days_always_on_gives_exact_hourly_counts() -> None:
    """30 days sitting with defaults: one posture, micro and stretch every hour, 720 of each."""
    run = Run(policy=Policy(max_repeats=0))
    run.send(Tick(), MONDAY_2_NOV)
    run.until(MONDAY_2_NOV + THIRTY_DAYS)
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 720, Kind.MICRO: 720, Kind.STRETCH: 720}


def test_thirty_days_with_a_person_who_skips_every_reminder() -> None:
    """Answering each reminder at once keeps the cadence exact, with repeats switched on."""
    run = Run(policy=Policy(max_repeats=3))
    run.send(Tick(), MONDAY_2_NOV)
    end = MONDAY_2_NOV + THIRTY_DAYS
    while (wake := next_wakeup(run.state, run.policy)) is not None and wake <= end:
        if any(True for _ in run.send(Tick(), wake)) and run.state.pending is not None:
            run.send(Skip(), wake)
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 720, Kind.MICRO: 720, Kind.STRETCH: 720}


def office_month() -> Run:
    """Thirty days from Monday 2 Nov 2026 with reminders Mon-Fri 09:00-17:00 Berlin time."""
    schedule = Schedule(hours=ActiveHours(time(9), time(17)), days=frozenset(range(5)), tz=BERLIN)
    run = Run(policy=Policy(max_repeats=0, schedule=schedule))
    start = datetime(2026, 11, 2, tzinfo=BERLIN)
    run.send(Tick(), start)
    run.until(start + THIRTY_DAYS)
    return run


def test_thirty_days_of_office_hours_in_berlin() -> None:
    """Mon-Fri 09-17 in Berlin for 30 days (22 weekdays): 8 posture, 8 micro, 7 stretch a day.

    The stretch due at 17:00 sharp falls outside the window, and the night resets every kind.
    """
    run = office_month()
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 22 * 8, Kind.MICRO: 22 * 8, Kind.STRETCH: 22 * 7}
    local_hours = {moment.astimezone(BERLIN).hour for moment, _ in run.shown}
    assert min(local_hours) == 9
    assert max(local_hours) == 16
    assert {moment.astimezone(BERLIN).weekday() for moment, _ in run.shown} == set(range(5))


def test_month_run_wakes_the_timer_only_when_something_can_change() -> None:
    """A month of office hours needs only a few timer wake-ups per reminder."""
    run = office_month()
    assert run.steps <= 2 * len(run.shown) + 2 * 30 + 2

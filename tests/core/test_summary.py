"""The daily summary: once a day with reminders, after its active time, to a person who is there."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sitbreak.core import (
    ActiveHours,
    BusyChanged,
    DaySummary,
    Done,
    IdleSample,
    Kind,
    Pause,
    Policy,
    Resume,
    Schedule,
    SittingStretch,
    Tick,
    WokeFromSleep,
    summary_due,
)
from sitbreak.core.schedule import day_period
from tests.core.sim import Run

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = Schedule(hours=ActiveHours(time(9), time(17)), days=frozenset(range(5)), tz=BERLIN)


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """A literal moment in Berlin, in November 2026 (UTC+1)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def summaries(run: Run) -> list[DaySummary]:
    """The summaries asked for so far."""
    return [effect for effect in run.effects if isinstance(effect, DaySummary)]


def office_day(policy: Policy | None = None) -> Run:
    """Monday 23 Nov in Berlin, 09:00-17:00 active, sitting all day and ignoring reminders."""
    run = Run(policy=policy or Policy(schedule=OFFICE))
    run.send(Tick(), berlin(23, 9))
    run.until(berlin(23, 16, 59))
    return run


def test_office_hours_summary_comes_at_their_end_with_the_stretch_still_going_on() -> None:
    """At 17:00 sharp the day's summary is asked for, with the unbroken stretch since 16:05."""
    run = office_day()
    assert summaries(run) == []
    run.until(berlin(23, 17))
    [summary] = summaries(run)
    assert summary.day == date(2026, 11, 23)
    assert (summary.start, summary.end) == (berlin(23, 9), berlin(23, 17))
    assert summary.ongoing is not None
    assert summary.ongoing.end == berlin(23, 17)
    assert summary.ongoing.sitting == timedelta(hours=8)  # nobody stood up all day
    assert run.state.summarized_day == date(2026, 11, 23)


def test_the_summary_comes_once() -> None:
    """Ticks after the end of the day, and the next morning, ask for no second summary."""
    run = office_day()
    run.until(berlin(23, 17))
    run.send(Tick(), berlin(23, 18))
    run.until(berlin(24, 10))
    assert [summary.day for summary in summaries(run)] == [date(2026, 11, 23)]


def test_each_day_with_reminders_gets_its_own_summary() -> None:
    """A Monday and a Tuesday in the office: two summaries, each at 17:00."""
    run = office_day()
    run.until(berlin(24, 17))
    assert [(summary.day, summary.end) for summary in summaries(run)] == [
        (date(2026, 11, 23), berlin(23, 17)),
        (date(2026, 11, 24), berlin(24, 17)),
    ]


def test_a_day_without_reminders_gets_no_summary() -> None:
    """Breaks taken before every reminder: no reminder was shown, so there is nothing to sum up."""
    run = Run(policy=Policy(schedule=OFFICE))
    run.send(Tick(), berlin(23, 9))
    for hour in range(9, 17):
        for minute in (15, 35, 55):
            run.send(Done(Kind.STRETCH), berlin(23, hour, minute))
    run.until(berlin(24, 8))
    assert run.shown == []
    assert summaries(run) == []


def test_away_at_the_end_of_the_day_gets_the_summary_on_return() -> None:
    """Gone home at 16:30: no summary to an empty chair; it comes when the person is back."""
    run = office_day()
    run.send(IdleSample(30 * 60), berlin(23, 17))  # away since 16:30
    run.until(berlin(23, 18))
    assert summaries(run) == []
    run.send(IdleSample(0), berlin(24, 8, 55))
    [summary] = summaries(run)
    assert summary.day == date(2026, 11, 23)
    assert summary.ongoing is None  # the stretch ended at 16:30, so the history has it


def test_busy_or_paused_holds_the_summary() -> None:
    """In a call at 17:00 the summary waits until the call ends; paused, until the resume."""
    run = office_day()
    run.send(BusyChanged(frozenset({"call"})), berlin(23, 16, 50))
    run.until(berlin(23, 17, 30))
    assert summaries(run) == []
    run.send(Pause(), berlin(23, 17, 40))
    run.send(BusyChanged(frozenset()), berlin(23, 17, 45))
    assert summaries(run) == []
    run.send(Resume(), berlin(23, 17, 50))
    assert [summary.day for summary in summaries(run)] == [date(2026, 11, 23)]


def test_switched_off_there_is_no_summary() -> None:
    """``daily_summary = false``: never asked for."""
    run = office_day(Policy(schedule=OFFICE, daily_summary=False))
    run.until(berlin(24, 17))
    assert summaries(run) == []


def test_without_active_hours_the_day_is_summed_up_when_the_person_is_back_next_day() -> None:
    """Always on: the day ends at local midnight; the summary comes with the first event after it
    at which the person is there, here coming back at 08:30."""
    run = Run(policy=Policy(schedule=Schedule(tz=BERLIN)))
    run.send(Tick(), berlin(23, 9))
    run.until(berlin(23, 18))
    run.send(IdleSample(3600), berlin(23, 19))  # left at 18:00
    run.until(berlin(24, 8))
    assert summaries(run) == []
    run.send(IdleSample(0), berlin(24, 8, 30))
    [summary] = summaries(run)
    assert (summary.day, summary.start, summary.end) == (
        date(2026, 11, 23),
        berlin(23, 0),
        berlin(24, 0),
    )
    assert summary.ongoing is None


def test_a_machine_off_overnight_gives_the_summary_at_the_next_start() -> None:
    """The daemon stopped at 18:00 and starts at 08:00: the downtime, then the summary."""
    run = Run(policy=Policy(schedule=Schedule(tz=BERLIN)))
    run.send(Tick(), berlin(23, 9))
    run.until(berlin(23, 18))
    run.send(WokeFromSleep(timedelta(hours=14)), berlin(24, 8))
    assert [summary.day for summary in summaries(run)] == [date(2026, 11, 23)]


def test_summary_due_says_when_status_should_bring_the_state_up_to_date() -> None:
    """``summary_due`` is true from 17:00 until the summary was asked for."""
    run = office_day()
    assert not summary_due(run.state, berlin(23, 16, 59), run.policy)
    assert summary_due(run.state, berlin(23, 17, 5), run.policy)
    run.send(Tick(), berlin(23, 17, 5))
    assert not summary_due(run.state, berlin(23, 17, 6), run.policy)


def test_a_window_past_midnight_belongs_to_the_evening_it_began() -> None:
    """Active 22:00-06:00: a reminder at 02:00 on Tuesday belongs to Monday's night."""
    night = Schedule(hours=ActiveHours(time(22), time(6)), tz=BERLIN)
    assert day_period(berlin(24, 2), night) == (date(2026, 11, 23), berlin(23, 22), berlin(24, 6))
    assert day_period(berlin(24, 23), night) == (
        date(2026, 11, 24),
        berlin(24, 22),
        berlin(25, 6),
    )


def test_day_period_without_hours_is_the_calendar_day_across_a_dst_change() -> None:
    """25 Oct 2026 in Berlin has 25 hours: its period runs from midnight to midnight."""
    start, end = datetime(2026, 10, 25, tzinfo=BERLIN), datetime(2026, 10, 26, tzinfo=BERLIN)
    day, low, high = day_period(datetime(2026, 10, 25, 12, tzinfo=UTC), Schedule(tz=BERLIN))
    assert (day, low, high) == (date(2026, 10, 25), start, end)
    assert high - low == timedelta(hours=25)


def test_the_ongoing_stretch_is_only_the_sitting_of_that_day() -> None:
    """A stretch that began before the day's end is passed on whole, as counted so far."""
    run = office_day()
    run.send(Done(Kind.MICRO), berlin(23, 16))
    run.until(berlin(23, 17))
    [summary] = summaries(run)
    assert summary.ongoing == SittingStretch(berlin(23, 16), berlin(23, 17), timedelta(hours=1))


def test_a_day_that_ended_more_than_a_day_ago_is_no_news() -> None:
    """Away from Friday 17:00 to Monday: no summary of Friday on Monday morning."""
    run = Run(policy=Policy(schedule=OFFICE))
    run.send(Tick(), berlin(27, 9))
    run.until(berlin(27, 16, 30))
    run.send(IdleSample(30 * 60), berlin(27, 17))  # left at 16:30
    run.send(IdleSample(0), berlin(30, 8, 55))
    assert summaries(run) == []

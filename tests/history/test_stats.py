"""The statistics' definitions, one rule at a time, on literal records."""

from __future__ import annotations

from datetime import date, timedelta

from sitbreak.core import Kind, NotifyReason, Resolution
from sitbreak.history.stats import (
    DayStats,
    Figures,
    History,
    PeriodStats,
    format_duration,
    period_stats,
    trend_line,
)
from tests.history.records import BERLIN, away, local, outcome, sat, shown

MON = date(2026, 11, 23)
TUE = MON + timedelta(days=1)


def one_day(history: History, day: date = MON) -> Figures:
    """The figures of ``day`` in Berlin."""
    return period_stats(history, BERLIN, day, day).days[0].figures


def test_sitting_sums_stretches_and_keeps_the_longest() -> None:
    """Sitting is the recorded sitting time (not wall time); longest is the largest stretch."""
    history = History(
        sitting=(
            sat(local(MON, "09:00"), local(MON, "10:30")),
            sat(local(MON, "10:35"), local(MON, "12:45"), minutes=120),
        )
    )
    figures = one_day(history)
    assert figures.sitting == timedelta(minutes=210)
    assert figures.longest == timedelta(minutes=120)


def test_a_stretch_past_midnight_is_shared_by_wall_time_and_longest_goes_to_its_start() -> None:
    """23:00-01:00 with 100 min sitting: 50 min each day; the longest counts on the first day."""
    history = History(sitting=(sat(local(MON, "23:00"), local(TUE, "01:00"), minutes=100),))
    stats = period_stats(history, BERLIN, MON, TUE)
    monday, tuesday = (day.figures for day in stats.days)
    assert (monday.sitting, tuesday.sitting) == (timedelta(minutes=50), timedelta(minutes=50))
    assert (monday.longest, tuesday.longest) == (timedelta(minutes=100), timedelta(0))


def test_days_are_local_days_across_a_dst_change() -> None:
    """On the 23-hour day of 29 March 2026 a 00:30-01:30 and a 23:30 stretch stay on that day."""
    dst = date(2026, 3, 29)
    history = History(
        sitting=(
            sat(local(dst, "00:30"), local(dst, "01:30")),
            sat(local(dst, "23:30"), local(dst, "23:59")),
        )
    )
    figures = period_stats(history, BERLIN, dst - timedelta(days=1), dst + timedelta(days=1))
    assert [d.figures.sitting for d in figures.days] == [
        timedelta(0),
        timedelta(minutes=89),
        timedelta(0),
    ]


def test_repeats_and_snoozed_reshows_are_not_new_reminders() -> None:
    """Reasons due and held count as reminders; repeat and snoozed count as repeats."""
    history = History(
        reminders=(
            shown(Kind.MICRO, local(MON, "10:00")),
            shown(Kind.MICRO, local(MON, "10:05"), NotifyReason.REPEAT),
            shown(Kind.STRETCH, local(MON, "11:00"), NotifyReason.HELD),
            shown(Kind.STRETCH, local(MON, "11:10"), NotifyReason.SNOOZED),
        )
    )
    figures = one_day(history)
    assert (figures.reminders, figures.repeats) == (2, 2)


def test_outcomes_are_counted_by_kind_and_natural_breaks_from_time_away() -> None:
    """done/snoozed/skipped/dismissed/ignored each counted; the natural_break outcome is not."""
    history = History(
        outcomes=(
            outcome(Kind.MICRO, Resolution.DONE, local(MON, "10:00")),
            outcome(Kind.MICRO, Resolution.SNOOZED, local(MON, "10:10")),
            outcome(Kind.MICRO, Resolution.SNOOZED, local(MON, "10:20")),
            outcome(Kind.STRETCH, Resolution.SKIPPED, local(MON, "11:00")),
            outcome(Kind.STRETCH, Resolution.DISMISSED, local(MON, "12:00")),
            outcome(Kind.STRETCH, Resolution.IGNORED, local(MON, "13:00")),
            outcome(Kind.STRETCH, Resolution.NATURAL_BREAK, local(MON, "14:05")),
        ),
        away=(
            away(local(MON, "14:00"), local(MON, "14:05")),
            away(local(MON, "15:00"), local(MON, "15:00:30"), kinds=()),  # too short
            away(local(MON, "18:00"), local(TUE, "08:00")),  # ends the day
        ),
    )
    figures = one_day(history)
    assert (figures.done, figures.snoozes, figures.skips) == (1, 2, 1)
    assert (figures.dismissed, figures.ignored) == (1, 1)
    assert (figures.natural_breaks, figures.breaks) == (1, 2)


def test_a_reminder_is_followed_by_a_break_of_its_kind_or_larger_before_the_next() -> None:
    """done of the same or a larger kind follows; a smaller one, or one too late, does not."""
    history = History(
        reminders=(
            shown(Kind.MICRO, local(MON, "09:00")),  # done stretch 09:10: followed
            shown(Kind.STRETCH, local(MON, "10:00")),  # done micro 10:10: too small
            shown(Kind.POSTURE, local(MON, "11:00")),  # done posture 11:01: followed
            shown(Kind.MICRO, local(MON, "12:00")),  # done micro only after the next one
            shown(Kind.POSTURE, local(MON, "12:20")),  # that done micro 12:30 follows it
        ),
        outcomes=(
            outcome(Kind.STRETCH, Resolution.DONE, local(MON, "09:10")),
            outcome(Kind.MICRO, Resolution.DONE, local(MON, "10:10")),
            outcome(Kind.POSTURE, Resolution.DONE, local(MON, "11:01")),
            outcome(Kind.MICRO, Resolution.DONE, local(MON, "12:30")),
        ),
    )
    figures = one_day(history)
    assert (figures.reminders, figures.followed) == (5, 3)
    assert figures.followed_share == 3 / 5


def test_time_away_follows_a_reminder_when_long_enough_for_its_kind() -> None:
    """Away covering the kind follows (end of day too); away too short for the kind does not."""
    history = History(
        reminders=(
            shown(Kind.STRETCH, local(MON, "10:00")),  # 2 min away: micro only, not followed
            shown(Kind.MICRO, local(MON, "11:00")),  # lunch 12:00-13:00: followed
            shown(Kind.STRETCH, local(MON, "16:00")),  # home 17:00 to next morning: followed
            shown(Kind.MICRO, local(TUE, "10:00")),  # nothing after it: not followed
        ),
        away=(
            away(local(MON, "10:30"), local(MON, "10:32"), kinds=(Kind.POSTURE, Kind.MICRO)),
            away(local(MON, "12:00"), local(MON, "13:00")),
            away(local(MON, "17:00"), local(TUE, "09:00")),
        ),
    )
    stats = period_stats(history, BERLIN, MON, TUE)
    assert [(d.figures.reminders, d.figures.followed) for d in stats.days] == [(3, 2), (1, 0)]


def test_a_break_already_under_way_when_a_reminder_shows_follows_it() -> None:
    """Away that began before the reminder (idle noticed late) and ends after it counts."""
    history = History(
        reminders=(shown(Kind.MICRO, local(MON, "10:00")),),
        away=(away(local(MON, "09:58"), local(MON, "10:05")),),
    )
    assert one_day(history).followed == 1


def test_days_without_reminders_have_no_share_and_totals_add_up() -> None:
    """A day without reminders has share None; totals sum counts and keep the longest."""
    history = History(
        reminders=(shown(Kind.MICRO, local(MON, "10:00")),),
        sitting=(
            sat(local(MON, "09:00"), local(MON, "10:00")),
            sat(local(TUE, "09:00"), local(TUE, "11:00")),
        ),
    )
    stats = period_stats(history, BERLIN, MON, TUE + timedelta(days=1))
    assert [d.figures.followed_share for d in stats.days] == [0.0, None, None]
    assert stats.totals.sitting == timedelta(hours=3)
    assert stats.totals.longest == timedelta(hours=2)
    assert stats.active_days == 2
    assert stats.sitting_per_active_day == timedelta(minutes=90)


def period(sitting_hours: list[float], reminders: int = 0, followed: int = 0) -> PeriodStats:
    """A period whose days sat the given hours, with totals for reminders and followed."""
    days = tuple(
        DayStats(MON + timedelta(days=n), Figures(sitting=timedelta(hours=hours)))
        for n, hours in enumerate(sitting_hours)
    )
    totals = Figures(sitting=sum((d.figures.sitting for d in days), timedelta(0)))
    totals.reminders, totals.followed = reminders, followed
    active = sum(1 for hours in sitting_hours if hours)
    return PeriodStats(days[0].day, days[-1].day, days, totals, active)


def test_trend_compares_sitting_per_active_day_and_the_followed_share() -> None:
    """Less sitting per active day and a better share, in one sentence."""
    line = trend_line(period([6, 0, 6], 10, 6), period([8, 8, 8], 10, 4))
    assert line == (
        "Sitting 6h00m a day on average, 25% less than the 3 days before (8h00m); "
        "60% of reminders followed by a break (was 40%)."
    )


def test_trend_without_an_earlier_period_or_any_data() -> None:
    """No earlier data says so; no data at all says nothing was recorded."""
    assert trend_line(period([2, 0]), period([0, 0])) == (
        "Sitting 2h00m a day on average; no earlier 2 days to compare with yet."
    )
    assert trend_line(period([0, 0]), period([3, 3])) == "Nothing recorded in these 2 days."
    assert "about the same as" in trend_line(period([5]), period([5.001]))


def test_durations_read_as_hours_and_minutes() -> None:
    """6h40m, 1h05m, 45m, 30s and 0m."""
    cases = {400 * 60: "6h40m", 65 * 60: "1h05m", 45 * 60: "45m", 30: "30s", 0: "0m"}
    assert {s: format_duration(timedelta(seconds=s)) for s in cases} == cases

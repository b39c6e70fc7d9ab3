"""Long sitting bouts and the streak: their definitions, one rule at a time, on literal records."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sitbreak.core import Kind, Resolution
from sitbreak.history.stats import Bouts, History, period_stats, span_figures
from tests.history.conftest import StatsRunner
from tests.history.records import BERLIN, away, local, outcome, sat, shown, write_records

MON = date(2026, 11, 16)


def day(offset: int) -> date:
    """A day counted from Monday 16 Nov 2026."""
    return MON + timedelta(days=offset)


def streaks(history: History, first: date, last: date, bouts: Bouts | None = None) -> list[int]:
    """The streak at the end of each day from ``first`` to ``last``."""
    return [d.figures.streak for d in period_stats(history, BERLIN, first, last, bouts).days]


def test_a_long_bout_is_30_minutes_or_more_on_the_day_it_started() -> None:
    """29 min is not long, 30 min is; a bout past midnight counts on its first day."""
    history = History(
        sitting=(
            sat(local(MON, "09:00"), local(MON, "09:29")),
            sat(local(MON, "10:00"), local(MON, "10:30")),
            sat(local(MON, "23:40"), local(day(1), "00:40")),
        )
    )
    monday, tuesday = period_stats(history, BERLIN, MON, day(1)).days
    assert (monday.figures.long_bouts, tuesday.figures.long_bouts) == (2, 0)
    assert monday.figures.longest == timedelta(hours=1)


def test_long_bouts_count_sitting_not_wall_time_and_follow_the_setting() -> None:
    """A 50-min span with 25 min of sitting (a pause inside) is short; 20 min is long at 20m."""
    history = History(sitting=(sat(local(MON, "09:00"), local(MON, "09:50"), minutes=25),))
    assert period_stats(history, BERLIN, MON, MON).totals.long_bouts == 0
    shorter = Bouts(long_bout=timedelta(minutes=20))
    assert period_stats(history, BERLIN, MON, MON, shorter).totals.long_bouts == 1


def test_the_streak_counts_active_days_with_no_bout_over_the_limit() -> None:
    """60 min exactly keeps it, 61 min ends it; the next good day starts again at 1."""
    history = History(
        sitting=(
            sat(local(day(0), "09:00"), local(day(0), "10:00")),
            sat(local(day(1), "09:00"), local(day(1), "09:45")),
            sat(local(day(2), "09:00"), local(day(2), "10:01")),
            sat(local(day(3), "09:00"), local(day(3), "09:40")),
        )
    )
    assert streaks(history, day(0), day(3)) == [1, 2, 0, 1]
    looser = Bouts(streak_limit=timedelta(minutes=90))
    assert streaks(history, day(0), day(3), looser) == [1, 2, 3, 4]


def test_days_without_activity_neither_count_nor_break_the_streak() -> None:
    """Friday good, a weekend away, Monday good: 2 on Monday, carried over the weekend."""
    friday, monday = day(4), day(7)
    history = History(
        sitting=(
            sat(local(friday, "09:00"), local(friday, "09:40")),
            sat(local(monday, "09:00"), local(monday, "09:40")),
        )
    )
    assert streaks(history, friday, monday) == [1, 1, 1, 2]


def test_a_day_with_reminders_but_no_finished_bout_yet_counts() -> None:
    """Today so far: a reminder shown, its bout still going on (not recorded): active, counted."""
    history = History(
        reminders=(shown(Kind.POSTURE, local(day(1), "09:20")),),
        sitting=(sat(local(day(0), "09:00"), local(day(0), "09:40")),),
    )
    assert streaks(history, day(0), day(1)) == [1, 2]


def test_days_before_the_period_carry_into_it() -> None:
    """Ten good days before the period: the period starts at 11, and the totals say 13."""
    history = History(
        sitting=tuple(sat(local(day(n), "09:00"), local(day(n), "09:50")) for n in range(13))
    )
    stats = period_stats(history, BERLIN, day(10), day(12))
    assert [d.figures.streak for d in stats.days] == [11, 12, 13]
    assert stats.totals.streak == 13
    assert stats.totals.long_bouts == 3  # only the period's own bouts


def test_stats_reads_back_far_enough_for_the_streak(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """Twenty good days, then `stats --days 3`: the streak is 20, not the 6 days it read before."""
    history_file.parent.mkdir(parents=True)
    write_records(
        history_file,
        [sat(local(day(n), "09:00"), local(day(n), "09:50")) for n in range(20)],
    )
    printed = sitbreak_stats("--days", "3", "--until", day(19).isoformat(), "--json")
    report = json.loads(printed.out)
    assert [d["streak_days"] for d in report["days"]] == [18, 19, 20]
    assert report["totals"]["streak_days"] == 20
    text = sitbreak_stats("--days", "3", "--until", day(19).isoformat()).out
    assert "Streak: 20 days in a row with no sitting bout over 1 h." in text
    assert "Long sitting bouts (30 min or more without a break): 3; the longest 50 min" in text


def test_stats_uses_the_configured_lengths(history_file: Path, sitbreak_stats: StatsRunner) -> None:
    """``history.long_bout`` names the table's column and ``streak_limit`` the streak line."""
    history_file.parent.mkdir(parents=True)
    write_records(history_file, [sat(local(MON, "09:00"), local(MON, "09:50"))])
    printed = sitbreak_stats(
        "--days",
        "1",
        "--until",
        MON.isoformat(),
        "--set",
        "history.long_bout=45m",
        "--set",
        "history.streak_limit=40m",
    )
    lines = printed.out.splitlines()
    assert lines[2].split()[:4] == ["Day", "Sitting", "Longest", "≥45m"]
    assert "Streak: none at the moment; Mon 16 Nov had a bout of 50 min (over 40 min)." in lines


def test_span_figures_count_what_happened_inside_a_span_past_midnight() -> None:
    """22:00-06:00: the break at 23:00 and the time away 01:00-01:20 count; the time away that
    runs past 06:00 and a bout begun before 22:00 do not."""
    tue = day(1)
    history = History(
        reminders=(shown(Kind.MICRO, local(MON, "22:30")),),
        outcomes=(outcome(Kind.MICRO, Resolution.DONE, local(MON, "23:00")),),
        away=(
            away(local(tue, "01:00"), local(tue, "01:20")),
            away(local(tue, "05:50"), local(tue, "08:00")),
        ),
        sitting=(
            sat(local(MON, "21:00"), local(MON, "23:00")),
            sat(local(MON, "23:00"), local(tue, "01:00")),
            sat(local(tue, "01:20"), local(tue, "05:50")),
        ),
    )
    figures = span_figures(history, local(MON, "22:00"), local(tue, "06:00"), Bouts())
    assert (figures.reminders, figures.done, figures.natural_breaks) == (1, 1, 1)
    assert figures.breaks == 2
    assert figures.longest == timedelta(hours=4, minutes=30)
    assert figures.long_bouts == 2
    assert figures.sitting == timedelta(hours=6, minutes=30)

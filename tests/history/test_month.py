"""A month of history written through the real store, then `sitbreak stats` checked by figure.

March 2026 in Berlin (the clocks go forward on Sunday the 29th). Every weekday follows one
of two scripts, so each figure can be worked out by hand:

Good days (Mon, Wed, Fri)                  Bad days (Tue, Thu)
  09:00 sits down                            09:00 sits down
  10:00 micro reminder                       10:00 micro reminder, 10:05 skipped
  10:30 done micro (stretch 1 ends: 90 min)
  11:40 stretch reminder                     11:40 stretch reminder, 11:41 snoozed,
                                                   11:51 shown again (a repeat)
  12:00 posture reminder                     12:00 posture reminder
  12:40-13:40 lunch, screen locked           12:40-13:40 lunch (one stretch 09:00-12:40: 220 min)
    (stretch 2 10:30-12:40: 130 min)
  14:10 micro reminder, 14:15 repeated       14:10 micro reminder, 14:15 repeated
  14:20 done posture (smaller than micro)
  15:00 stretch reminder (held)              15:00 stretch reminder (held)
  17:10 locked until the next working        17:10 locked until the next working
    morning; afternoon stretch 13:40-17:10     morning; the same afternoon stretch
    sat 200 of its 210 minutes
                                           Sitting 220 + 200 = 420 min, longest 220
Sitting 90 + 130 + 200 = 420 min, longest 200
Followed: micro 10:00 (done micro),        Followed: posture 12:00 (lunch) and
  posture 12:00 (lunch), stretch 15:00       stretch 15:00 (going home): 2 of 5
  (going home): 3 of 5; not stretch 11:40
  (next reminder came first) nor micro
  14:10 (done posture is too small)
Breaks: done 2 + lunch 1 = 3               Breaks: lunch 1; 1 snooze, 1 skip

Long bouts (30 min or more): 3 on a good day, 2 on a bad one. Every working day has a bout
over an hour, so the streak (days in a row with no bout over 60 min) is 0 on each of them.

Extras: Saturday 14th 23:30 to Sunday 00:30 sitting (30 min each day, longest 60 min on
Saturday: one long bout, and a streak of 1 that Sunday's sitting makes 2; Monday ends it);
Tuesday 31st 00:10-00:40 sitting right after midnight in summer time (a third long bout that
day), with time away before and after it (the 00:40-09:00 part counts as a natural break).
The 30 days before (31 Jan - 1 Mar): 23-27 Feb sitting 8 h a day, one micro reminder a day
at 10:00 and no breaks recorded, so none of them followed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sitbreak.core import Kind, NotifyReason, Resolution
from tests.history.conftest import StatsRunner
from tests.history.records import Entry, away, local, outcome, sat, shown, write_records

FIRST, LAST = date(2026, 3, 2), date(2026, 3, 31)
GOOD, BAD = (0, 2, 4), (1, 3)
MINUTE = 60
HOUR = 3600


def day_entries(day: date, good: bool) -> list[Entry]:
    """One working day's records following the script in the module docstring."""
    at = lambda clock: local(day, clock)  # noqa: E731 - a short local alias reads best here
    entries: list[Entry] = [
        shown(Kind.MICRO, at("10:00")),
        shown(Kind.STRETCH, at("11:40")),
        shown(Kind.POSTURE, at("12:00")),
        away(at("12:40"), at("13:40")),
        shown(Kind.MICRO, at("14:10")),
        shown(Kind.MICRO, at("14:15"), NotifyReason.REPEAT),
        shown(Kind.STRETCH, at("15:00"), NotifyReason.HELD),
        sat(at("13:40"), at("17:10"), minutes=200),
    ]
    if good:
        entries += [
            outcome(Kind.MICRO, Resolution.DONE, at("10:30")),
            sat(at("09:00"), at("10:30")),
            sat(at("10:30"), at("12:40")),
            outcome(Kind.POSTURE, Resolution.DONE, at("14:20")),
        ]
    else:
        entries += [
            outcome(Kind.MICRO, Resolution.SKIPPED, at("10:05")),
            outcome(Kind.STRETCH, Resolution.SNOOZED, at("11:41")),
            shown(Kind.STRETCH, at("11:51"), NotifyReason.SNOOZED),
            sat(at("09:00"), at("12:40")),
        ]
    return entries


def next_working_day(day: date) -> date:
    """The next Monday to Friday after ``day``."""
    day += timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def evenings(day: date) -> list[Entry]:
    """Time away from 17:10 to the next working morning, around the two late-night extras."""
    home, back = local(day, "17:10"), local(next_working_day(day), "09:00")
    if day == date(2026, 3, 13):
        return [
            away(home, local(date(2026, 3, 14), "23:30")),
            sat(local(date(2026, 3, 14), "23:30"), local(date(2026, 3, 15), "00:30")),
            away(local(date(2026, 3, 15), "00:30"), back),
        ]
    if day == date(2026, 3, 30):
        return [
            away(home, local(LAST, "00:10")),
            sat(local(LAST, "00:10"), local(LAST, "00:40")),
            away(local(LAST, "00:40"), back),
        ]
    return [away(home, back)]


def the_month() -> list[Entry]:
    """Every record of March (through the morning of 1 April) and of 23-27 February."""
    entries: list[Entry] = []
    day = FIRST
    while day <= LAST:
        if day.weekday() <= 4:
            entries += day_entries(day, good=day.weekday() in GOOD) + evenings(day)
        day += timedelta(days=1)
    for offset in range(5):
        february = date(2026, 2, 23) + timedelta(days=offset)
        entries += [
            sat(local(february, "09:00"), local(february, "17:00")),
            shown(Kind.MICRO, local(february, "10:00")),
        ]
    return entries


GOOD_DAY = {
    "sitting_seconds": 420 * MINUTE,
    "longest_sitting_seconds": 200 * MINUTE,
    "reminders": 5,
    "repeats": 1,
    "breaks": 3,
    "done": 2,
    "natural_breaks": 1,
    "snoozes": 0,
    "skips": 0,
    "dismissed": 0,
    "ignored": 0,
    "followed": 3,
    "followed_share": 0.6,
    "long_bouts": 3,
    "streak_days": 0,
}
BAD_DAY = {
    **GOOD_DAY,
    "longest_sitting_seconds": 220 * MINUTE,
    "repeats": 2,
    "breaks": 1,
    "done": 0,
    "snoozes": 1,
    "skips": 1,
    "followed": 2,
    "followed_share": 0.4,
    "long_bouts": 2,
}
QUIET_DAY = dict.fromkeys(GOOD_DAY, 0) | {"followed_share": None}


def expected_day(day: date) -> dict[str, object]:
    """The figures worked out by hand for one day of March."""
    if day == LAST:  # a bad day plus 30 minutes after midnight and the break after them
        late = {"sitting_seconds": 450 * MINUTE, "breaks": 2, "natural_breaks": 2, "long_bouts": 3}
        return {**BAD_DAY, **late}
    if day == date(2026, 3, 14):
        late = {"sitting_seconds": 30 * MINUTE, "longest_sitting_seconds": HOUR, "long_bouts": 1}
        return {**QUIET_DAY, **late, "streak_days": 1}
    if day == date(2026, 3, 15):
        return {**QUIET_DAY, "sitting_seconds": 30 * MINUTE, "streak_days": 2}
    if day.weekday() in GOOD:
        return GOOD_DAY
    return BAD_DAY if day.weekday() in BAD else QUIET_DAY


def test_month_json_matches_the_figures_worked_out_by_hand(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """Every day of March, the totals, the previous 30 days and the trend line, in JSON."""
    write_records(history_file, the_month())
    printed = sitbreak_stats("--month", "--until", "2026-03-31", "--json")
    assert printed.status == 0, printed.err
    report = json.loads(printed.out)
    assert (report["first_day"], report["last_day"]) == ("2026-03-02", "2026-03-31")
    assert report["timezone"] == "Europe/Berlin"
    assert len(report["days"]) == 30
    for entry in report["days"]:
        day = date.fromisoformat(entry.pop("date"))
        assert entry == expected_day(day), day
    # 13 good days and 9 bad ones; 22 x 420 min + 30 + 30 + 30 min of late-night sitting
    assert report["totals"] == {
        "sitting_seconds": (22 * 420 + 90) * MINUTE,
        "longest_sitting_seconds": 220 * MINUTE,
        "reminders": 22 * 5,
        "repeats": 13 * 1 + 9 * 2,
        "breaks": 13 * 3 + 9 * 1 + 1,
        "done": 13 * 2,
        "natural_breaks": 22 + 1,
        "snoozes": 9,
        "skips": 9,
        "dismissed": 0,
        "ignored": 0,
        "followed": 13 * 3 + 9 * 2,
        "followed_share": round(57 / 110, 4),
        "long_bouts": 13 * 3 + 9 * 2 + 1 + 1,
        "streak_days": 0,
        "active_days": 24,
    }
    assert (report["long_bout_seconds"], report["streak_limit_seconds"]) == (30 * 60, 60 * 60)
    previous = report["previous"]
    assert (previous["first_day"], previous["last_day"]) == ("2026-01-31", "2026-03-01")
    assert (previous["sitting_seconds"], previous["active_days"]) == (5 * 8 * HOUR, 5)
    assert (previous["reminders"], previous["followed"]) == (5, 0)
    assert (previous["long_bouts"], previous["streak_days"]) == (5, 0)  # five 8-h bouts
    # 9330 min over 24 active days = 388.75 min = 6h29m; 19% less than 8 h; 57/110 = 52%
    assert report["trend"] == (
        "Sitting 6h29m a day on average, 19% less than the 30 days before (8h00m); "
        "52% of reminders followed by a break (was 0%)."
    )


def test_month_table_and_chart_show_the_same_figures(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """The readable table: one row per day with the hand-worked figures, bars scaled to 7h30m."""
    write_records(history_file, the_month())
    printed = sitbreak_stats("--month", "--until", "2026-03-31")
    assert printed.status == 0, printed.err
    lines = printed.out.splitlines()
    assert lines[0] == "Sitting and breaks, Mon  2 Mar – Tue 31 Mar 2026 (30 days, Europe/Berlin)"
    start = lines.index("") + 1
    table = lines[start : lines.index("", start)]
    assert table[0].split() == [
        "Day", "Sitting", "Longest", "≥30m", "Reminders", "Repeats", "Breaks", "Snoozes",
        "Skips", "Followed",
    ]  # fmt: skip
    assert len(table) == 1 + 30 + 1
    rows = {line[:10]: line[10:].split() for line in table[1:]}
    assert rows["Mon  2 Mar"] == ["7h00m", "3h20m", "3", "5", "1", "3", "0", "0", "60%"]
    assert rows["Tue  3 Mar"] == ["7h00m", "3h40m", "2", "5", "2", "1", "1", "1", "40%"]
    assert rows["Sat 14 Mar"] == ["30m", "1h00m", "1", "0", "0", "0", "0", "0", "–"]
    assert rows["Sun 15 Mar"] == ["30m", "0m", "0", "0", "0", "0", "0", "0", "–"]
    assert rows["Tue 31 Mar"] == ["7h30m", "3h40m", "3", "5", "2", "2", "1", "1", "40%"]
    assert rows["Total     "] == ["155h30m", "3h40m", "59", "110", "31", "49", "9", "9", "52%"]
    after = lines.index(table[-1]) + 2
    assert lines[after : after + 2] == [
        "Long sitting bouts (30 min or more without a break): 59; the longest 3 h 40 min"
        " (Tue 3 Mar).",
        "Streak: none at the moment; Tue 31 Mar had a bout of 3 h 40 min (over 1 h).",
    ]
    chart = [line for line in lines if "█" in line or "▏" in line]
    assert len(chart) == 24
    # 7h30m is the longest bar (30 cells); 7h00m is 28 cells; 30 min is 2 cells
    assert "█" * 30 + " 7h30m" in printed.out
    assert [line for line in chart if line.startswith("Wed  4 Mar")] == [
        "Wed  4 Mar  " + "█" * 28 + "   7h00m"
    ]
    assert [line for line in chart if line.startswith("Sat 14 Mar")] == [
        "Sat 14 Mar  " + "██" + " " * 29 + "30m"
    ]
    assert lines[-1].startswith("Sitting 6h29m a day on average, 19% less")

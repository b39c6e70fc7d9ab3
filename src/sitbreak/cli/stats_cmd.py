"""``sitbreak stats``: sitting time, reminders and breaks per day, read from the history file.

People read a table per day, a bar chart and the trend; scripts read ``--json`` or ``--csv``.

Both formats are stable: within ``"version": 1`` keys and columns are never renamed or
removed (new ones may be added at the end). Days are local calendar days in the time zone
named by ``timezone`` (``[schedule] timezone``, else the system's); durations are whole
seconds; counts are integers. What each figure means is defined in ``sitbreak.history.stats``.

``--json`` prints one object::

    {
      "version": 1,
      "timezone": "Europe/Berlin",
      "first_day": "2026-11-17",            # the period, both days included
      "last_day": "2026-11-23",
      "days": [                             # every day of the period, oldest first,
        {"date": "2026-11-17", FIGURES},    #   with zeros when nothing happened
        ...
      ],
      "totals": {FIGURES, "active_days": 6},
      "previous": {"first_day": "2026-11-10", "last_day": "2026-11-16",
                   FIGURES, "active_days": 5},   # the period of equal length before
      "trend": "Sitting 5h12m a day on average, 14% less than the 7 days before (6h03m)...",
      "long_bout_seconds": 1800,            # [history] long_bout: what counts as a long bout
      "streak_limit_seconds": 3600          # [history] streak_limit: the longest bout a
    }                                       #   streak day may have

where FIGURES are these keys:

    "sitting_seconds"           total sitting time
    "longest_sitting_seconds"   longest unbroken stretch (for totals: the longest of all days)
    "reminders"                 new reminders shown (repeats not included)
    "repeats"                   the same reminders shown again (ignored, or after a snooze)
    "breaks"                    done + natural_breaks
    "done"                      breaks confirmed with 'sitbreak done' or a notification button
    "natural_breaks"            times away long enough to count as a break
    "snoozes", "skips", "dismissed", "ignored"   what became of reminders
    "followed"                  new reminders followed by a break before the next one
    "followed_share"            followed / reminders, 0..1 rounded to 4 places; null without
                                reminders
    "long_bouts"                unbroken sitting bouts of long_bout or more, by the day they
                                started ("longest_sitting_seconds" is the longest bout)
    "streak_days"               active days in a row, up to this day, with no bout longer than
                                streak_limit (for totals and previous: as of their last day)

``--csv`` prints a header line and one line per day, oldest first, comma-separated::

    date,sitting_seconds,longest_sitting_seconds,reminders,repeats,breaks,done,natural_breaks,
    snoozes,skips,dismissed,ignored,followed,followed_share,long_bouts,streak_days

(one line in the output), with the same meanings; ``followed_share`` is empty without reminders.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import IO

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.durations import compact, humanize
from sitbreak.history.reading import HistoryRead, OlderSchema, read_history
from sitbreak.history.stats import (
    Bouts,
    DayStats,
    Figures,
    History,
    PeriodStats,
    format_duration,
    period_stats,
    trend_line,
)
from sitbreak.history.store import HistoryDamaged, NewerSchema, history_path, set_aside_damaged
from sitbreak.settings.loading import ConfigError, load_settings
from sitbreak.settings.to_policy import local_timezone
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = [
    "BAR_WIDTH",
    "CSV_COLUMNS",
    "FORMAT_VERSION",
    "bar",
    "bouts_line",
    "figures_dict",
    "stats",
    "stats_lines",
    "streak_line",
    "to_json",
    "write_csv",
]


DEFAULT_DAYS = 7
WEEK, MONTH = 7, 30

NO_HISTORY = (
    "No history yet. sitbreak records your sitting time, reminders and breaks while "
    "'sitbreak run' is running; come back after a few breaks."
)


def stats(args: argparse.Namespace) -> int:
    """Print the statistics; 0 shown (also when empty), 1 history unreadable, 2 bad settings."""
    try:
        settings = load_settings(args.config, overrides_from(args)).settings
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return EXIT_USAGE
    tz = local_timezone(settings)
    today = datetime.now(tz).date()
    length = period_length(args)
    last_day: date = args.until or today
    first_day = last_day - timedelta(days=length - 1)
    before = first_day - timedelta(days=length)
    # streaks look back as far as the history goes
    kept_from = _local_midnight(last_day - timedelta(days=settings.history.keep_days), tz)
    read = _read(history_path(), _local_midnight(before, tz), kept_from)
    if read is None:
        return EXIT_FAILED
    bouts = Bouts(settings.history.long_bout, settings.history.streak_limit)
    current = period_stats(read.history, tz, first_day, last_day, bouts)
    previous = period_stats(read.history, tz, before, first_day - timedelta(days=1), bouts)
    trend = trend_line(current, previous)
    if args.json:
        print(to_json(current, previous, tz, trend, bouts))
    elif args.csv:
        write_csv(current, sys.stdout)
    else:
        text = stats_lines(current, zone_name(tz), trend, bouts, includes_today=last_day == today)
        _print_text(read, current, text)
    return EXIT_OK


def period_length(args: argparse.Namespace) -> int:
    """Days in the period: ``--days N``, ``--week`` (7), ``--month`` (30), default 7."""
    if args.week:
        return WEEK
    if args.month:
        return MONTH
    return int(args.days or DEFAULT_DAYS)


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _read(path: Path, since: datetime, sitting_since: datetime) -> HistoryRead | None:
    """The history since ``since``; a damaged file is set aside; None (after a message) on error."""
    try:
        read = read_history(path, since, sitting_since=sitting_since)
    except HistoryDamaged as error:
        return _set_aside(path, error)
    except (NewerSchema, OlderSchema, sqlite3.Error, OSError) as error:
        print(f"sitbreak: cannot read the history {path}: {error}", file=sys.stderr)
        return None
    if read.skipped:
        print(
            f"sitbreak: skipped {read.skipped} unreadable records in the history {path}",
            file=sys.stderr,
        )
    return read


def _set_aside(path: Path, error: HistoryDamaged) -> HistoryRead | None:
    try:
        target = set_aside_damaged(path)
    except OSError as failure:
        print(f"sitbreak: the history {path} is damaged ({error}): {failure}", file=sys.stderr)
        return None
    print(
        f"sitbreak: the history {path} is damaged ({error}); it is kept as {target} "
        "and a new one starts with the next record.",
        file=sys.stderr,
    )
    return HistoryRead(History(), recorded=False)


def _print_text(read: HistoryRead, current: PeriodStats, lines: list[str]) -> None:
    if not read.recorded:
        print(NO_HISTORY)
        return
    if current.active_days == 0 and current.totals.breaks == 0:
        first, last = day_label(current.first_day), day_label(current.last_day)
        print(
            f"Nothing recorded from {first} to {last} {current.last_day.year}. "
            "Try a longer period, e.g. 'sitbreak stats --month'."
        )
        return
    print("\n".join(lines))


BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


def day_label(day: date) -> str:
    """``Mon 17 Nov``: short enough for a table, clear within a month or two."""
    return f"{day:%a} {day.day:2d} {day:%b}"


def _day_words(day: date) -> str:
    """``Tue 3 Mar``, for sentences."""
    return f"{day:%a} {day.day} {day:%b}"


def bar(value: timedelta, largest: timedelta, width: int = BAR_WIDTH) -> str:
    """A bar of Unicode blocks, ``width`` cells for ``largest``, in eighths of a cell."""
    if largest <= timedelta(0) or value <= timedelta(0):
        return ""
    eighths = round(value / largest * width * 8)
    full, rest = divmod(max(1, eighths), 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


def _share(figures: Figures) -> str:
    share = figures.followed_share
    return "–" if share is None else f"{share:.0%}"


def _headings(bouts: Bouts) -> tuple[str, ...]:
    """The table's column headings; the long-bout column names its length, e.g. ``≥30m``."""
    return (
        "Sitting",
        "Longest",
        f"≥{compact(bouts.long_bout)}",
        "Reminders",
        "Repeats",
        "Breaks",
        "Snoozes",
        "Skips",
        "Followed",
    )


def _row(label: str, figures: Figures, headings: tuple[str, ...]) -> str:
    cells = (
        format_duration(figures.sitting),
        format_duration(figures.longest),
        str(figures.long_bouts),
        str(figures.reminders),
        str(figures.repeats),
        str(figures.breaks),
        str(figures.snoozes),
        str(figures.skips),
        _share(figures),
    )
    return f"{label:<12}" + "".join(
        f"{cell:>{len(heading) + 2}}" for cell, heading in zip(cells, headings, strict=True)
    )


def _table(current: PeriodStats, bouts: Bouts) -> list[str]:
    headings = _headings(bouts)
    header = f"{'Day':<12}" + "".join(f"{heading:>{len(heading) + 2}}" for heading in headings)
    lines = [header]
    lines += [_row(day_label(day.day), day.figures, headings) for day in current.days]
    lines.append(_row("Total", current.totals, headings))
    return lines


def bouts_line(current: PeriodStats, bouts: Bouts) -> str:
    """How many long sitting bouts there were, and the longest bout and its day."""
    heading = f"Long sitting bouts ({humanize(bouts.long_bout)} or more without a break)"
    longest = max(current.days, key=lambda day: day.figures.longest, default=None)
    if longest is None or longest.figures.longest <= timedelta(0):
        return f"{heading}: none."
    length, day = humanize(longest.figures.longest), _day_words(longest.day)
    count = current.totals.long_bouts
    if count == 0:
        return f"{heading}: none; the longest bout was {length} ({day})."
    return f"{heading}: {count}; the longest {length} ({day})."


def streak_line(current: PeriodStats, bouts: Bouts) -> str:
    """The streak as of the last day, or the day that broke it."""
    limit = humanize(bouts.streak_limit)
    streak = current.totals.streak
    if streak:
        days = "1 day" if streak == 1 else f"{streak} days"
        return f"Streak: {days} in a row with no sitting bout over {limit}."
    over = [day for day in current.days if day.figures.longest > bouts.streak_limit]
    if not over:
        return f"Streak: none yet; it counts the days in a row with no sitting bout over {limit}."
    last = over[-1]
    return (
        f"Streak: none at the moment; {_day_words(last.day)} had a bout of"
        f" {humanize(last.figures.longest)} (over {limit})."
    )


def _chart(days: tuple[DayStats, ...]) -> list[str]:
    largest = max((day.figures.sitting for day in days), default=timedelta(0))
    return [
        f"{day_label(day.day):<12}{bar(day.figures.sitting, largest):<{BAR_WIDTH}} "
        f"{format_duration(day.figures.sitting)}"
        for day in days
    ]


def stats_lines(
    current: PeriodStats, zone: str, trend: str, bouts: Bouts, *, includes_today: bool
) -> list[str]:
    """The whole readable report: heading, table, bouts and streak, chart of sitting, trend."""
    first, last = current.first_day, current.last_day
    span = f"{day_label(first)} – {day_label(last)} {last.year}"
    lines = [f"Sitting and breaks, {span} ({len(current.days)} days, {zone})", ""]
    lines += _table(current, bouts)
    lines += ["", bouts_line(current, bouts), streak_line(current, bouts)]
    lines += ["", "Sitting per day"]
    lines += _chart(current.days)
    lines += ["", trend]
    if includes_today:
        lines.append("Today so far: the stretch you are sitting in counts once it ends.")
    return lines


FORMAT_VERSION = 1

CSV_COLUMNS = (
    "date",
    "sitting_seconds",
    "longest_sitting_seconds",
    "reminders",
    "repeats",
    "breaks",
    "done",
    "natural_breaks",
    "snoozes",
    "skips",
    "dismissed",
    "ignored",
    "followed",
    "followed_share",
    "long_bouts",
    "streak_days",
)


def figures_dict(figures: Figures) -> dict[str, int | float | None]:
    """FIGURES as the JSON and CSV formats spell them."""
    share = figures.followed_share
    return {
        "sitting_seconds": round(figures.sitting.total_seconds()),
        "longest_sitting_seconds": round(figures.longest.total_seconds()),
        "reminders": figures.reminders,
        "repeats": figures.repeats,
        "breaks": figures.breaks,
        "done": figures.done,
        "natural_breaks": figures.natural_breaks,
        "snoozes": figures.snoozes,
        "skips": figures.skips,
        "dismissed": figures.dismissed,
        "ignored": figures.ignored,
        "followed": figures.followed,
        "followed_share": None if share is None else round(share, 4),
        "long_bouts": figures.long_bouts,
        "streak_days": figures.streak,
    }


def zone_name(tz: tzinfo) -> str:
    """An IANA name where the zone has one (``Europe/Berlin``), else its own name."""
    return str(getattr(tz, "key", None) or tz)


def to_json(
    current: PeriodStats, previous: PeriodStats, tz: tzinfo, trend: str, bouts: Bouts
) -> str:
    """The ``--json`` document (see the module docstring)."""
    document = {
        "version": FORMAT_VERSION,
        "timezone": zone_name(tz),
        "first_day": current.first_day.isoformat(),
        "last_day": current.last_day.isoformat(),
        "days": [
            {"date": day.day.isoformat(), **figures_dict(day.figures)} for day in current.days
        ],
        "totals": {**figures_dict(current.totals), "active_days": current.active_days},
        "previous": {
            "first_day": previous.first_day.isoformat(),
            "last_day": previous.last_day.isoformat(),
            **figures_dict(previous.totals),
            "active_days": previous.active_days,
        },
        "trend": trend,
        "long_bout_seconds": round(bouts.long_bout.total_seconds()),
        "streak_limit_seconds": round(bouts.streak_limit.total_seconds()),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def write_csv(current: PeriodStats, out: IO[str]) -> None:
    """The ``--csv`` table (see the module docstring) written to ``out``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in current.days:
        values = {"date": day.day.isoformat(), **figures_dict(day.figures)}
        writer.writerow("" if values[column] is None else values[column] for column in CSV_COLUMNS)

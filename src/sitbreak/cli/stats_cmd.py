"""``sitbreak stats``: sitting time, reminders and breaks per day, read from the history file."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.cli.stats_export import to_json, write_csv, zone_name
from sitbreak.cli.stats_text import day_label, stats_lines
from sitbreak.history.reading import HistoryRead, OlderSchema, read_history
from sitbreak.history.schema import NewerSchema
from sitbreak.history.stats import Bouts, History, PeriodStats, period_stats, trend_line
from sitbreak.history.store import HistoryDamaged, history_path, set_aside_damaged
from sitbreak.settings.loading import ConfigError, load_settings
from sitbreak.settings.to_policy import local_timezone
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["stats"]

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

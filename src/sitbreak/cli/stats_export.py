"""The machine-readable forms of ``sitbreak stats``: ``--json`` and ``--csv``.

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

import csv
import json
from datetime import tzinfo
from typing import IO

from sitbreak.history.stats import Bouts, Figures, PeriodStats

__all__ = ["CSV_COLUMNS", "FORMAT_VERSION", "figures_dict", "to_json", "write_csv"]

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

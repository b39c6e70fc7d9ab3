"""The readable form of ``sitbreak stats``: a table per day, a bar chart and the trend."""

from __future__ import annotations

from datetime import date, timedelta

from sitbreak.durations import compact, humanize
from sitbreak.history.stats import Bouts, DayStats, Figures, PeriodStats, format_duration

__all__ = ["BAR_WIDTH", "bar", "bouts_line", "stats_lines", "streak_line"]

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

"""The readable form of ``sitbreak stats``: a table per day, a bar chart and the trend."""

from __future__ import annotations

from datetime import date, timedelta

from sitbreak.history.stats import DayStats, Figures, PeriodStats, format_duration

__all__ = ["BAR_WIDTH", "bar", "stats_lines"]

BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"
_HEADINGS = (
    "Sitting",
    "Longest",
    "Reminders",
    "Repeats",
    "Breaks",
    "Snoozes",
    "Skips",
    "Followed",
)


def day_label(day: date) -> str:
    """``Mon 17 Nov``: short enough for a table, clear within a month or two."""
    return f"{day:%a} {day.day:2d} {day:%b}"


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


def _row(label: str, figures: Figures) -> str:
    cells = (
        format_duration(figures.sitting),
        format_duration(figures.longest),
        str(figures.reminders),
        str(figures.repeats),
        str(figures.breaks),
        str(figures.snoozes),
        str(figures.skips),
        _share(figures),
    )
    return f"{label:<12}" + "".join(
        f"{cell:>{len(heading) + 2}}" for cell, heading in zip(cells, _HEADINGS, strict=True)
    )


def _table(current: PeriodStats) -> list[str]:
    header = f"{'Day':<12}" + "".join(f"{heading:>{len(heading) + 2}}" for heading in _HEADINGS)
    lines = [header]
    lines += [_row(day_label(day.day), day.figures) for day in current.days]
    lines.append(_row("Total", current.totals))
    return lines


def _chart(days: tuple[DayStats, ...]) -> list[str]:
    largest = max((day.figures.sitting for day in days), default=timedelta(0))
    return [
        f"{day_label(day.day):<12}{bar(day.figures.sitting, largest):<{BAR_WIDTH}} "
        f"{format_duration(day.figures.sitting)}"
        for day in days
    ]


def stats_lines(current: PeriodStats, zone: str, trend: str, *, includes_today: bool) -> list[str]:
    """The whole readable report: heading, table, chart of sitting per day, trend."""
    first, last = current.first_day, current.last_day
    span = f"{day_label(first)} – {day_label(last)} {last.year}"
    lines = [f"Sitting and breaks, {span} ({len(current.days)} days, {zone})", ""]
    lines += _table(current)
    lines += ["", "Sitting per day"]
    lines += _chart(current.days)
    lines += ["", trend]
    if includes_today:
        lines.append("Today so far: the stretch you are sitting in counts once it ends.")
    return lines

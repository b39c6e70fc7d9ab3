"""Office hours for ``config init``: from --hours/--days, or asked at a terminal, checked as set."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from sitbreak.settings.fields import parse_days
from sitbreak.settings.model import ScheduleSettings

__all__ = ["OfficeHours", "ask_office_hours", "office_hours_from"]

_TRIES = 3


@dataclass(frozen=True)
class OfficeHours:
    """The ``[schedule]`` values chosen; None leaves the default (all day, every day)."""

    hours: str | None = None
    days: list[str] | None = None

    @property
    def chosen(self) -> bool:
        """True when either was given."""
        return self.hours is not None or self.days is not None

    def describe(self) -> str:
        """``09:00-17:30 on mon-fri`` in words."""
        hours = self.hours or "all day"
        days = ", ".join(self.days) if self.days else "every day"
        return f"{hours} on {days}"


def _check_hours(text: str) -> str:
    """The window as the settings write it; ValueError naming what is wrong."""
    try:
        return ScheduleSettings(active_hours=text).active_hours
    except ValueError as error:
        raise ValueError(_first_message(error)) from None


def _check_days(text: str) -> list[str]:
    """``mon-fri,sat`` as a list of entries; ValueError naming what is wrong."""
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise ValueError("name at least one day, e.g. mon-fri")
    try:
        parse_days(entries)
        return list(ScheduleSettings(active_days=entries).active_days)
    except ValueError as error:
        raise ValueError(_first_message(error)) from None


def _first_message(error: ValueError) -> str:
    """A pydantic error's first message without its framing, or the error itself."""
    errors = getattr(error, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return str(found[0].get("msg", error)).removeprefix("Value error, ")
    return str(error)


def office_hours_from(hours: str | None, days: str | None) -> OfficeHours:
    """The flags' values, checked; ValueError naming the flag and the problem."""
    try:
        checked_hours = None if hours is None else _check_hours(hours)
    except ValueError as error:
        raise ValueError(f"--hours {hours!r}: {error}") from None
    try:
        checked_days = None if days is None else _check_days(days)
    except ValueError as error:
        raise ValueError(f"--days {days!r}: {error}") from None
    return OfficeHours(checked_hours, checked_days)


def _ask(question: str, check: Callable[[str], object], read: Callable[[str], str]) -> str | None:
    """One answer that passes ``check``; None for Enter, end of input or three bad answers."""
    for _ in range(_TRIES):
        try:
            answer = read(question).strip()
        except EOFError:
            return None
        if not answer:
            return None
        try:
            check(answer)
        except ValueError as error:
            print(f"  {error}; try again, or press Enter to skip.", file=sys.stderr)
            continue
        return answer
    return None


def ask_office_hours(read: Callable[[str], str] = input) -> OfficeHours:
    """Ask at a terminal for the hours and days reminders should run in."""
    print("Reminders can come only in your working hours (Enter: any time).")
    hours = _ask("Working hours, like 09:00-17:30: ", _check_hours, read)
    days = _ask("Working days, like mon-fri: ", _check_days, read)
    return OfficeHours(
        None if hours is None else _check_hours(hours),
        None if days is None else _check_days(days),
    )

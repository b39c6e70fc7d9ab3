"""Value types of the settings: durations, active hours, weekdays, time zones and prompt ids."""

from __future__ import annotations

import difflib
import json
import re
import zoneinfo
from collections.abc import Iterable
from datetime import time, timedelta
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, Strict
from pydantic_settings import NoDecode

from sitbreak.core.policy import ActiveHours
from sitbreak.durations import compact, parse_duration
from sitbreak.printable import quoted

__all__ = [
    "DAY_NAMES",
    "ActiveDays",
    "ActiveHoursText",
    "Count",
    "Duration",
    "Flag",
    "PositiveDuration",
    "PromptId",
    "TextList",
    "TimezoneName",
    "check_timezone",
    "longest",
    "looks_like_json",
    "most",
    "parse_active_hours",
    "parse_days",
    "parse_json_text",
    "split_list_text",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_PROMPT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MINUTES_PER_DAY = 24 * 60
_Item = TypeVar("_Item")


def _to_timedelta(value: object) -> object:
    """Read a duration from text; reject bare numbers with the parser's "add a unit" hint."""
    if isinstance(value, bool):
        raise ValueError(f"{quoted(value)} is not a duration; write e.g. 25m, 90s, 1h30m or PT25M")
    if isinstance(value, int | float):
        return parse_duration(str(value))  # always raises: a number without a unit
    if isinstance(value, str):
        return parse_duration(value)
    return value


def _not_negative(value: timedelta) -> timedelta:
    """Refuse negative durations (only possible when code passes a timedelta)."""
    if value < timedelta(0):
        raise ValueError(f"{compact(value)} is negative; durations are 0s or more")
    return value


def _at_least_a_second(value: timedelta) -> timedelta:
    """Refuse durations under one second, which would make reminders fire in a loop."""
    if value < timedelta(seconds=1):
        raise ValueError(f"{value.total_seconds():g}s is too short; use 1s or more")
    return value


Duration = Annotated[
    timedelta,
    BeforeValidator(_to_timedelta),
    AfterValidator(_not_negative),
    PlainSerializer(compact, return_type=str),
]
"""A length of time written ``90s``, ``25m``, ``1h30m``, ``2h`` or ``PT25M``; ``0s`` allowed."""

PositiveDuration = Annotated[Duration, AfterValidator(_at_least_a_second)]
"""A Duration of at least one second."""


def _not_a_bool(value: object) -> object:
    """Refuse true/false where a count is meant (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a count; write a whole number like 3")
    return value


Count = Annotated[int, BeforeValidator(_not_a_bool), Strict(), Field(ge=0)]
"""A whole number, 0 or more; ``"3"`` in the file is text, not a count."""

Flag = Annotated[bool, Strict()]
"""true or false; ``"yes"`` or ``1`` in the file are refused, not guessed at."""


def longest(limit: timedelta) -> AfterValidator:
    """A check that a duration is at most ``limit``, naming the limit when it is not.

    Every duration gets one: a real user never comes near it, and it keeps every datetime the
    daemon computes from the setting far inside Python's range.
    """

    def check(value: timedelta) -> timedelta:
        if value > limit:
            raise ValueError(f"{compact(value)} is more than the maximum of {compact(limit)}")
        return value

    return AfterValidator(check)


def _number(value: int) -> str:
    """A number for a message: itself, or its length when it is very long."""
    if value.bit_length() > 13_000:  # str() refuses numbers of more than 4,300 digits
        return "a number of thousands of digits"
    text = str(value)
    return text if len(text) <= 20 else f"a number of {len(text)} digits"


def most(limit: int) -> AfterValidator:
    """A check that a count is at most ``limit``, naming the limit when it is not."""

    def check(value: int) -> int:
        if value > limit:
            raise ValueError(f"{_number(value)} is more than the maximum of {limit}")
        return value

    return AfterValidator(check)


def _clock_minutes(text: str, *, is_end: bool) -> int:
    """Minutes after midnight of ``HH:MM``; ``24:00`` only as the end of a window."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{quoted(text.strip())} is not a time of day; write HH:MM, e.g. 08:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours == 24 and minutes == 0:
        if is_end:
            return _MINUTES_PER_DAY
        raise ValueError("24:00 can only end a window; start it at 00:00")
    if hours > 23 or minutes > 59:
        raise ValueError(
            f"{text.strip()} is not a time of day: hours run 00-23 and minutes 00-59"
            " (24:00 is allowed as an end)"
        )
    return hours * 60 + minutes


def _window_minutes(text: str) -> tuple[int, int] | None:
    """Start and end minutes of ``"HH:MM-HH:MM"``, or None for ``""`` (always active)."""
    if not text.strip():
        return None
    start_text, dash, end_text = text.partition("-")
    if not dash:
        raise ValueError(
            f'{quoted(text)} is not a window; write e.g. 08:00-19:00, or "" for always'
        )
    start = _clock_minutes(start_text, is_end=False)
    end = _clock_minutes(end_text, is_end=True)
    if start == end:
        raise ValueError(f'{quoted(text)} starts and ends at the same time; use "" for always')
    return start, end


def _normalise_active_hours(text: str) -> str:
    """Check an active-hours window and write it as ``HH:MM-HH:MM``."""
    window = _window_minutes(text)
    if window is None:
        return ""
    return "-".join(f"{minutes // 60:02d}:{minutes % 60:02d}" for minutes in window)


def parse_active_hours(text: str) -> ActiveHours | None:
    """The core's ActiveHours for ``"08:00-19:00"``, or None for ``""``; ``24:00`` becomes 00:00."""
    window = _window_minutes(text)
    if window is None:
        return None
    start, end = (time((minutes // 60) % 24, minutes % 60) for minutes in window)
    return ActiveHours(start=start, end=end)


ActiveHoursText = Annotated[str, AfterValidator(_normalise_active_hours)]
"""``""`` (always) or a daily window ``"08:00-19:00"``; ``"22:00-06:00"`` runs past midnight."""


def _day_number(name: str) -> int:
    """0 for Monday through 6 for Sunday; accepts ``mon`` or ``Monday`` in any case."""
    key = name.strip().lower()
    for number, names in enumerate(zip(DAY_NAMES, _FULL_DAY_NAMES, strict=True)):
        if key in names:
            return number
    raise ValueError(
        f"{quoted(name.strip())} is not a day; use mon, tue, wed, thu, fri, sat or sun"
    )


def _days_of(entry: str) -> list[int]:
    """The weekdays of one entry: ``"mon"``, or a range ``"mon-fri"`` (``"fri-mon"`` wraps)."""
    first, dash, last = entry.partition("-")
    if not dash:
        return [_day_number(first)]
    start, stop = _day_number(first), _day_number(last)
    return [(start + offset) % 7 for offset in range((stop - start) % 7 + 1)]


def parse_days(entries: Iterable[str]) -> frozenset[int]:
    """Weekday numbers (0 = Monday) named by entries such as ``["mon-fri", "sun"]``."""
    return frozenset(day for entry in entries for day in _days_of(entry))


def looks_like_json(text: str) -> bool:
    """True for text written as a JSON list or table, ``[...]`` or ``{...}``."""
    return text.strip()[:1] in ("[", "{")


def parse_json_text(text: str) -> object:
    """A JSON list or table from a variable or flag; ValueError saying how to write one."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        message = f'{quoted(text)} is not valid JSON ({reason}); write lists like ["mon-fri"]'
        raise ValueError(message) from None


def split_list_text(value: object) -> object:
    """Accept ``"a, b"`` or JSON text as well as a list, so one variable can set a whole list."""
    if not isinstance(value, str):
        return value
    if looks_like_json(value):
        return parse_json_text(value)
    return [part for part in (piece.strip() for piece in value.split(",")) if part]


TextList = Annotated[list[_Item], NoDecode, BeforeValidator(split_list_text)]
"""A list that one variable may set as ``a, b`` or as JSON.

``NoDecode`` makes pydantic-settings hand the variable's text to ``split_list_text`` as it is,
instead of insisting on JSON."""


def _normalise_days(entries: list[str]) -> list[str]:
    """Check every entry, refuse an empty list and write the entries in lower case."""
    if not entries:
        raise ValueError('no active days: reminders would never run; use e.g. ["mon-fri"]')
    parse_days(entries)
    return [entry.strip().lower() for entry in entries]


ActiveDays = Annotated[TextList[str], AfterValidator(_normalise_days)]
"""Days reminders run: ``["mon-fri"]``, ``["mon", "wed", "sat-sun"]``; never empty."""


def check_timezone(name: str) -> str:
    """Return ``name`` if it is ``""`` (system zone) or a known IANA zone; else explain."""
    name = name.strip()
    if not name:
        return name
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        close = difflib.get_close_matches(name, zoneinfo.available_timezones(), n=1)
        hint = f"; did you mean {close[0]}?" if close else '; use e.g. "Europe/Berlin" or ""'
        raise ValueError(f"{quoted(name)} is not a known IANA time zone{hint}") from None
    return name


TimezoneName = Annotated[str, AfterValidator(check_timezone)]
"""``""`` for the system's zone, or an IANA name such as ``"Europe/Berlin"``."""


def _check_prompt_id(value: str) -> str:
    """Refuse prompt ids that are not kebab-case."""
    if not _PROMPT_ID.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not a prompt id; use kebab-case like 'wall-stretch'")
    return value


PromptId = Annotated[str, AfterValidator(_check_prompt_id)]
"""A prompt id in kebab-case: lower-case letters and digits joined by single hyphens."""

"""Durations as people write them (``90s``, ``25m``, ``1h30m``, ``PT25M``) and as they read them."""

from __future__ import annotations

import re
from datetime import timedelta

from sitbreak.printable import quoted

__all__ = ["compact", "humanize", "parse_duration"]

_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_SHORT = re.compile(r"(?:(\d+(?:\.\d+)?)\s*([dhms]))", re.IGNORECASE)
_ISO = re.compile(
    r"P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)


def parse_duration(text: str) -> timedelta:
    """Parse ``90s``, ``25m``, ``1h30m``, ``2h``, ``1d`` or ISO 8601 ``PT25M``; raise ValueError."""
    try:
        return _parse(text)
    except OverflowError as error:
        raise ValueError(f"{quoted(text)} is far too long a duration") from error


def _parse(text: str) -> timedelta:
    raw = text.strip()
    if not raw:
        raise ValueError("empty duration; write e.g. 25m, 90s, 1h30m or PT25M")
    if raw[0] in "Pp":
        return _parse_iso(raw)
    compact_text = raw.replace(" ", "")
    if compact_text.replace(".", "", 1).isdigit():
        number = compact_text if len(compact_text) <= 12 else "25"
        raise ValueError(f"{quoted(text)} has no unit; write e.g. {number}s or {number}m")
    total = 0.0
    position = 0
    for match in _SHORT.finditer(compact_text):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
        position = match.end()
    if position != len(compact_text) or position == 0:
        raise ValueError(f"{quoted(text)} is not a duration; write e.g. 25m, 90s, 1h30m or PT25M")
    return timedelta(seconds=total)


def _parse_iso(raw: str) -> timedelta:
    match = _ISO.fullmatch(raw)
    if match is None or not any(match.groupdict().values()) or raw.upper().endswith("T"):
        raise ValueError(f"{quoted(raw)} is not an ISO 8601 duration like PT25M or PT1H30M")
    parts = {unit: float(value) for unit, value in match.groupdict().items() if value}
    return timedelta(seconds=sum(value * _UNIT_SECONDS[unit] for unit, value in parts.items()))


def compact(duration: timedelta) -> str:
    """The shortest form ``parse_duration`` reads back: ``1h30m``, ``45s``, ``0s``."""
    seconds = round(duration.total_seconds())
    if seconds <= 0:
        return "0s"
    out = []
    for unit in ("h", "m", "s"):
        size = _UNIT_SECONDS[unit]
        if seconds >= size:
            amount, seconds = divmod(seconds, size)
            out.append(f"{amount}{unit}")
    return "".join(out)


def humanize(duration: timedelta) -> str:
    """A friendly rounded form for sentences: ``1 h 40 min``, ``25 min``, ``45 s``."""
    seconds = max(0, round(duration.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"

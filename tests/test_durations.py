"""Durations as people write them, and back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitbreak.durations import compact, humanize, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("25m", timedelta(minutes=25)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1h 30m", timedelta(hours=1, minutes=30)),
        ("1.5h", timedelta(hours=1, minutes=30)),
        ("1d", timedelta(days=1)),
        ("PT25M", timedelta(minutes=25)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("pt45s", timedelta(seconds=45)),
        ("1s", timedelta(seconds=1)),
    ],
)
def test_accepted_forms(text: str, expected: timedelta) -> None:
    """Short forms and ISO 8601 all parse to the same timedelta."""
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("abc", "not a duration"),
        ("30", "has no unit"),
        ("", "empty duration"),
        ("1h30", "not a duration"),
        ("PT", "not an ISO 8601 duration"),
        ("m5", "not a duration"),
        ("-5m", "not a duration"),
    ],
)
def test_rejected_forms_say_why(text: str, hint: str) -> None:
    """Bad durations raise ValueError with a message that helps."""
    with pytest.raises(ValueError, match=hint):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=10 * 86400))
def test_compact_round_trips(seconds: int) -> None:
    """compact() writes what parse_duration() reads back exactly."""
    duration = timedelta(seconds=seconds)
    assert parse_duration(compact(duration)) == duration


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (1500, "25 min"), (6000, "1 h 40 min"), (7200, "2 h")]
)
def test_humanize(seconds: int, text: str) -> None:
    """Sentences get rounded, readable durations."""
    assert humanize(timedelta(seconds=seconds)) == text


def test_absurdly_long_duration_is_a_value_error() -> None:
    """A duration too large for timedelta is reported, not crashed on."""
    with pytest.raises(ValueError, match="far too long"):
        parse_duration("9999999999d")

"""Setting values: durations, active hours, active days, time zones and custom prompts."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from pydantic import ValidationError

from sitbreak.core.policy import ActiveHours
from sitbreak.settings.fields import parse_active_hours, parse_days
from sitbreak.settings.model import Settings
from sitbreak.vocabulary import Kind


def micro(**values: object) -> Settings:
    """Settings with ``[reminders.micro]`` set to ``values``."""
    return Settings(reminders={"micro": values})


def error_text(**tables: object) -> str:
    """The validation message for settings built from ``tables``."""
    with pytest.raises(ValidationError) as caught:
        Settings(**tables)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("25m", timedelta(minutes=25)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2h", timedelta(hours=2)),
        ("PT25M", timedelta(minutes=25)),
    ],
)
def test_durations_are_read_from_text(text: str, expected: timedelta) -> None:
    """Short forms and ISO 8601 set an interval."""
    assert micro(every=text).reminders.micro.every == expected


def test_one_second_intervals_are_allowed() -> None:
    """Intervals down to 1s are allowed so tests and demos run fast."""
    settings = micro(every="2s", break_length="1s")
    assert settings.reminders.micro.break_length == timedelta(seconds=1)


def test_intervals_under_a_second_are_refused() -> None:
    """A zero or sub-second interval would fire in a loop."""
    assert "use 1s or more" in error_text(reminders={"micro": {"every": "0s"}})


def test_absurdly_long_durations_are_refused() -> None:
    """A duration beyond what timedelta holds is an error, not an OverflowError."""
    assert "far too long a duration" in error_text(reminders={"micro": {"every": "9999999999d"}})


@pytest.mark.parametrize("number", [25, 2.5])
def test_bare_numbers_get_the_unit_hint(number: float) -> None:
    """A number without a unit is refused with a hint to add one."""
    assert f"{number}m" in error_text(reminders={"micro": {"every": number}})


def test_durations_serialise_compactly() -> None:
    """Durations are written back in the form the parser reads."""
    dumped = micro(every="PT1H30M").model_dump(mode="json")
    assert dumped["reminders"]["micro"]["every"] == "1h30m"
    assert dumped["notifications"]["timeout"] == "30s"


def test_zero_timeout_and_repeat_mean_never() -> None:
    """0s is allowed for the notification timeout and for repeating."""
    settings = Settings(notifications={"timeout": "0s", "repeat_ignored_after": "0s"})
    assert settings.notifications.timeout == timedelta(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("08:00-19:00", ActiveHours(time(8), time(19))),
        ("8:00 - 19:30", ActiveHours(time(8), time(19, 30))),
        ("22:00-06:00", ActiveHours(time(22), time(6))),
        ("08:00-24:00", ActiveHours(time(8), time(0))),
        ("00:00-24:00", ActiveHours(time(0), time(0))),
    ],
)
def test_active_hours_forms(text: str, expected: ActiveHours | None) -> None:
    """Windows parse to the core's ActiveHours; 24:00 ends a window at midnight."""
    assert parse_active_hours(Settings(schedule={"active_hours": text}).schedule.active_hours) == (
        expected
    )


def test_active_hours_are_normalised() -> None:
    """A window is stored as HH:MM-HH:MM."""
    assert Settings(schedule={"active_hours": "8:00 - 9:30"}).schedule.active_hours == "08:00-09:30"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("25:00-26:00", "25:00 is not a time of day: hours run 00-23"),
        ("08:60-09:00", "minutes 00-59"),
        ("09:00-09:00", "starts and ends at the same time"),
        ("24:00-08:00", "24:00 can only end a window"),
        ("morning", "is not a window"),
        ("8-19", "is not a time of day"),
    ],
)
def test_bad_active_hours_say_why(text: str, reason: str) -> None:
    """Impossible or empty windows are refused with the reason."""
    assert reason in error_text(schedule={"active_hours": text})


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (["mon-fri"], {0, 1, 2, 3, 4}),
        (["Mon", "WED", "sat-sun"], {0, 2, 5, 6}),
        (["fri-mon"], {4, 5, 6, 0}),
        (["monday", "Friday"], {0, 4}),
        (["mon-sun"], set(range(7))),
        ("mon-wed, sun", {0, 1, 2, 6}),
    ],
)
def test_active_days_with_ranges(days: list[str] | str, expected: set[int]) -> None:
    """Days and ranges in any case (a range may wrap past Sunday) become weekday numbers."""
    settings = Settings(schedule={"active_days": days})
    assert parse_days(settings.schedule.active_days) == expected


def test_empty_active_days_are_refused() -> None:
    """No active days would mean reminders never run."""
    assert "reminders would never run" in error_text(schedule={"active_days": []})


def test_unknown_day_is_refused() -> None:
    """A day name that does not exist is named in the error."""
    assert "'funday' is not a day" in error_text(schedule={"active_days": ["mon-funday"]})


def test_timezone_is_checked_against_the_zone_database() -> None:
    """A known IANA zone is kept; a misspelt one gets a suggestion."""
    assert Settings(schedule={"timezone": "Europe/Berlin"}).schedule.timezone == "Europe/Berlin"
    assert "did you mean Europe/Berlin?" in error_text(schedule={"timezone": "Europe/Berln"})


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd"])
def test_unknown_timezones_are_refused(name: str) -> None:
    """Unknown and malformed zone names are errors, not crashes."""
    assert "is not a known IANA time zone" in error_text(schedule={"timezone": name})


def test_urgency_accepts_any_case_and_only_known_levels() -> None:
    """Urgency is low, normal or critical."""
    assert Settings(notifications={"urgency": "Critical"}).notifications.urgency == "critical"
    assert "'low', 'normal' or 'critical'" in error_text(notifications={"urgency": "loud"})


def prompt(**changes: object) -> dict[str, object]:
    """A valid custom prompt with some fields changed."""
    return {"id": "walk-over", "kind": "micro", "title": "Walk over", "text": "Go.", **changes}


def test_custom_prompts_are_read() -> None:
    """A custom prompt's kind becomes a Kind; caution is optional."""
    settings = Settings(guidance={"custom": [prompt(kind="Stretch", caution="Gently.")]})
    assert settings.guidance.custom[0].kind is Kind.STRETCH


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"kind": "yoga"}, "custom prompt 'walk-over': 'yoga' is not a kind"),
        ({"id": "Walk_Over"}, "is not a prompt id; use kebab-case"),
        ({"title": "x" * 61}, "at most 60 characters"),
        ({"text": "x" * 221}, "at most 220 characters"),
    ],
)
def test_bad_custom_prompts_say_why(changes: dict[str, object], reason: str) -> None:
    """Unknown kinds, bad ids and overlong text are refused."""
    assert reason in error_text(guidance={"custom": [prompt(**changes)]})


def test_custom_prompt_ids_must_be_unique() -> None:
    """Two custom prompts may not share an id."""
    custom = [prompt(), prompt(kind="posture")]
    assert "'walk-over' is used more than once" in error_text(guidance={"custom": custom})

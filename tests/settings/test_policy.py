"""to_policy hands every relevant setting to the core; local_timezone picks the zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sitbreak.core.policy import ActiveHours, KindPolicy, Policy, Schedule
from sitbreak.settings.loading import load_settings
from sitbreak.settings.model import Settings
from sitbreak.settings.to_policy import local_timezone, to_policy
from sitbreak.vocabulary import Kind

TOKYO = ZoneInfo("Asia/Tokyo")

CUSTOM = """\
[reminders.posture]
enabled = false
every = "15m"
break_length = "30s"

[reminders.micro]
every = "25m"
break_length = "2m"

[reminders.stretch]
every = "1h30m"
break_length = "5m"

[snooze]
default = "7m"
max_in_a_row = 0

[schedule]
active_hours = "22:00-06:00"
active_days = ["mon-wed", "fri"]
timezone = "Asia/Tokyo"

[notifications]
repeat_ignored_after = "4m"
max_repeats = 2
"""


def test_to_policy_maps_every_field(tmp_path: Path) -> None:
    """Each kind, snooze, repeat and schedule setting arrives in the Policy."""
    config = tmp_path / "config.toml"
    config.write_text(CUSTOM, encoding="utf-8")
    settings = load_settings(config, environ={}).settings
    policy = to_policy(settings, local_timezone(settings))
    assert policy == Policy(
        kinds={
            Kind.POSTURE: KindPolicy(False, timedelta(minutes=15), timedelta(seconds=30)),
            Kind.MICRO: KindPolicy(True, timedelta(minutes=25), timedelta(minutes=2)),
            Kind.STRETCH: KindPolicy(True, timedelta(minutes=90), timedelta(minutes=5)),
        },
        snooze_default=timedelta(minutes=7),
        snooze_max_in_a_row=0,
        repeat_after=timedelta(minutes=4),
        max_repeats=2,
        schedule=Schedule(
            hours=ActiveHours(time(22), time(6)), days=frozenset({0, 1, 2, 4}), tz=TOKYO
        ),
    )


def test_defaults_give_the_core_defaults() -> None:
    """Default settings make the same Policy as the core's own defaults."""
    assert to_policy(Settings(), UTC) == Policy()


def test_always_active_schedule_has_no_hours() -> None:
    """active_hours "" and every day make an always-active schedule."""
    assert to_policy(Settings(), UTC).schedule.always


def test_zero_repeat_stays_zero_for_the_core() -> None:
    """repeat_ignored_after = 0s reaches the core as a zero repeat_after (never repeat)."""
    settings = Settings(notifications={"repeat_ignored_after": "0s"})
    assert to_policy(settings, UTC).repeat_after == timedelta(0)


def test_local_timezone_uses_the_configured_zone() -> None:
    """A configured IANA zone is used as is."""
    assert local_timezone(Settings(schedule={"timezone": "Asia/Tokyo"})) == TOKYO


def test_local_timezone_falls_back_to_the_system_zone() -> None:
    """Without a configured zone the system's zone is used: same offset as local time now."""
    zone = local_timezone(Settings())
    now = datetime.now(UTC)
    assert now.astimezone(zone).utcoffset() == now.astimezone().utcoffset()

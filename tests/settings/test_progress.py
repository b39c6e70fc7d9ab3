"""The settings of waiting for a pause, the daily summary and long sitting bouts: bounds and use."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from sitbreak.settings.loading import ConfigError, load_settings
from sitbreak.settings.model import Settings
from sitbreak.settings.to_policy import to_policy


def error_line(tmp_path: Path, text: str) -> str:
    """The single error for a config file with one problem, the file's path as CONFIG."""
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    [problem] = caught.value.problems
    return str(problem).replace(str(config), "CONFIG")


def test_defaults() -> None:
    """90 s to wait for a 3 s pause, a summary each day, bouts of 30 min, a streak limit of 1 h."""
    settings = Settings()
    assert settings.reminders.wait_for_pause == timedelta(seconds=90)
    assert settings.reminders.pause_length == timedelta(seconds=3)
    assert settings.notifications.daily_summary is True
    assert settings.history.long_bout == timedelta(minutes=30)
    assert settings.history.streak_limit == timedelta(hours=1)


def test_the_core_gets_the_waiting_rule_and_the_summary_switch(tmp_path: Path) -> None:
    """``to_policy`` passes the window, the pause length and the summary switch on."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[reminders]\nwait_for_pause = "0s"\npause_length = "5s"\n'
        "[notifications]\ndaily_summary = false\n",
        encoding="utf-8",
    )
    policy = to_policy(load_settings(config, environ={}).settings, UTC)
    assert policy.wait_for_pause == timedelta(0)
    assert policy.pause_length == timedelta(seconds=5)
    assert policy.daily_summary is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[reminders]\nwait_for_pause = "11m"\n',
            "CONFIG:2: reminders.wait_for_pause: 11m is more than the maximum of 10m",
        ),
        (
            '[reminders]\npause_length = "0s"\n',
            "CONFIG:2: reminders.pause_length: 0s is too short; use 1s or more",
        ),
        (
            '[reminders]\npause_length = "1m"\n',
            "CONFIG:2: reminders.pause_length: 1m is more than the maximum of 30s",
        ),
        (
            '[history]\nlong_bout = "0s"\n',
            "CONFIG:2: history.long_bout: 0s is too short; use 1s or more",
        ),
        (
            '[history]\nstreak_limit = "9h"\n',
            "CONFIG:2: history.streak_limit: 9h is more than the maximum of 8h",
        ),
    ],
)
def test_out_of_range_values_name_the_key_and_the_range(
    tmp_path: Path, text: str, message: str
) -> None:
    """A value outside its bounds is refused with the key, its line and the bound."""
    assert error_line(tmp_path, text) == message

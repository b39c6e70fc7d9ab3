"""Precedence key by key: --set flags > SITBREAK_ variables > config file > defaults."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.settings.loading import ConfigError, load_settings
from sitbreak.settings.model import Settings

CONFIG = """\
[reminders.micro]
every = "40m"
break_length = "2m"

[snooze]
max_in_a_row = 5
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file that sets two micro keys and one snooze key."""
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config home, so the default config file is under tmp_path."""
    folder = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_file_values_override_defaults_and_keep_the_rest(config: Path) -> None:
    """Keys in the file win; keys it leaves out keep their defaults."""
    loaded = load_settings(config, environ={})
    micro = loaded.settings.reminders.micro
    assert (micro.every, micro.break_length, micro.enabled) == (
        timedelta(minutes=40),
        timedelta(minutes=2),
        True,
    )
    assert loaded.origins["reminders.micro.every"] == "file"
    assert loaded.origins["reminders.micro.enabled"] == "default"


def test_environment_overrides_one_key_without_wiping_the_table(config: Path) -> None:
    """An env var for micro.every leaves the file's micro.break_length in place."""
    loaded = load_settings(config, environ={"SITBREAK_REMINDERS__MICRO__EVERY": "45m"})
    micro = loaded.settings.reminders.micro
    assert micro.every == timedelta(minutes=45)
    assert micro.break_length == timedelta(minutes=2)
    assert loaded.origins["reminders.micro.every"] == "environment"
    assert loaded.origins["reminders.micro.break_length"] == "file"


def test_flags_override_environment_and_file_key_by_key(config: Path) -> None:
    """A --set flag beats env and file on its key; other keys keep their own winners."""
    loaded = load_settings(
        config,
        overrides={"reminders.micro.every": "50m", "snooze.default": "7m"},
        environ={"SITBREAK_REMINDERS__MICRO__EVERY": "45m", "SITBREAK_SNOOZE__MAX_IN_A_ROW": "9"},
    )
    settings = loaded.settings
    assert settings.reminders.micro.every == timedelta(minutes=50)
    assert settings.reminders.micro.break_length == timedelta(minutes=2)
    assert settings.snooze.default == timedelta(minutes=7)
    assert settings.snooze.max_in_a_row == 9
    assert {key: loaded.origins[key] for key in ("snooze.default", "snooze.max_in_a_row")} == {
        "snooze.default": "flag",
        "snooze.max_in_a_row": "environment",
    }


def test_environment_reaches_nested_keys_and_lists(config: Path) -> None:
    """Nested variables set deep keys; lists come as JSON or comma-separated text."""
    loaded = load_settings(
        config,
        environ={
            "SITBREAK_REMINDERS__STRETCH__ENABLED": "false",
            "SITBREAK_SCHEDULE__ACTIVE_DAYS": "mon-fri, sun",
            "SITBREAK_GUIDANCE__DISABLED": '["chair-height", "lumbar-roll"]',
            "sitbreak_notifications__urgency": "low",
            "PATH": "/usr/bin",
        },
    )
    settings = loaded.settings
    assert settings.reminders.stretch.enabled is False
    assert settings.schedule.active_days == ["mon-fri", "sun"]
    assert settings.guidance.disabled == ["chair-height", "lumbar-roll"]
    assert settings.notifications.urgency == "low"


def test_flags_accept_json_for_lists_of_tables(config: Path) -> None:
    """A flag can set custom prompts as a JSON list."""
    custom = '[{"id": "walk-over", "kind": "micro", "title": "Walk", "text": "Walk over."}]'
    loaded = load_settings(config, overrides={"guidance.custom": custom}, environ={})
    assert loaded.settings.guidance.custom[0].id == "walk-over"
    assert loaded.origins["guidance.custom"] == "flag"


def test_sitbreak_config_names_the_file_and_is_not_a_setting(config: Path, home: Path) -> None:
    """$SITBREAK_CONFIG picks the file and is not mistaken for a setting."""
    loaded = load_settings(environ={"SITBREAK_CONFIG": str(config)})
    assert loaded.config_file == config
    assert loaded.settings.reminders.micro.every == timedelta(minutes=40)


def test_config_path_argument_beats_sitbreak_config(config: Path, tmp_path: Path) -> None:
    """An explicit path wins over $SITBREAK_CONFIG."""
    loaded = load_settings(config, environ={"SITBREAK_CONFIG": str(tmp_path / "other.toml")})
    assert loaded.config_file == config


def test_default_file_is_used_when_none_is_named(home: Path) -> None:
    """Without a path or $SITBREAK_CONFIG, $XDG_CONFIG_HOME/sitbreak/config.toml is read."""
    (home / "sitbreak").mkdir(parents=True)
    (home / "sitbreak" / "config.toml").write_text('[snooze]\ndefault = "4m"\n', encoding="utf-8")
    loaded = load_settings(environ={})
    assert loaded.config_file == home / "sitbreak" / "config.toml"
    assert loaded.settings.snooze.default == timedelta(minutes=4)


def test_missing_default_file_means_defaults(home: Path) -> None:
    """No default file is fine: defaults, with file_exists False."""
    loaded = load_settings(environ={})
    assert not loaded.file_exists
    assert loaded.config_file == home / "sitbreak" / "config.toml"
    assert set(loaded.origins.values()) == {"default"}


@pytest.mark.parametrize("how", ["argument", "variable"])
def test_missing_named_file_is_an_error(tmp_path: Path, home: Path, how: str) -> None:
    """A file named by argument or $SITBREAK_CONFIG must exist."""
    missing = tmp_path / "missing.toml"
    path, environ = (
        (missing, {}) if how == "argument" else (None, {"SITBREAK_CONFIG": str(missing)})
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ=environ)
    assert str(caught.value).startswith(f"{missing}: no such file")


def test_config_path_expands_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~ in a named path means the home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "sb.toml").write_text("", encoding="utf-8")
    loaded = load_settings(environ={"SITBREAK_CONFIG": "~/sb.toml"})
    assert loaded.config_file == tmp_path / "sb.toml"


def test_process_environment_is_read_only_by_load_settings(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """load_settings reads os.environ by default; Settings() alone is the defaults."""
    monkeypatch.setenv("SITBREAK_SNOOZE__DEFAULT", "3m")
    assert load_settings(config).settings.snooze.default == timedelta(minutes=3)
    assert Settings().snooze.default == timedelta(minutes=10)

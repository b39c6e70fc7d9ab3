"""pydantic-settings reads file, variables and flags; what it leaves out is checked by sitbreak."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.settings.loading import ConfigError, load_settings
from sitbreak.settings.model import Settings, reading_from
from sitbreak.settings.origins import Origin, trace_origins
from sitbreak.settings.sources import FlagSource


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file that sets the micro-break's interval and break."""
    path = tmp_path / "config.toml"
    path.write_text('[reminders.micro]\nevery = "40m"\nbreak_length = "2m"\n', encoding="utf-8")
    return path


def error_lines(config: Path, **sources: dict[str, str]) -> list[str]:
    """The lines of the ConfigError that loading ``config`` with these sources raises."""
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ=sources.get("environ", {}), overrides=sources.get("flags"))
    return str(caught.value).replace(str(config), "CONFIG").splitlines()


def test_settings_reads_the_sources_of_the_load_in_progress_only() -> None:
    """Inside reading_from, Settings() reads the given sources; outside it, only defaults."""
    flags = FlagSource(Settings, {"snooze.default": "4m"})
    with reading_from([flags]):
        assert Settings().snooze.default == timedelta(minutes=4)
    assert Settings().snooze.default == timedelta(minutes=10)


def test_a_variable_for_a_key_beats_one_for_its_table_in_any_order(config: Path) -> None:
    """SITBREAK_REMINDERS__MICRO__EVERY wins over a JSON SITBREAK_REMINDERS__MICRO either way."""
    table = ("SITBREAK_REMINDERS__MICRO", '{"every": "45m", "enabled": false}')
    key = ("SITBREAK_REMINDERS__MICRO__EVERY", "50m")
    for environ in (dict([table, key]), dict([key, table])):
        loaded = load_settings(config, environ=environ)
        micro = loaded.settings.reminders.micro
        assert (micro.every, micro.enabled) == (timedelta(minutes=50), False)
        assert micro.break_length == timedelta(minutes=2)
        assert loaded.origins["reminders.micro.break_length"] == "file"


def test_an_empty_table_from_a_stronger_source_keeps_the_weaker_values(config: Path) -> None:
    """--set reminders.micro={} merges nothing: the file's micro keys stay, and say so."""
    loaded = load_settings(config, overrides={"reminders.micro": "{}"}, environ={})
    assert loaded.settings.reminders.micro.every == timedelta(minutes=40)
    assert loaded.origins["reminders.micro.every"] == "file"


def test_origins_follow_the_merge_of_sources() -> None:
    """A value replaces weaker values at, inside and above its key; an empty table does not."""

    class Fake:
        """A source with fixed data and one origin for all of it."""

        def __init__(self, kind: str, data: dict[str, object]) -> None:
            """Keep the kind and the data."""
            self.kind, self.data = kind, data

        def __call__(self) -> dict[str, object]:
            """The data, as a source gives it to pydantic-settings."""
            return self.data

        def origin_of(self, path: tuple[str | int, ...]) -> Origin:  # noqa: ARG002
            """The one origin of everything here."""
            return Origin(self.kind, self.kind)

    weak = Fake("file", {"a": {"b": 1, "c": {"d": 2}, "g": {"h": 4}}, "e": 3})
    strong = Fake("flag", {"a": {"c": 5, "f": {}, "g": {}}, "e": {}})
    origins = trace_origins([strong, weak])  # strongest first
    assert {path: origin.kind for path, origin in origins.items()} == {
        ("a", "b"): "file",
        ("a", "c"): "flag",
        ("a", "f"): "flag",
        ("a", "g", "h"): "file",
        ("e",): "flag",
    }


def test_keys_in_the_file_are_case_sensitive(tmp_path: Path) -> None:
    """[Reminders.micro] is not [reminders.micro]: it is refused at its line with a suggestion."""
    config = tmp_path / "config.toml"
    config.write_text('[Reminders.micro]\nevery = "45m"\n', encoding="utf-8")
    assert error_lines(config) == ["CONFIG:1: Reminders: unknown setting; did you mean reminders?"]


def test_variable_names_are_read_in_any_case(config: Path) -> None:
    """Sitbreak_Snooze__Default sets snooze.default like SITBREAK_SNOOZE__DEFAULT would."""
    loaded = load_settings(config, environ={"Sitbreak_Snooze__Default": "6m"})
    assert loaded.settings.snooze.default == timedelta(minutes=6)
    assert loaded.origins["snooze.default"] == "environment"


def test_a_variable_naming_no_table_is_an_error_with_a_suggestion(config: Path) -> None:
    """pydantic-settings would ignore SITBREAK_NOTIFICATION__TIMEOUT; sitbreak refuses it."""
    assert error_lines(config, environ={"SITBREAK_NOTIFICATION__TIMEOUT": "5s"}) == [
        "environment SITBREAK_NOTIFICATION__TIMEOUT: notification: unknown setting;"
        " did you mean SITBREAK_NOTIFICATIONS?"
    ]


def test_lists_of_apps_accept_commas_and_json(config: Path) -> None:
    """quiet.apps takes "zoom, teams" or a JSON list, from a variable or a flag."""
    by_variable = load_settings(config, environ={"SITBREAK_QUIET__APPS": "zoom, teams"})
    by_flag = load_settings(config, overrides={"quiet.apps": '["zoom", "teams"]'}, environ={})
    assert by_variable.settings.quiet.apps == by_flag.settings.quiet.apps == ["zoom", "teams"]


def test_a_list_variable_without_brackets_is_a_clear_error(config: Path) -> None:
    """A hook written as plain text gets a validation message naming the variable, not a crash."""
    assert error_lines(config, environ={"SITBREAK_HOOKS__ON_REMINDER": "notify-send"}) == [
        "environment SITBREAK_HOOKS__ON_REMINDER: hooks.on_reminder:"
        " should be a list in square brackets, not 'notify-send'"
    ]


@pytest.mark.parametrize("name", ["_cli_parse_args", "_secrets_dir"])
def test_pydantic_settings_options_as_flags_are_unknown_keys(
    config: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--set _cli_parse_args=true is an unknown setting; the command line is not parsed."""
    monkeypatch.setattr(sys, "argv", ["sitbreak", "--snooze.default", "1m", "--help"])
    assert error_lines(config, flags={name: "true"}) == [f"--set {name}: {name}: unknown setting"]

"""Bad settings give one clear line per problem: file and line (or variable, or flag), key, why."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitbreak.settings.loading import ConfigError, ConfigProblem, load_settings


def problems_of(
    tmp_path: Path,
    text: str = "",
    *,
    environ: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> tuple[Path, list[ConfigProblem]]:
    """Write ``text`` as the config file, load it, and return the file and the problems."""
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, overrides=overrides, environ=environ or {})
    return config, caught.value.problems


def only_line(tmp_path: Path, text: str, **sources: dict[str, str]) -> str:
    """The single error line for a config that has exactly one problem."""
    config, problems = problems_of(tmp_path, text, **sources)
    assert len(problems) == 1, problems
    return str(problems[0]).replace(str(config), "CONFIG")


def test_bad_duration_names_file_line_and_key(tmp_path: Path) -> None:
    """every = "abc" is reported at its line with the duration hint."""
    text = '[reminders.micro]\nenabled = true\nevery = "abc"\n'
    assert only_line(tmp_path, text) == (
        "CONFIG:3: reminders.micro.every: 'abc' is not a duration;"
        " write e.g. 25m, 90s, 1h30m or PT25M"
    )


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    """A misspelt key is named and the closest valid key suggested."""
    text = '[reminders.micro]\nevry = "45m"\n'
    assert only_line(tmp_path, text) == (
        "CONFIG:2: reminders.micro.evry: unknown setting; did you mean reminders.micro.every?"
    )


def test_unknown_table_suggests_the_closest(tmp_path: Path) -> None:
    """A misspelt table is named at its header line."""
    text = '# mine\n\n[notification]\ntimeout = "10s"\n'
    assert only_line(tmp_path, text) == (
        "CONFIG:3: notification: unknown setting; did you mean notifications?"
    )


def test_misplaced_key_suggests_where_it_belongs(tmp_path: Path) -> None:
    """A key in the wrong table gets the nearest full key as a suggestion."""
    text = '[reminders]\nevery = "45m"\n'
    line = only_line(tmp_path, text)
    assert line.startswith("CONFIG:2: reminders.every: unknown setting; did you mean reminders.")
    assert line.endswith(".every?")


def test_impossible_active_hours_say_why(tmp_path: Path) -> None:
    """active_hours = "25:00-26:00" is refused at its line with the reason."""
    text = '[schedule]\nactive_days = ["mon-fri"]\nactive_hours = "25:00-26:00"\n'
    assert only_line(tmp_path, text).startswith(
        "CONFIG:3: schedule.active_hours: 25:00 is not a time of day: hours run 00-23"
    )


def test_break_as_long_as_interval_names_the_kind(tmp_path: Path) -> None:
    """break_length >= every is reported on that kind's table."""
    text = '[reminders.posture]\nevery = "20m"\n\n[reminders.stretch]\nevery = "3m"\n'
    assert only_line(tmp_path, text) == (
        "CONFIG:4: reminders.stretch: stretch break: break_length 3m must be shorter than every 3m"
    )


def test_custom_prompt_with_unknown_kind_names_the_entry(tmp_path: Path) -> None:
    """The second [[guidance.custom]] entry's bad kind is reported at its line, with its id."""
    entry = '[[guidance.custom]]\nid = "{id}"\nkind = "{kind}"\ntitle = "T"\ntext = "Do it."\n\n'
    text = entry.format(id="first", kind="micro") + entry.format(id="second", kind="yoga")
    assert only_line(tmp_path, text) == (
        "CONFIG:9: guidance.custom[1].kind: custom prompt 'second': 'yoga' is not a kind;"
        " use posture, micro or stretch"
    )


def test_missing_custom_prompt_field_points_at_the_entry(tmp_path: Path) -> None:
    """A custom prompt without text is reported at its [[guidance.custom]] header."""
    text = (
        '[guidance]\ndisabled = []\n\n[[guidance.custom]]\nid = "x"\nkind = "micro"\ntitle = "T"\n'
    )
    assert only_line(tmp_path, text) == "CONFIG:4: guidance.custom[0].text: required but missing"


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    """A TOML syntax error names the file and line."""
    text = '[snooze]\ndefault = "5m"\nmax_in_a_row = \n'
    assert only_line(tmp_path, text) == "CONFIG:3: invalid TOML: Invalid value (column 16)"


def test_unterminated_string_is_reported_at_the_end(tmp_path: Path) -> None:
    """A string left open is reported at the last line."""
    text = '[snooze]\ndefault = "5m\n'
    assert only_line(tmp_path, text).startswith("CONFIG:2: invalid TOML:")


def test_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported with their line, not as a crash."""
    config = tmp_path / "config.toml"
    config.write_bytes(b'[snooze]\n# caf\xe9\ndefault = "5m"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert str(caught.value).startswith(f"{config}:2: not UTF-8 text")


def test_config_file_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    """A folder in place of the file is an error naming it."""
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, environ={})
    assert str(caught.value) == (
        f"{tmp_path}: not a settings file: it is a directory, not a regular file"
    )


def test_environment_errors_name_the_variable(tmp_path: Path) -> None:
    """A bad value from the environment names the variable, not the file."""
    line = only_line(tmp_path, "", environ={"SITBREAK_REMINDERS__MICRO__EVERY": "abc"})
    assert line == (
        "environment SITBREAK_REMINDERS__MICRO__EVERY: reminders.micro.every:"
        " 'abc' is not a duration; write e.g. 25m, 90s, 1h30m or PT25M"
    )


def test_unknown_variable_suggests_the_variable_to_use(tmp_path: Path) -> None:
    """An unknown SITBREAK_ variable is an error suggesting the right variable name."""
    line = only_line(tmp_path, "", environ={"SITBREAK_SCHEDULE__DAYS": "mon-fri"})
    assert line == (
        "environment SITBREAK_SCHEDULE__DAYS: schedule.days: unknown setting;"
        " did you mean SITBREAK_SCHEDULE__ACTIVE_DAYS?"
    )


def test_bad_json_in_a_variable_is_reported(tmp_path: Path) -> None:
    """A list variable that is broken JSON names the variable."""
    line = only_line(tmp_path, "", environ={"SITBREAK_GUIDANCE__DISABLED": '["a",'})
    assert line.startswith("environment SITBREAK_GUIDANCE__DISABLED: guidance.disabled:")
    assert "is not valid JSON" in line


def test_malformed_variable_name_is_reported(tmp_path: Path) -> None:
    """SITBREAK_SNOOZE____DEFAULT has an empty part and is refused."""
    line = only_line(tmp_path, "", environ={"SITBREAK_SNOOZE____DEFAULT": "5m"})
    assert line.startswith("environment SITBREAK_SNOOZE____DEFAULT: not a setting name")


def test_flag_errors_name_the_flag(tmp_path: Path) -> None:
    """A bad --set value names the flag and key, with pydantic's reason and the value."""
    line = only_line(tmp_path, "", overrides={"snooze.max_in_a_row": "-1"})
    assert line == (
        "--set snooze.max_in_a_row: snooze.max_in_a_row:"
        " Input should be greater than or equal to 0, not -1"
    )


def test_error_blamed_on_the_source_that_set_it(tmp_path: Path) -> None:
    """A table error caused by an env var is reported against that variable, not the file."""
    text = '[reminders.micro]\nbreak_length = "2m"\n'
    line = only_line(tmp_path, text, environ={"SITBREAK_REMINDERS__MICRO__EVERY": "90s"})
    assert line == (
        "environment SITBREAK_REMINDERS__MICRO__EVERY: reminders.micro:"
        " micro-break: break_length 2m must be shorter than every 1m30s"
    )


def test_every_problem_is_reported_file_first_in_line_order(tmp_path: Path) -> None:
    """Several problems come together: file problems by line, then environment, then flags."""
    text = '[snooze]\nmax_in_a_row = -2\n\n[reminders.micro]\nevery = "soon"\n'
    config, problems = problems_of(
        tmp_path,
        text,
        environ={"SITBREAK_NOTIFICATIONS__URGENCY": "loud"},
        overrides={"schedule.timezone": "Mars/Base"},
    )
    assert [(p.source, p.line, p.key) for p in problems] == [
        (str(config), 2, "snooze.max_in_a_row"),
        (str(config), 5, "reminders.micro.every"),
        ("environment SITBREAK_NOTIFICATIONS__URGENCY", None, "notifications.urgency"),
        ("--set schedule.timezone", None, "schedule.timezone"),
    ]


def test_error_message_is_one_line_per_problem(tmp_path: Path) -> None:
    """str(ConfigError) has exactly one line per problem."""
    config = tmp_path / "config.toml"
    config.write_text('[snooze]\ndefault = "x"\nmax_in_a_row = "y"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    lines = str(caught.value).splitlines()
    assert len(lines) == len(caught.value.problems) == 2
    assert all(line.startswith(f"{config}:") for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "reminders = 5\n",
        "[reminders.micro.every]\nx = 1\n",
        "snooze = []\n",
        '[guidance]\ncustom = "x"\n',
        "[[guidance.custom]]\n",
        "[schedule]\nactive_hours = 08:00:00\n",
        "[notifications]\nmax_repeats = 1.5\n",
        "[reminders.posture]\nenabled = 'maybe'\n",
    ],
)
def test_wrong_shapes_are_config_errors(tmp_path: Path, text: str) -> None:
    """Values of the wrong type or shape become ConfigErrors with a line, never crashes."""
    _, problems = problems_of(tmp_path, text)
    assert problems
    assert all(problem.line is not None and problem.key for problem in problems)


@pytest.mark.parametrize("name", ["_cli_parse_args", "_env_prefix", "_secrets_dir"])
def test_pydantic_settings_options_are_just_unknown_keys(tmp_path: Path, name: str) -> None:
    """Keys named like pydantic-settings' own options are unknown settings, not obeyed."""
    assert only_line(tmp_path, f"{name} = true\n") == f"CONFIG:1: {name}: unknown setting"

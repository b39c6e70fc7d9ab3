"""Editing one key of a TOML config: values typed on the command line, comments kept."""

from __future__ import annotations

import difflib

import pytest

from sitbreak.settings.editing import known_key, parse_cli_value, set_in_toml

COMMENTED = """\
# My sitbreak settings.

[reminders.micro]
# Stand up every so often.
enabled = true
every = "30m"   # was 25m, too often
break_length = "1m"

# ----------------------------------------------------------------
# Snoozing: keep it short.
[snooze]
default = "10m"
"""


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3", 3),
        ("-1", -1),
        ("1.5", 1.5),
        ("true", True),
        ('["mon-fri", "sat"]', ["mon-fri", "sat"]),
        ('"true"', "true"),
        ("45m", "45m"),
        ("1h30m", "1h30m"),
        ("08:00-19:00", "08:00-19:00"),
        ("mon-fri", "mon-fri"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("", ""),
    ],
)
def test_values_are_toml_when_they_parse_as_toml_else_text(typed: str, value: object) -> None:
    """Numbers, booleans, lists and quoted strings are TOML; anything else is plain text."""
    assert parse_cli_value(typed) == value


def test_known_key_accepts_any_case_and_suggests_for_typos() -> None:
    """Keys are matched case-insensitively; a typo gets the closest real key."""
    assert known_key("Reminders.Micro.Every") == ("reminders", "micro", "every")
    with pytest.raises(ValueError, match=r"did you mean reminders\.micro\.every"):
        known_key("reminders.micro.evry")
    with pytest.raises(ValueError, match="'reminders' is not a setting"):
        known_key("reminders")


def _changed_lines(before: str, after: str) -> list[str]:
    """The diff's added and removed lines, without context."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_changing_a_key_touches_only_its_value() -> None:
    """The value changes; its trailing comment and every other line stay as written."""
    after = set_in_toml(COMMENTED, ("reminders", "micro", "every"), "45m")
    assert _changed_lines(COMMENTED, after) == [
        '-every = "30m"   # was 25m, too often',
        '+every = "45m"   # was 25m, too often',
    ]


def test_a_new_key_goes_after_the_last_value_of_its_table() -> None:
    """A key the file lacks joins its table before the comments that lead into the next table."""
    after = set_in_toml(COMMENTED, ("snooze", "max_in_a_row"), 5)
    assert _changed_lines(COMMENTED, after) == ["+max_in_a_row = 5"]
    after = set_in_toml(COMMENTED, ("reminders", "micro", "break_length"), "2m")
    before_separator = after.split("# ----")[0]
    assert 'break_length = "2m"' in before_separator
    lines = set_in_toml(COMMENTED, ("reminders", "micro", "enabled"), False).splitlines()
    assert lines[4] == "enabled = false"


def test_a_missing_table_is_added_at_the_end() -> None:
    """Setting a key of a table the file does not have appends that table, leaving the rest."""
    after = set_in_toml(COMMENTED, ("schedule", "active_days"), ["mon-fri"])
    assert after.startswith(COMMENTED)
    assert after.endswith('[schedule]\nactive_days = ["mon-fri"]\n')
    after = set_in_toml("", ("reminders", "stretch", "every"), "2h")
    assert after == '[reminders.stretch]\nevery = "2h"\n'


def test_dotted_keys_and_inline_tables_are_edited_in_place() -> None:
    """Keys written dotted or in an inline table stay written that way."""
    dotted = 'reminders.micro.every = "30m"\n'
    assert set_in_toml(dotted, ("reminders", "micro", "every"), "40m") == (
        'reminders.micro.every = "40m"\n'
    )
    inline = '[reminders]\nmicro = { every = "30m" }\n'
    after = set_in_toml(inline, ("reminders", "micro", "every"), "40m")
    assert after == '[reminders]\nmicro = { every = "40m" }\n'


def test_a_value_where_a_table_should_be_is_an_error() -> None:
    """``reminders = 3`` cannot hold reminders.micro.every: ValueError naming the key."""
    with pytest.raises(ValueError, match="reminders holds a value in the file, not a table"):
        set_in_toml("reminders = 3\n", ("reminders", "micro", "every"), "40m")

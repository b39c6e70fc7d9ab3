"""find_key_line points at the line that sets a key, across the ways TOML can write it."""

from __future__ import annotations

import pytest

from sitbreak.settings.keys import dotted, find_key_line, split_key

TEXT = """\
# a comment with every = "x"
title = "top"

[reminders]
micro.every = "30m"
"posture" . 'enabled' = true

[reminders.stretch]  # trailing comment
every = "1h"
notes = \"\"\"
every = "not a key"
[not.a.table]
\"\"\"
break_length = "3m"

[schedule]
active_days = [
  "mon-fri",
]
inline = { a = 1, b = 2 }

[[guidance.custom]]
id = "first"

[[guidance.custom]]
id = "second"
kind = "yoga"
"""


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("title", 2),
        ("reminders", 4),
        ("reminders.micro.every", 5),
        ("reminders.posture.enabled", 6),
        ("reminders.stretch", 8),
        ("reminders.stretch.every", 9),
        ("reminders.stretch.break_length", 14),
        ("schedule.active_days", 17),
        ("schedule.inline.b", 20),
        ("guidance.custom[0].id", 23),
        ("guidance.custom[1].id", 26),
        ("guidance.custom[1].kind", 27),
        ("guidance.custom[1].title", 25),
        ("reminders.micro", 5),
        ("guidance.custom", 22),
        ("not.a.table", None),
        ("snooze.default", None),
    ],
)
def test_find_key_line(key: str, line: int | None) -> None:
    """Exact keys, dotted and quoted keys, tables, array entries; not text in strings."""
    assert find_key_line(TEXT, key) == line


def test_quotes_inside_a_string_start_no_multi_line_string() -> None:
    """Three quotes inside a one-line string hide no key below it (a line scanner lost them)."""
    text = '[snooze]\nnote = "a \'\'\' inside"\ndefault = "5m"\n'
    assert find_key_line(text, "snooze.default") == 3


def test_text_that_is_not_toml_has_no_key_lines() -> None:
    """Where the text does not parse, no line is claimed for any key."""
    assert find_key_line("[snooze\ndefault = 1\n", "snooze.default") is None


def test_keys_round_trip_between_text_and_parts() -> None:
    """dotted and split_key are inverses, list positions included."""
    parts = ("guidance", "custom", 3, "kind")
    assert dotted(parts) == "guidance.custom[3].kind"
    assert split_key("guidance.custom[3].kind") == parts

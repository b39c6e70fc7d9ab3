"""`sitbreak config init` offers office hours: flags, a question at a terminal, checked values."""

from __future__ import annotations

import tomllib

from sitbreak.cli.config_cmd import example_text
from tests.support.daemon import sitbreak_argv
from tests.support.terminal import TerminalProcess
from tests.support.user_env import UserEnvironment


def schedule_of(user: UserEnvironment) -> dict[str, object]:
    """The [schedule] table of the user's settings file."""
    with user.config_file.open("rb") as handle:
        schedule = tomllib.load(handle)["schedule"]
    assert isinstance(schedule, dict)
    return schedule


def test_init_with_hours_and_days_writes_them_into_the_example(user: UserEnvironment) -> None:
    """--hours 9:00-17:30 --days mon-fri: the commented example with those two values set."""
    done = user.run("config", "init", "--hours", "9:00-17:30", "--days", "mon-fri")
    assert done.returncode == 0, done.stderr
    assert "reminders 09:00-17:30 on mon-fri" in done.stdout
    schedule = schedule_of(user)
    assert schedule["active_hours"] == "09:00-17:30"
    assert schedule["active_days"] == ["mon-fri"]
    text = user.config_file.read_text(encoding="utf-8")
    assert text.count("\n") == example_text().count("\n"), "every comment kept"
    assert user.run("config", "check").returncode == 0


def test_init_with_days_alone_keeps_all_day(user: UserEnvironment) -> None:
    """--days mon-thu,sat sets the days and leaves the hours at "all day"."""
    done = user.run("config", "init", "--days", "mon-thu,sat")
    assert done.returncode == 0, done.stderr
    assert schedule_of(user)["active_hours"] == ""
    assert schedule_of(user)["active_days"] == ["mon-thu", "sat"]


def test_bad_hours_or_days_exit_2_naming_the_flag_and_write_nothing(
    user: UserEnvironment,
) -> None:
    """A wrong time or day is refused with the flag and the problem; no file appears."""
    for flag, value, words in (
        ("--hours", "9-5", "'9' is not a time of day"),
        ("--hours", "25:00-03:00", "25:00 is not a time of day"),
        ("--days", "funday", "'funday' is not a day"),
    ):
        done = user.run("config", "init", flag, value)
        assert done.returncode == 2, (flag, value)
        assert f"config init: {flag} {value!r}: {words}" in done.stderr
        assert not user.config_file.exists()


def test_without_a_terminal_or_flags_init_writes_the_plain_example(
    user: UserEnvironment,
) -> None:
    """Scripts get today's behaviour: no question, every setting at its default."""
    done = user.run("config", "init")
    assert done.returncode == 0, done.stderr
    assert "Working hours" not in done.stdout
    assert user.config_file.read_text(encoding="utf-8") == example_text()


def test_at_a_terminal_init_asks_for_office_hours(user: UserEnvironment) -> None:
    """A person at a terminal is asked; a wrong answer is explained and asked again."""
    terminal = TerminalProcess(sitbreak_argv("config", "init"), user.env)
    try:
        terminal.wait_for("Working hours, like 09:00-17:30: ")
        terminal.type("9 to 5\n")
        terminal.wait_for("try again, or press Enter to skip.")
        terminal.type("08:30-17:00\n")
        terminal.wait_for("Working days, like mon-fri: ")
        terminal.type("mon-fri\n")
        assert terminal.wait() == 0
        screen = terminal.screen
    finally:
        terminal.close()
    assert "reminders 08:30-17:00 on mon-fri" in screen
    assert schedule_of(user)["active_hours"] == "08:30-17:00"
    assert schedule_of(user)["active_days"] == ["mon-fri"]


def test_at_a_terminal_enter_keeps_any_time(user: UserEnvironment) -> None:
    """Pressing Enter twice gives the plain example: reminders at any time."""
    terminal = TerminalProcess(sitbreak_argv("config", "init"), user.env)
    try:
        terminal.wait_for("Working hours")
        terminal.type("\n")
        terminal.wait_for("Working days")
        terminal.type("\n")
        assert terminal.wait() == 0
    finally:
        terminal.close()
    assert user.config_file.read_text(encoding="utf-8") == example_text()

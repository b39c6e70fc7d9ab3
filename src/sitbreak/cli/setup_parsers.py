"""The grammar of the setup commands: autostart, config and doctor.

``parsers.build_parser`` imports it only for these commands, so control commands never load it.
"""

from __future__ import annotations

import argparse

from sitbreak.cli.parsers import command, path_argument, settings_options

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["COMMANDS"]

_METHODS = ("xdg", "systemd", "launchd", "windows")
_VALUE_RULE = (
    "VALUE is read as TOML when it is a TOML value: numbers (3), true/false, quoted strings,\n"
    "[lists] and {tables}; anything else is plain text. So 45m, 08:00-19:00 and mon-fri need\n"
    'no quotes, while ["mon-fri", "sat"] is a list (quote it for the shell) and \'"true"\' is\n'
    "the text true."
)


def _sub(parent: argparse.ArgumentParser, title: str) -> Any:
    return parent.add_subparsers(dest=title, metavar="ACTION", required=True)


def _add_autostart(commands: Any) -> None:
    parser = command(
        commands,
        "autostart",
        "sitbreak.cli.autostart_cmd:status",
        "Start sitbreak at login, stop doing so, or see how it starts.",
        "Linux: an XDG autostart entry (default) or a systemd user unit; macOS: a LaunchAgent;\n"
        "Windows: a value in the Run registry key. The entry runs the Python that ran\n"
        "'enable' (so a venv or pipx install works) with 'sitbreak run'.",
    )
    actions = _sub(parser, "action")
    enable = command(
        actions,
        "enable",
        "sitbreak.cli.autostart_cmd:enable",
        "Start sitbreak at every login.",
        "Enabling twice changes nothing. Enabling one method removes the entry sitbreak wrote for\n"
        "another, so it never starts twice.\n\n"
        "Exit status: 0 enabled, 1 could not enable, 2 bad arguments.",
    )
    enable.add_argument("--method", choices=_METHODS, help="how to start (default: per platform)")
    enable.add_argument(
        "--config", type=path_argument, metavar="PATH", help="settings file the daemon should read"
    )
    command(
        actions,
        "disable",
        "sitbreak.cli.autostart_cmd:disable",
        "Stop starting sitbreak at login.",
        "Removes only entries that sitbreak wrote, and says what it removed.",
    )
    command(
        actions,
        "status",
        "sitbreak.cli.autostart_cmd:status",
        "Say whether sitbreak starts at login, how, and whether the entry still works.",
        "Exit status: 0 when an entry will start sitbreak, 1 otherwise.",
    )


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=path_argument, metavar="PATH", help="settings file (default: see 'config')"
    )


def _add_config(commands: Any) -> None:
    parser = command(
        commands,
        "config",
        "sitbreak.cli.config_cmd:show",
        "See, create, check and change the settings file.",
        "The file is --config PATH, else $SITBREAK_CONFIG, else config.toml in your config dir.",
    )
    actions = _sub(parser, "action")
    _add_config_readers(actions)
    _add_config_writers(actions)


def _add_config_readers(actions: Any) -> None:
    path = command(
        actions,
        "path",
        "sitbreak.cli.config_cmd:path",
        "Print which settings file is read, and whether it exists.",
        "The first line is the path; the second says whether it exists and why it was chosen.",
    )
    _config_option(path)
    show = command(
        actions,
        "show",
        "sitbreak.cli.config_cmd:show",
        "Print the settings in force, each with where it came from.",
        "Origins: default, file, environment (SITBREAK_*) or flag (--set).\n\n"
        "Exit status: 0, or 2 when the settings have errors.",
    )
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    settings_options(show)
    check = command(
        actions,
        "check",
        "sitbreak.cli.config_cmd:check",
        "Check a settings file the way the daemon would.",
        "Checks the file (PATH, else the one 'config path' names) together with any SITBREAK_*\n"
        "variables set here. Every problem is named with its file, line and key.\n\n"
        "Exit status: 0 valid, 2 when there are problems.",
    )
    check.add_argument("file", nargs="?", type=path_argument, metavar="PATH", help="file to check")


def _add_config_writers(actions: Any) -> None:
    init = command(
        actions,
        "init",
        "sitbreak.cli.config_cmd:init",
        "Write a settings file with every setting explained.",
        "Reminders may come only in your working hours: --hours 09:00-17:30 and --days mon-fri\n"
        "set them; at a terminal without these options it asks (Enter keeps 'any time').\n\n"
        "Refuses to replace an existing file unless --force is given; then the old file is kept\n"
        "beside the new one as NAME.old-TIMESTAMP.\n\n"
        "Exit status: 0 written, 1 not written, 2 bad --hours or --days.",
    )
    init.add_argument("--force", action="store_true", help="replace an existing file")
    init.add_argument(
        "--hours", metavar="HH:MM-HH:MM", help="active hours, e.g. 09:00-17:30 (default: all day)"
    )
    init.add_argument(
        "--days", metavar="DAYS", help="active days, e.g. mon-fri or mon-thu,sat (default: all)"
    )
    _config_option(init)
    setter = command(
        actions,
        "set",
        "sitbreak.cli.config_cmd:set_value",
        "Change one setting in the file, keeping its comments, and reload the daemon.",
        f"e.g. sitbreak config set reminders.micro.every 45m\n\n{_VALUE_RULE}\n\n"
        "The new file is checked before it is written; a running daemon reloads it at once.\n\n"
        "Exit status: 0 changed, 1 written but the daemon did not take it, 2 not changed.",
    )
    setter.add_argument("key", metavar="KEY", help="dotted setting name, e.g. snooze.default")
    setter.add_argument("value", metavar="VALUE", help="the new value (see above)")
    _config_option(setter)


def _add_doctor(commands: Any) -> None:
    parser = command(
        commands,
        "doctor",
        "sitbreak.cli.doctor_cmd:doctor",
        "Check everything sitbreak needs, and say what to fix.",
        "Checks the settings, the notification path, idle detection, busy signals, the login\n"
        "entry, the daemon and its tray icon. Nothing is shown on screen unless --send is\n"
        "given.\n\n"
        "Exit status: 0 when nothing failed (warnings allowed), 1 otherwise.",
    )
    parser.add_argument("--send", action="store_true", help="also send one test notification")
    settings_options(parser)


COMMANDS: dict[str, Callable[[Any], None]] = {
    "autostart": _add_autostart,
    "config": _add_config,
    "doctor": _add_doctor,
}
"""Each setup command and what adds it to the grammar."""

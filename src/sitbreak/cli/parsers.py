"""The command-line grammar, the only one: each command's arguments, help text and handler.

``sitbreak status`` and the other control commands must start fast, so ``build_parser`` adds
only the command asked for when it is one of ours, and nothing here imports pathlib, shutil or
typing until help is printed or a path is parsed.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from sitbreak import __version__
from sitbreak.vocabulary import Kind

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

__all__ = ["KINDS", "build_parser", "command", "path_argument", "settings_options"]

KINDS = tuple(kind.value for kind in Kind)
GUIDED_KINDS = (Kind.MICRO.value, Kind.STRETCH.value)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole grammar, or, when ``command`` names a command, the part that parses it."""
    parser = argparse.ArgumentParser(
        prog="sitbreak",
        description=(
            "A quiet daemon that counts how long you sit and reminds you, at the right moment, "
            "to check your posture, stand up for a minute, or stretch."
        ),
        epilog="Start with 'sitbreak run', or 'sitbreak try' to see one reminder now.",
        formatter_class=_Help,
    )
    parser.add_argument("--version", action="version", version=f"sitbreak {__version__}")
    # prog given: argparse would otherwise format a usage line (and compile its regexes) to find it
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="sitbreak"
    )
    wanted = command if command in _COMMANDS else None
    for name, add in _COMMANDS.items():
        if wanted in (None, name):
            add(commands)
    return parser


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size`` says, without importing shutil (its compression
    modules cost the CLI client more than argparse itself; argparse makes a formatter for
    every argument it adds)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Help(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Described(argparse.RawDescriptionHelpFormatter, _Help):
    """A command's help: its description's lines kept as written."""


def path_argument(text: str) -> Path:
    """A path argument (argparse ``type``), importing pathlib only when one is given."""
    from pathlib import Path  # only when a path is given: the client avoids pathlib

    return Path(text)


def command(
    commands: Any, name: str, handler: str, summary: str, details: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary}\n\n{details}",
        formatter_class=_Described,
    )
    parser.set_defaults(handler=handler)
    return parser


def settings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=path_argument,
        metavar="PATH",
        help="settings file (default: $SITBREAK_CONFIG, else config.toml in your config dir)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override a setting, e.g. reminders.micro.every=45m (repeatable; beats env and file)",
    )


def _add_setup(commands: Any, name: str) -> None:
    """A setup command, whose grammar is imported only when it is wanted."""
    from sitbreak.cli.setup_parsers import COMMANDS

    COMMANDS[name](commands)


def _add_run(commands: Any) -> None:
    parser = command(
        commands,
        "run",
        "sitbreak.cli.run_cmd:run",
        "Run the reminder daemon in the foreground.",
        "This is the mode a login item or a systemd user unit uses: it counts sitting time,\n"
        "shows reminders, answers the control commands (status, snooze, pause...), and stops\n"
        "cleanly on Ctrl-C, SIGINT or SIGTERM. SIGHUP reloads the settings.\n\n"
        "It logs to $XDG_STATE_HOME/sitbreak/log/sitbreak.log (1 MB, rotated), or to the\n"
        "journal when systemd runs it; at a terminal it prints a welcome and warnings only.\n\n"
        "Exit status: 0 after a clean stop, 1 if another daemon already runs, 2 on bad\n"
        "settings, 70 after an unexpected error (logged; a service manager may restart it).",
    )
    settings_options(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail as well")


def _add_try(commands: Any) -> None:
    parser = command(
        commands,
        "try",
        "sitbreak.cli.prompts_cmd:try_reminder",
        "Show one real reminder now, to check that notifications work.",
        "Sends one notification of the given kind (default: micro) through the same path the\n"
        "daemon uses, and says what went wrong if it cannot. A stretch comes with the safety\n"
        "note the daemon shows beside your first stretch.\n\n"
        "Exit status: 0 when the notification was sent, 1 when it could not be, 2 on bad settings.",
    )
    parser.add_argument(
        "kind", nargs="?", choices=KINDS, default="micro", help="which kind of reminder"
    )
    settings_options(parser)


_CONTROL_EXIT = (
    "Exit status: 0 done, 1 refused by the daemon, 2 bad arguments, 3 no daemon running."
)


def _control(commands: Any, name: str, summary: str, details: str) -> argparse.ArgumentParser:
    return command(
        commands,
        name,
        f"sitbreak.cli.control_cmds:{name}",
        summary,
        f"{details}\n\n{_CONTROL_EXIT}",
    )


def _status_bar_options(status: argparse.ArgumentParser) -> None:
    status.add_argument(
        "--follow",
        action="store_true",
        help="keep printing: a line now, one per change, and a refresh each minute (status bars)",
    )
    status.add_argument(
        "--format",
        choices=("text", "json", "waybar", "i3blocks", "polybar"),
        help="line format: text, json (one line), waybar, i3blocks or polybar",
    )


def _add_status(commands: Any) -> None:
    status = _control(
        commands,
        "status",
        "Show what the daemon is doing and when the next reminder comes.",
        "Prints sitting time, state (active, idle, paused, snoozed, busy, outside_hours, due),\n"
        "the next reminder, pause and snooze ends, the idle backend and the settings file.\n"
        "--json prints the same as a JSON object whose keys stay stable for scripts.\n\n"
        "--follow keeps running for status bars: a line at once, one for every change the\n"
        "daemon pushes, and a refresh at least each minute; with no daemon it prints a\n"
        "'not running' line and tries again every 3 s. --format picks the line: waybar\n"
        "(return-type json), i3blocks (raw lines; JSON lines with --follow, for\n"
        "interval=persist and format=json), polybar (tail = true), json or text.",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    _status_bar_options(status)


def _add_snooze(commands: Any) -> None:
    snooze = _control(
        commands,
        "snooze",
        "Snooze the reminder on screen, or hold the next one, for a while.",
        "DURATION like 10m, 90s, 1h30m or PT10M (default: [snooze] default), 12 h at most\n"
        "(longer is a pause). Snoozes in a row are limited by [snooze] max_in_a_row; take the\n"
        "break or skip it to reset the count.",
    )
    snooze.add_argument(
        "duration", nargs="?", metavar="DURATION", help="how long (default from settings)"
    )


def _add_pause(commands: Any) -> None:
    pause = _control(
        commands,
        "pause",
        "Pause counting and reminders.",
        "With no argument the pause lasts until 'sitbreak resume'. DURATION like 45m or 2h;\n"
        "--until HH:MM ends it at that local time (tomorrow, if it has passed today).",
    )
    how = pause.add_mutually_exclusive_group()
    how.add_argument("duration", nargs="?", metavar="DURATION", help="how long to pause")
    how.add_argument("--until", metavar="HH:MM", help="pause until this local time")


def _add_resume(commands: Any) -> None:
    _control(commands, "resume", "End a pause or a snooze now.", "Counting and reminders carry on.")


def _add_skip(commands: Any) -> None:
    _control(
        commands,
        "skip",
        "Drop the reminder that is showing or waiting (or end a guided break), keep counting.",
        "The skipped reminder is recorded in the history; the next one comes as usual.\n"
        "During a guided break ('sitbreak start') it ends the guide: the break is logged as\n"
        "skipped and sitting time counts again.",
    )


def _add_done(commands: Any) -> None:
    done = _control(
        commands,
        "done",
        "Tell sitbreak you took a break.",
        "Resets the timer of that kind and of every smaller kind (a stretch also counts as a\n"
        "micro-break and a posture check). Without KIND it answers the reminder on screen, or\n"
        "counts a micro-break when none is showing.",
    )
    done.add_argument("kind", nargs="?", choices=KINDS, help="which break you took")


def _add_start(commands: Any) -> None:
    start = _control(
        commands,
        "start",
        "Walk through a micro-break or stretch step by step (a guided break).",
        "Starts the micro-break or stretch on screen, or else the next one due (KIND chooses):\n"
        "its prompt's steps (e.g. left side 30 s, right side 30 s, three rounds) come one by\n"
        "one, each replacing the last notification with a progress bar where the desktop has\n"
        "one. Time away from the keyboard meanwhile is the break; at the last step's end it is\n"
        "counted as done. 'sitbreak skip' ends it early (logged as skipped), 'sitbreak done'\n"
        "ends it and counts it; reminders that fall due meanwhile wait until it ends.",
    )
    start.add_argument("kind", nargs="?", choices=GUIDED_KINDS, help="which break to guide")


def _add_reload(commands: Any) -> None:
    _control(
        commands,
        "reload",
        "Re-read the settings file without restarting.",
        "If the file has errors they are printed and the running settings stay in force.\n"
        "The daemon also reloads on SIGHUP and when the file changes on disk.",
    )


def _add_stop(commands: Any) -> None:
    _control(commands, "stop", "Stop the running daemon.", "Waits up to 5 s for it to exit.")


def _positive_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 3660:
        raise argparse.ArgumentTypeError(f"{days} days: choose from 1 to 3660")
    return days


def _calendar_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


def _add_stats(commands: Any) -> None:
    parser = command(
        commands,
        "stats",
        "sitbreak.cli.stats_cmd:stats",
        "Show sitting time, reminders and breaks per day, and how they change.",
        "Reads the history the daemon keeps (it may be running). Per local day: sitting time,\n"
        "longest unbroken sitting bout, long bouts ([history] long_bout, 30 min or more), new\n"
        "reminders (repeats not counted), breaks (done + natural), snoozes, skips and the share\n"
        "of reminders followed by a break before the next one; then the streak (active days in\n"
        "a row with no bout over [history] streak_limit, 1 h), a bar chart of sitting per day\n"
        "and a trend against the period before.\n"
        "--json and --csv print stable formats for scripts.\n\n"
        "Exit status: 0 shown (also when there is no history yet), 1 history unreadable,\n"
        "2 bad arguments or settings.",
    )
    period = parser.add_mutually_exclusive_group()
    period.add_argument(
        "--days", type=_positive_days, metavar="N", help="the last N days (default 7)"
    )
    period.add_argument("--week", action="store_true", help="the last 7 days")
    period.add_argument("--month", action="store_true", help="the last 30 days")
    parser.add_argument(
        "--until",
        type=_calendar_day,
        metavar="YYYY-MM-DD",
        help="last day of the period (default: today)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON for scripts")
    output.add_argument("--csv", action="store_true", help="print CSV, one line per day")
    settings_options(parser)


def _add_prompts(commands: Any) -> None:
    parser = command(
        commands,
        "prompts",
        "sitbreak.cli.prompts_cmd:prompts",
        "List the prompts reminders show, with the ids [guidance] disabled takes.",
        "Every built-in prompt and your own ([[guidance.custom]]), by kind, each with its id\n"
        "and title, marked 'off' when [guidance] disabled switches it off. --json prints\n"
        "each prompt's id, kind, title, text, caution, duration_seconds, builtin and enabled.\n\n"
        "Exit status: 0 listed, 2 bad arguments or settings.",
    )
    parser.add_argument("--kind", choices=KINDS, help="only prompts of this kind")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    settings_options(parser)


_COMMANDS: dict[str, Callable[[Any], None]] = {
    "run": _add_run,
    "try": _add_try,
    "status": _add_status,
    "snooze": _add_snooze,
    "pause": _add_pause,
    "resume": _add_resume,
    "skip": _add_skip,
    "done": _add_done,
    "start": _add_start,
    "reload": _add_reload,
    "stop": _add_stop,
    "stats": _add_stats,
    "prompts": _add_prompts,
    "autostart": lambda commands: _add_setup(commands, "autostart"),
    "config": lambda commands: _add_setup(commands, "config"),
    "doctor": lambda commands: _add_setup(commands, "doctor"),
}
"""Every command and what adds it to the grammar, in the order ``--help`` lists them."""

"""The grammar of the setup commands: autostart."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sitbreak.cli.parsers import _command

__all__ = ["add_setup_commands"]

_METHODS = ("xdg", "systemd", "launchd", "windows")


def add_setup_commands(commands: Any) -> None:
    """Register the setup commands on ``commands``."""
    _add_autostart(commands)


def _sub(parent: argparse.ArgumentParser, title: str) -> Any:
    return parent.add_subparsers(dest=title, metavar="ACTION", required=True)


def _add_autostart(commands: Any) -> None:
    parser = _command(
        commands,
        "autostart",
        "sitbreak.cli.autostart_cmd:status",
        "Start sitbreak at login, stop doing so, or see how it starts.",
        "Linux: an XDG autostart entry (default) or a systemd user unit; macOS: a LaunchAgent;\n"
        "Windows: a value in the Run registry key. The entry runs the Python that ran\n"
        "'enable' (so a venv or pipx install works) with 'sitbreak run'.",
    )
    actions = _sub(parser, "action")
    enable = _command(
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
        "--config", type=Path, metavar="PATH", help="settings file the daemon should read"
    )
    _command(
        actions,
        "disable",
        "sitbreak.cli.autostart_cmd:disable",
        "Stop starting sitbreak at login.",
        "Removes only entries that sitbreak wrote, and says what it removed.",
    )
    _command(
        actions,
        "status",
        "sitbreak.cli.autostart_cmd:status",
        "Say whether sitbreak starts at login, how, and whether the entry still works.",
        "Exit status: 0 when an entry will start sitbreak, 1 otherwise.",
    )

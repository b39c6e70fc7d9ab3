"""``sitbreak autostart enable|disable|status``: start sitbreak at login, or stop doing so."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sitbreak.autostart import (
    Autostart,
    AutostartError,
    Found,
    Method,
    current_command,
    default_method,
    platform_methods,
)
from sitbreak.autostart.manage import describe, trouble
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["disable", "enable", "status"]

_START_NOW = {
    Method.XDG: "sitbreak run &",
    Method.SYSTEMD: "systemctl --user start sitbreak.service",
}


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"sitbreak: {message}", file=sys.stderr)
    return code


def _daemon_running() -> bool:
    """True when a daemon answers on the control endpoint."""
    from sitbreak.control.client import DaemonNotRunning, ProtocolError, request
    from sitbreak.control.endpoint import client_endpoint

    try:
        request(client_endpoint(), "ping", timeout=2)
    except (DaemonNotRunning, ProtocolError, OSError):
        return False
    return True


def _config_warnings(config: Path | None) -> list[str]:
    """Reasons the entry's daemon would not start with these settings, or would read others."""
    from sitbreak.settings.loading import CONFIG_VARIABLE, ConfigError, load_settings

    lines = []
    if config is None and os.environ.get(CONFIG_VARIABLE, "").strip():
        lines.append(
            f"Note: ${CONFIG_VARIABLE} is set here, but a login entry does not see this shell's"
            " variables; pass --config to start with that file."
        )
    try:
        load_settings(config)
    except ConfigError as error:
        lines.append("Warning: at login sitbreak would refuse these settings until they are fixed:")
        lines += [f"  {line}" for line in str(error).splitlines()]
    return lines


def enable(args: argparse.Namespace) -> int:
    """Write the login entry for this interpreter; 0 when it is in place and will work."""
    method = Method(args.method) if args.method else default_method()
    if method not in platform_methods():
        here = ", ".join(platform_methods())
        return _fail(f"--method {method} does not work on this system; use {here}", EXIT_USAGE)
    config: Path | None = args.config
    if config is not None and not config.expanduser().is_file():
        return _fail(f"--config {config}: no such file", EXIT_USAGE)
    autostart = Autostart.for_this_platform()
    try:
        lines = autostart.enable(method, current_command(config))
    except AutostartError as error:
        return _fail(str(error))
    print("\n".join(lines + _config_warnings(config)))
    found = autostart.entries[method].find()
    problem = "the entry is missing" if found is None else trouble(found)
    if found is None or found.command is None or problem is not None:
        return _fail(f"autostart is not working yet: {problem}")
    print(f"sitbreak starts at login ({method}): {' '.join(found.command.argv())}")
    if method in _START_NOW and not _daemon_running():
        print(f"It is not running now; to start it now: {_START_NOW[method]}")
    return EXIT_OK


def disable(_args: argparse.Namespace) -> int:
    """Remove the login entries sitbreak wrote; entries it did not write are left alone."""
    autostart = Autostart.for_this_platform()
    try:
        lines = autostart.disable()
    except AutostartError as error:
        return _fail(str(error))
    print("\n".join(lines))
    if any(line.startswith("Removed") for line in lines) and _daemon_running():
        print("The daemon running now keeps running; 'sitbreak stop' stops it.")
    return EXIT_OK


def _summary(found: list[Found]) -> str:
    """The first line of the status: on or off, and by which method."""
    working = [entry for entry in found if trouble(entry) is None]
    if len(working) > 1:
        methods = " and ".join(str(entry.method) for entry in working)
        return f"Autostart is on twice ({methods}): run 'sitbreak autostart enable' to keep one."
    if working:
        entry = working[0]
        mine = "" if entry.ours else ", by an entry sitbreak did not write and leaves alone"
        return f"Autostart is on ({entry.method}{mine})."
    if any(entry.ours for entry in found):
        return "Autostart is broken: sitbreak's entry would not start it (see below)."
    if found:
        return (
            "Autostart is off: the entry below was not written by sitbreak and would not start it."
        )
    return "Autostart is off. Turn it on with: sitbreak autostart enable"


def status(_args: argparse.Namespace) -> int:
    """Say whether sitbreak starts at login, how, and whether that entry still works."""
    autostart = Autostart.for_this_platform()
    try:
        found = autostart.status()
    except AutostartError as error:
        return _fail(str(error))
    print(_summary(found))
    for entry in found:
        print("\n".join(describe(entry)))
    if not found:
        places = ", ".join(entry.location for entry in autostart.entries.values())
        print(f"(looked for {places})")
    healthy = any(trouble(entry) is None for entry in found)
    return EXIT_OK if healthy else EXIT_FAILED

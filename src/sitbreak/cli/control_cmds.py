"""Commands that talk to the running daemon; stdlib only, so they start fast."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Mapping
from datetime import datetime, timedelta

from sitbreak.vocabulary import EXIT_FAILED, EXIT_NOT_RUNNING, EXIT_OK, EXIT_USAGE

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    import argparse

__all__ = ["done", "pause", "reload", "resume", "skip", "snooze", "start", "status", "stop"]

NOT_RUNNING_HINT = (
    "sitbreak is not running. Start it with 'sitbreak run', "
    "or 'sitbreak autostart enable' to start it at every login."
)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _endpoint() -> str:
    from sitbreak.control.endpoint import client_endpoint

    return client_endpoint()


class _NoAnswer(Exception):
    """The daemon did not answer properly; the message is the line to print."""


def _ask(cmd: str, args: Mapping[str, object] | None = None) -> dict[str, object]:
    """The daemon's reply; DaemonNotRunning, or _NoAnswer with one line saying what to do."""
    from sitbreak.control.client import ProtocolError, request

    endpoint = _endpoint()
    try:
        return request(endpoint, cmd, args)
    except TimeoutError:
        raise _NoAnswer(_silent_daemon()) from None
    except ProtocolError as error:
        raise _NoAnswer(
            f"the daemon's answer made no sense ({error}); is something else listening on"
            f" {endpoint}? 'sitbreak doctor' checks"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _NoAnswer(f"cannot reach the daemon at {endpoint} ({reason})") from None


def _silent_daemon() -> str:
    """What to say when the daemon took the request but never answered."""
    from sitbreak.control.endpoint import recorded_pid

    pid = recorded_pid()
    who = f"the daemon (pid {pid})" if pid is not None else "the daemon"
    wake = f"'kill -CONT {pid}' wakes it if it was stopped" if pid is not None else "see its log"
    return f"{who} did not answer within 5 s; {wake}, else 'sitbreak stop' or end it and restart"


def _run(cmd: str, args: Mapping[str, object] | None = None) -> int:
    """Send one command, print its one line, and return the exit status."""
    from sitbreak.control.client import DaemonNotRunning

    try:
        reply = _ask(cmd, args)
    except DaemonNotRunning:
        print(NOT_RUNNING_HINT, file=sys.stderr)
        return EXIT_NOT_RUNNING
    except _NoAnswer as error:
        print(f"sitbreak: {error}", file=sys.stderr)
        return EXIT_FAILED
    return _report(reply)


def _report(reply: dict[str, object]) -> int:
    """Print a command's one line and turn the reply into an exit status."""
    if reply.get("ok") is True:
        print(reply.get("message", "Done."))
        return EXIT_OK
    print(f"sitbreak: {reply.get('error', 'the daemon refused')}", file=sys.stderr)
    return EXIT_USAGE if reply.get("code") in ("bad_request", "bad_config") else EXIT_FAILED


def _usage(message: str) -> int:
    print(f"sitbreak: {message}", file=sys.stderr)
    return EXIT_USAGE


def status(args: argparse.Namespace) -> int:
    """Print the daemon's state (or JSON with ``--json``); 3 when it is not running."""
    from sitbreak.control.client import DaemonNotRunning

    if args.follow or args.format is not None:
        if args.json and args.format not in (None, "json"):
            return _usage(f"status: --json and --format {args.format} do not go together")
        from sitbreak.statusbar.follow import show_status

        fmt = args.format or ("json" if args.json else "text")
        return show_status(_endpoint(), fmt, follow_changes=args.follow)
    try:
        reply = _ask("status")
    except DaemonNotRunning:
        if args.json:
            print(json.dumps({"running": False}))
        else:
            print(NOT_RUNNING_HINT)
        return EXIT_NOT_RUNNING
    except _NoAnswer as error:
        print(f"sitbreak: {error}", file=sys.stderr)
        return EXIT_FAILED
    payload = reply.get("status")
    if reply.get("ok") is not True or not isinstance(payload, dict):
        return _report(reply)
    if args.json:
        print(json.dumps(payload, indent=2))
    else:
        from sitbreak.status_text import status_lines  # only the human form needs it

        print("\n".join(status_lines(payload, datetime.now().astimezone())))
    return EXIT_OK


def snooze(args: argparse.Namespace) -> int:
    """Snooze the pending reminder, or hold the next one, for DURATION."""
    from sitbreak.durations import parse_duration

    if args.duration is not None:
        try:
            if parse_duration(args.duration) <= timedelta(0):
                return _usage("snooze: the duration must be longer than zero")
        except ValueError as error:
            return _usage(f"snooze: {error}")
    return _run("snooze", {"duration": args.duration})


def pause(args: argparse.Namespace) -> int:
    """Pause for DURATION, until HH:MM, or until resume."""
    from sitbreak.durations import parse_duration

    request_args: dict[str, object] = {}
    if args.duration is not None:
        try:
            parse_duration(args.duration)
        except ValueError as error:
            return _usage(f"pause: {error}")
        request_args["duration"] = args.duration
    if args.until is not None:
        match = _CLOCK.match(args.until)
        if match is None:
            return _usage(f"pause --until: {args.until!r} is not a time like 14:00")
        request_args["until"] = _next_occurrence(int(match[1]), int(match[2])).isoformat()
    return _run("pause", request_args)


def _next_occurrence(hour: int, minute: int) -> datetime:
    now = datetime.now().astimezone()
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


def resume(_args: argparse.Namespace) -> int:
    """End a pause or a snooze now."""
    return _run("resume")


def skip(_args: argparse.Namespace) -> int:
    """Drop the reminder that is showing or waiting; counting goes on."""
    return _run("skip")


def done(args: argparse.Namespace) -> int:
    """Tell the daemon a break was taken."""
    return _run("done", {"kind": args.kind})


def start(args: argparse.Namespace) -> int:
    """Start a guided break: the one on screen, or the next one (of ``kind``, if given)."""
    return _run("start", {"kind": args.kind})


def reload(_args: argparse.Namespace) -> int:
    """Re-read the settings; on errors the running settings stay."""
    return _run("reload")


def stop(_args: argparse.Namespace) -> int:
    """Stop the daemon and wait (up to 5 s) until it has gone."""
    from sitbreak.control.client import DaemonNotRunning, ProtocolError, request

    code = _run("stop")
    if code != EXIT_OK:
        return code
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            request(_endpoint(), "ping", timeout=1)
        except (DaemonNotRunning, OSError, ProtocolError):  # a closing daemon may hang up
            return EXIT_OK
        time.sleep(0.05)
    print("sitbreak: the daemon has not stopped after 5 s", file=sys.stderr)
    return EXIT_FAILED

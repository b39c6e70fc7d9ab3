"""``sitbreak run``: the daemon in the foreground, as a login item or systemd unit runs it, and
what it says on start in plain words: it runs, what comes next, how to stop it."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from sitbreak import __version__, paths
from sitbreak.cli.logging_setup import configure_logging
from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.control.endpoint import default_endpoint
from sitbreak.control.posix import EndpointInUseError, UnsafeDirectoryError, ensure_private_dir
from sitbreak.control.server import prepare_endpoint
from sitbreak.control.single_instance import (
    AlreadyRunning,
    InstanceLock,
    UnusableLockFile,
    acquire_instance_lock,
)
from sitbreak.daemon.assembly import DaemonParts
from sitbreak.daemon.configuration import Configuration, load_configuration
from sitbreak.daemon.main_loop import ConfigWatcher, MainLoop
from sitbreak.durations import humanize
from sitbreak.log_place import LogPlace, default_log_file
from sitbreak.settings.loading import ConfigError
from sitbreak.status_text import at_phrase, next_phrase
from sitbreak.vocabulary import (
    EXIT_CRASHED,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    KIND_LABELS,
    Activity,
)

__all__ = ["OFFICE_HOURS_HINT", "command_name", "run", "welcome_lines"]


log = logging.getLogger("sitbreak.run")

_READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def run(args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM or ``stop``; exit 0, 1 already running, 2 bad settings, 70 crash."""
    at_terminal = _is_terminal(sys.stderr)
    log_place = configure_logging(
        args.verbose, log_file=default_log_file(), quiet_terminal=at_terminal
    )
    try:
        overrides = overrides_from(args)
        configuration = load_configuration(args.config, overrides)
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return EXIT_USAGE
    endpoint = default_endpoint()
    try:
        lock = _take_lock(endpoint)
    except AlreadyRunning as error:
        print(f"sitbreak: {error}; 'sitbreak status' shows it", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        return _refuse(error)
    try:
        prepare_endpoint(endpoint)
    except OSError as error:
        lock.release()
        return _refuse(error)
    try:
        _serve(configuration, args.config, overrides, endpoint, log_place, welcome=at_terminal)
    except Exception:
        # a distinct status lets a service manager restart crashes but not "already running"
        log.exception("sitbreak stopped on an unexpected error")
        return EXIT_CRASHED
    finally:
        lock.release()
    return EXIT_OK


def _take_lock(endpoint: Path | str) -> InstanceLock:
    """The single-instance lock beside the state file; beside the socket if that folder is
    read-only and has none yet (a warning says so: a client elsewhere may then miss it)."""
    try:
        return acquire_instance_lock(paths.lock_file(), os.fspath(endpoint))
    except (AlreadyRunning, UnusableLockFile):
        raise
    except OSError as error:
        if not isinstance(endpoint, Path) or error.errno not in _READ_ONLY:
            raise
        fallback = endpoint.parent / paths.lock_file().name
        log.warning(
            "cannot write the lock beside the state (%s: %s); using %s instead",
            paths.lock_file(),
            error.strerror,
            fallback,
        )
        ensure_private_dir(fallback.parent)
        return acquire_instance_lock(fallback, os.fspath(endpoint))


def _refuse(error: OSError) -> int:
    """One line saying why the daemon cannot start and what to do; exit 1."""
    if isinstance(error, UnsafeDirectoryError | EndpointInUseError | UnusableLockFile):
        reason = str(error)
    else:  # the state folder itself cannot be made or written
        where = f" ({error.filename})" if error.filename else ""
        reason = f"{error.strerror or error}{where}; 'sitbreak doctor' says more"
    print(f"sitbreak: cannot start: {reason}", file=sys.stderr)
    return EXIT_FAILED


def _serve(
    configuration: Configuration,
    config_path: Path | None,
    overrides: Mapping[str, str],
    endpoint: Path | str,
    log_place: LogPlace,
    *,
    welcome: bool,
) -> None:
    for warning in configuration.warnings:
        log.warning("%s", warning)
    # made before the daemon starts answering, so an edit from then on is never missed
    loop = MainLoop()
    watcher = ConfigWatcher(configuration.loaded.config_file, loop.request_reload)
    loop.install_signal_handlers()

    def reload() -> str | None:
        try:
            fresh = load_configuration(config_path, overrides)
        except ConfigError as error:
            log.warning("settings not reloaded, the last good ones keep running:\n%s", error)
            return str(error)
        for warning in fresh.warnings:
            log.warning("%s", warning)
        try:
            parts.apply(fresh)
        except Exception as error:  # whatever went wrong, the daemon keeps running as it was
            log.exception("the new settings could not be applied; the last good ones keep running")
            return f"applying them failed ({type(error).__name__}: {error}); see the daemon log"
        log.info("settings reloaded from %s", fresh.loaded.config_file)
        return None

    parts = DaemonParts(configuration, endpoint, reload, loop.request_stop, log_place)
    watcher.start()  # before the control server answers: an edit made once it does is seen
    parts.start()
    pid = parts.daemon.pid
    log.info(
        "sitbreak %s running (pid %d); settings %s; log %s",
        __version__,
        pid,
        configuration.loaded.config_file,
        log_place.describe(),
    )
    _say_hello(parts, configuration, log_place, to_terminal=welcome)
    try:
        loop.run(reload)
    finally:
        log.info("stopping")
        watcher.close()
        parts.close()
    if welcome:
        print("sitbreak stopped; your sitting time and history are saved.", flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, AttributeError):  # closed or replaced streams
        return False


def _say_hello(
    parts: DaemonParts, configuration: Configuration, log_place: LogPlace, *, to_terminal: bool
) -> None:
    """The welcome: printed for a person at a terminal, one log line otherwise."""
    status = parts.handler.payload()
    loaded = configuration.loaded
    lines = welcome_lines(
        status,
        parts.daemon.now(),
        config_file=loaded.config_file,
        config_exists=loaded.file_exists,
        all_hours=configuration.policy.schedule.always,
        log_place=log_place,
        away_after=configuration.policy.away_threshold,
        command=command_name(),
    )
    if to_terminal:
        print("\n".join(lines), flush=True)
    else:
        log.info("ready; %s", next_phrase(status, parts.daemon.now()))


OFFICE_HOURS_HINT = "config init --hours 09:00-17:30 --days mon-fri"


def command_name() -> str:
    """How to run this sitbreak from another terminal: ``sitbreak`` when that is on PATH."""
    found = shutil.which("sitbreak")
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if found is not None and (
        script is None
        or script.name not in ("sitbreak", "sitbreak.exe")
        or _same_file(Path(found), script)
    ):
        return "sitbreak"
    if script is not None and script.name in ("sitbreak", "sitbreak.exe") and script.exists():
        return str(script.absolute())
    return f"{sys.executable} -m sitbreak"


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _next_line(payload: Mapping[str, object], now: datetime) -> str:
    upcoming = payload.get("next")
    if isinstance(upcoming, Mapping) and isinstance(upcoming.get("at"), str):
        at = datetime.fromisoformat(str(upcoming["at"]))
        label = KIND_LABELS.get(str(upcoming.get("kind")), str(upcoming.get("kind")))
        return f"Next reminder: a {label} at {at_phrase(at, now)}, if you keep sitting."
    if payload.get("state") == Activity.OUTSIDE_HOURS:
        return "Outside your active hours now: no reminders until they begin."
    return "No reminder is scheduled (every kind is switched off)."


def _idle_line(payload: Mapping[str, object], command: str, away_after: timedelta) -> str:
    backend = payload.get("idle_backend")
    if backend in (None, "none"):
        return (
            "Idle detection is off here, so all time at the computer counts as sitting;"
            f" tell it about a break with '{command} done'."
        )
    return (
        f"Away from the keyboard for {humanize(away_after)} or more counts as a break"
        f" (idle detection: {backend})."
    )


def welcome_lines(
    payload: Mapping[str, object],
    now: datetime,
    *,
    config_file: Path,
    config_exists: bool,
    all_hours: bool,
    log_place: LogPlace,
    away_after: timedelta = timedelta(minutes=1),
    command: str = "sitbreak",
) -> list[str]:
    """The lines printed when the daemon has started, for a person at a terminal."""
    lines = [
        f"sitbreak is running (pid {payload.get('pid')}) and counting your sitting time.",
        _next_line(payload, now),
        _idle_line(payload, command, away_after),
        f"See a reminder now:  {command} try",
        f"Check on it:         {command} status",
        f"Stop it:             press Ctrl-C here, or run '{command} stop'",
    ]
    if config_exists:
        lines.append(f"Settings: {config_file}")
    else:
        lines.append(
            f"Settings: none yet, so the defaults apply; '{command} config init' writes"
            f" {config_file}"
        )
    if all_hours:
        lines.append(
            f"Reminders come at any hour, every day; for office hours only: {command}"
            f" {OFFICE_HOURS_HINT}"
        )
    lines.append(f"Log: {log_place.describe()}")
    return lines

"""``sitbreak run``: the daemon in the foreground, as a login item or systemd unit runs it."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping
from pathlib import Path

from sitbreak import paths
from sitbreak.cli.logging_setup import configure_logging
from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.control.endpoint import default_endpoint
from sitbreak.control.single_instance import AlreadyRunning, acquire_instance_lock
from sitbreak.daemon.assembly import DaemonParts
from sitbreak.daemon.config_watch import ConfigWatcher
from sitbreak.daemon.configuration import Configuration, load_configuration
from sitbreak.daemon.main_loop import MainLoop
from sitbreak.settings.loading import ConfigError

__all__ = ["run"]

log = logging.getLogger("sitbreak.run")

EXIT_CRASHED = 70  # EX_SOFTWARE from sysexits.h


def run(args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM or ``stop``; exit 0, 1 already running, 2 bad settings, 70 crash."""
    configure_logging(args.verbose)
    try:
        overrides = overrides_from(args)
        configuration = load_configuration(args.config, overrides)
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return 2
    runtime = paths.runtime_dir()
    try:
        lock = acquire_instance_lock(runtime / "daemon.lock")
    except AlreadyRunning as error:
        print(f"sitbreak: {error}", file=sys.stderr)
        return 1
    try:
        _serve(configuration, args.config, overrides, default_endpoint())
    except Exception:
        # a distinct status lets a service manager restart crashes but not "already running"
        log.exception("sitbreak stopped on an unexpected error")
        return EXIT_CRASHED
    finally:
        lock.release()
    return 0


def _serve(
    configuration: Configuration,
    config_path: Path | None,
    overrides: Mapping[str, str],
    endpoint: Path | str,
) -> None:
    for warning in configuration.warnings:
        log.warning("%s", warning)
    loop = MainLoop()
    loop.install_signal_handlers()

    def reload() -> str | None:
        try:
            fresh = load_configuration(config_path, overrides)
        except ConfigError as error:
            log.warning("settings not reloaded, the last good ones keep running:\n%s", error)
            return str(error)
        for warning in fresh.warnings:
            log.warning("%s", warning)
        parts.apply(fresh)
        log.info("settings reloaded from %s", fresh.loaded.config_file)
        return None

    parts = DaemonParts(configuration, endpoint, reload, loop.request_stop)
    watcher = ConfigWatcher(configuration.loaded.config_file, loop.request_reload)
    parts.start()
    watcher.start()
    pid = parts.daemon.pid
    log.info("sitbreak running (pid %d); settings %s", pid, configuration.loaded.config_file)
    try:
        loop.run(reload)
    finally:
        log.info("stopping")
        watcher.close()
        parts.close()

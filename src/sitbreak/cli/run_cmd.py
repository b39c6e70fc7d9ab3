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
from sitbreak.control.serve import make_server
from sitbreak.control.single_instance import AlreadyRunning, acquire_instance_lock
from sitbreak.daemon.configuration import Configuration, load_configuration
from sitbreak.daemon.control_handler import ControlHandler
from sitbreak.daemon.main_loop import MainLoop
from sitbreak.daemon.service import Daemon
from sitbreak.idle import IdleMonitor
from sitbreak.notify.select import choose_notifier
from sitbreak.settings.loading import ConfigError

__all__ = ["run"]

log = logging.getLogger("sitbreak.run")


def run(args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM or ``stop``: 0 clean stop, 1 already running, 2 bad settings."""
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
    daemon = Daemon(configuration, choose_notifier(), paths.state_dir() / "state.json")
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
        daemon.reconfigure(fresh)
        log.info("settings reloaded from %s", fresh.loaded.config_file)
        return None

    idle = IdleMonitor(daemon)
    handler = ControlHandler(
        daemon, reload, loop.request_stop, lambda: idle.name, idle_detail=lambda: idle.detail
    )
    server = make_server(endpoint, handler)
    daemon.start()
    idle.start()
    server.start()
    log.info("sitbreak running (pid %d); settings %s", daemon.pid, configuration.loaded.config_file)
    try:
        loop.run(reload)
    finally:
        log.info("stopping")
        server.close()
        idle.close()
        daemon.stop()

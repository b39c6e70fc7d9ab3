"""Every part of a running daemon, built in dependency order and stopped in reverse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitbreak import paths
from sitbreak.busy import start_busy_watch
from sitbreak.control.serve import make_server
from sitbreak.daemon.configuration import Configuration
from sitbreak.daemon.control_handler import ControlHandler, Reloader
from sitbreak.daemon.notification_actions import answer_from_notifications
from sitbreak.daemon.service import Daemon
from sitbreak.daemon.status_feed import StatusFeed
from sitbreak.history.recorder import attach_history
from sitbreak.hooks.listener import Hooks
from sitbreak.idle import IdleMonitor
from sitbreak.log_place import LogPlace
from sitbreak.notify.select import choose_notifier

__all__ = ["DaemonParts"]


class DaemonParts:
    """The daemon and its adapters: notifier, history, idle and busy probes, hooks, control."""

    def __init__(
        self,
        configuration: Configuration,
        endpoint: Path | str,
        reload: Reloader,
        stop: Callable[[], None],
        log_place: LogPlace | None = None,
    ) -> None:
        notifier = choose_notifier(configuration.settings)
        self.daemon = daemon = Daemon(configuration, notifier, paths.state_dir() / "state.json")
        answer_from_notifications(daemon)
        self.history = attach_history(daemon)
        self.idle = idle = IdleMonitor(daemon)
        self.handler = handler = ControlHandler(
            daemon,
            reload,
            stop,
            lambda: idle.name,
            idle_detail=lambda: idle.detail,
            log_place=log_place,
        )
        self.server = make_server(endpoint, handler)
        self.hooks = Hooks(lambda: daemon.configuration.settings.hooks)
        daemon.listeners += [StatusFeed(self.server.publish, handler.payload_of), self.hooks]
        self.busy = start_busy_watch(daemon, configuration.settings.quiet)

    def start(self) -> None:
        """Restore the state and start counting, then probing, then answering commands."""
        self.daemon.start()
        self.idle.start()
        self.server.start()

    def apply(self, configuration: Configuration) -> None:
        """Switch every part to newly loaded settings."""
        self.daemon.reconfigure(configuration)
        self.busy.reconfigure(configuration.settings.quiet)

    def close(self) -> None:
        """Stop answering and probing, save the state, flush the history, end the hooks."""
        self.server.close()
        self.idle.close()
        self.busy.close()
        self.daemon.stop()
        self.history.close()
        self.hooks.close()

"""Every part of a running daemon, built in dependency order and stopped in reverse."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak import paths
from sitbreak.busy import start_busy_watch
from sitbreak.control.server import make_server
from sitbreak.core import Event
from sitbreak.daemon.configuration import Configuration
from sitbreak.daemon.control_handler import ControlHandler, Reloader
from sitbreak.daemon.daily_summary import DailySummary
from sitbreak.daemon.shell import Daemon
from sitbreak.daemon.status import StatusFeed
from sitbreak.dispatch import DispatchResult, Probe
from sitbreak.history.recorder import open_history
from sitbreak.hooks.listener import Hooks
from sitbreak.idle import IdleMonitor
from sitbreak.log_place import LogPlace
from sitbreak.notify import ActionableNotifier, Notifier, open_notifier

if TYPE_CHECKING:
    from sitbreak.dbus import Bus
    from sitbreak.tray import Tray

__all__ = ["DaemonParts", "attach_probe"]

log = logging.getLogger(__name__)


def _session_bus() -> Bus | None:
    """The one session-bus connection every part shares, where D-Bus exists (jeepney installed)."""
    try:
        from sitbreak.dbus import Bus
    except ImportError:
        return None
    return Bus("SESSION")


def _answers_to(daemon: Daemon) -> Callable[[Event], None]:
    """What a button on a reminder does: dispatch its event; a refusal is logged, not raised."""

    def answer(event: Event) -> None:
        result = daemon.dispatch(event)
        if result.rejected is not None:
            # e.g. Skip once the reminder was already answered, or one snooze too many
            log.info("%s from the notification not applied: %s", event, result.rejected)

    return answer


def _has_dbus_tray() -> bool:
    """Trays speak D-Bus on Linux and the BSDs; macOS and Windows have their own (not yet)."""
    return sys.platform not in ("darwin", "win32")


class _Follower:
    """The daemon listener that tells a probe the state after each dispatch."""

    def __init__(self, daemon: Daemon, probe: Probe) -> None:
        self._daemon = daemon
        self.probe = probe

    def after_dispatch(self, _result: DispatchResult) -> None:
        """Inside the daemon's lock, so the state is the one this dispatch left."""
        self.probe.follow(self._daemon.state)


def attach_probe(daemon: Daemon, probe: Probe) -> Callable[[], None]:
    """Have ``daemon`` ask ``probe`` before every wake-up and tell it every state; undo returned."""
    follower = _Follower(daemon, probe)
    daemon.observers.append(probe)
    daemon.listeners.append(follower)

    def detach() -> None:
        if probe in daemon.observers:
            daemon.observers.remove(probe)
        if follower in daemon.listeners:
            daemon.listeners.remove(follower)

    return detach


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
        self.session_bus = _session_bus()
        self.notifier: Notifier = open_notifier(configuration.settings, bus=self.session_bus)
        self.daemon = daemon = Daemon(
            configuration, self.notifier, paths.state_dir() / "state.json"
        )
        if isinstance(self.notifier, ActionableNotifier):
            self.notifier.listen(_answers_to(daemon))
        self.history = open_history(lambda: daemon.configuration.settings.history.keep_days)
        daemon.listeners.append(self.history)
        self.summary = DailySummary(daemon, self.history)
        daemon.listeners.append(self.summary)
        settings = configuration.settings
        self.idle = idle = IdleMonitor(
            daemon.dispatch,
            lambda: daemon.state,
            settings.idle,
            configuration.policy,
            session=self.session_bus,
        )
        notifier = self.notifier
        self.handler = handler = ControlHandler(
            daemon,
            reload,
            stop,
            lambda: idle.name,
            idle_detail=lambda: idle.detail,
            notifications=lambda: notifier.detail,
            log_place=log_place,
        )
        self.server = make_server(endpoint, handler)
        self.hooks = Hooks(lambda: daemon.configuration.settings.hooks)
        self._status_followers: list[Callable[[Mapping[str, object]], None]] = [self.server.publish]
        daemon.listeners += [StatusFeed(self._publish, handler.payload_of), self.hooks]
        self.tray: Tray | None = None
        self._stop = stop
        self.busy = start_busy_watch(
            daemon.dispatch, lambda: daemon.state, settings.quiet, bus=self.session_bus
        )
        self._detach = [attach_probe(daemon, self.busy)]

    def start(self) -> None:
        """Restore the state and start counting, then probing, then answering commands."""
        self.daemon.start()
        self._detach.append(attach_probe(self.daemon, self.idle))
        self.idle.start()
        self.server.start()
        self._switch_tray(on=self.daemon.configuration.settings.tray.enabled)

    def _publish(self, message: Mapping[str, object]) -> None:
        """The status stream: to ``status --follow`` clients and to the tray icon."""
        for follower in self._status_followers:
            follower(message)

    def _switch_tray(self, *, on: bool) -> None:
        """Show the tray icon, or take it away (at start, and when a reload changes [tray])."""
        if on and self.tray is None and self.session_bus is not None and _has_dbus_tray():
            from sitbreak.tray import Tray, TrayHooks
            from sitbreak.tray.actions import notes_through

            daemon = self.daemon
            hooks = TrayHooks(
                dispatch=lambda event: daemon.dispatch(event).rejected,
                notify=notes_through(self.notifier),
                stop=self._stop,
                config_file=lambda: daemon.configuration.loaded.config_file,
                schedule=lambda: daemon.configuration.policy.schedule,
            )
            self.tray = Tray(self.session_bus, hooks, self.handler.payload)
            self._status_followers.append(self.tray.publish)
            self.tray.start()
        elif not on and self.tray is not None:
            self._status_followers.remove(self.tray.publish)
            self.tray.close()
            self.tray = None

    def apply(self, configuration: Configuration) -> None:
        """Switch every part to newly loaded settings; an error leaves the daemon's settings as
        they were (and is raised), one in an adapter leaves only that adapter as it was."""
        self.daemon.reconfigure(configuration)
        settings = configuration.settings
        notifier = self.notifier

        def notifications() -> None:
            if isinstance(notifier, ActionableNotifier):
                notifier.configure(
                    buttons=settings.notifications.actions, snooze=settings.snooze.default
                )

        parts: tuple[tuple[str, Callable[[], None]], ...] = (
            ("notifications", notifications),
            ("idle detection", lambda: self.idle.reconfigure(settings.idle, configuration.policy)),
            ("busy signals", lambda: self.busy.reconfigure(settings.quiet)),
            ("the tray icon", lambda: self._switch_tray(on=settings.tray.enabled)),
        )
        for name, reconfigure in parts:
            try:
                reconfigure()
            except Exception:
                log.exception("%s: the previous settings stay in force", name)

    def close(self) -> None:
        """Stop answering and probing, save the state, flush the history, end the hooks."""
        self._switch_tray(on=False)
        self.server.close()
        for detach in self._detach:
            detach()
        self.idle.close()
        self.busy.close()
        self.summary.close()
        self.daemon.stop()
        self.history.close()
        self.hooks.close()
        if self.session_bus is not None:
            self.session_bus.close()

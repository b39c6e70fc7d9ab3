"""Choosing the notification backend once, at start-up."""

from __future__ import annotations

import logging
import sys
from importlib import resources
from pathlib import Path

from sitbreak.notify.base import Notifier
from sitbreak.notify.plyer_backend import PlyerNotifier
from sitbreak.settings.model import Settings

__all__ = ["choose_notifier", "icon_path"]

log = logging.getLogger(__name__)


def icon_path() -> Path | None:
    """The icon shipped in the package, when the package lives on a real file system."""
    candidate = resources.files("sitbreak") / "data" / "sitbreak.svg"
    path = Path(str(candidate))
    return path if path.is_file() else None


def choose_notifier(
    settings: Settings | None = None, *, bus: str = "SESSION", platform: str | None = None
) -> Notifier:
    """The backend for this desktop.

    Linux, with a notification server that offers action buttons: our own D-Bus backend
    (buttons unless ``[notifications] actions = false``). Anywhere else, and with servers
    without buttons: plyer, which knows Linux, macOS and Windows.
    """
    settings = settings if settings is not None else Settings()
    if (platform or sys.platform).startswith("linux"):
        notifier = _freedesktop_with_actions(settings, bus)
        if notifier is not None:
            return notifier
    return PlyerNotifier(icon=icon_path())


def _freedesktop_with_actions(settings: Settings, bus: str) -> Notifier | None:
    """The D-Bus backend when the server advertises ``actions``; None otherwise."""
    from sitbreak.notify.freedesktop import FreedesktopNotifier
    from sitbreak.notify.freedesktop_bus import ACTIONS_CAPABILITY, NotificationBus

    try:
        connection = NotificationBus.open(bus)
    except OSError as error:
        log.debug("no freedesktop notification server to talk to: %s", error)
        return None
    if ACTIONS_CAPABILITY not in connection.capabilities:
        log.info("%s shows no buttons on notifications; sending through plyer", connection.server)
        connection.close()
        return None
    buttons = settings.notifications.actions
    log.info(
        "notifications through %s, %s",
        connection.server,
        "with Done, Snooze and Skip buttons" if buttons else "buttons switched off",
    )
    return FreedesktopNotifier(
        connection, icon=icon_path(), buttons=buttons, snooze=settings.snooze.default
    )

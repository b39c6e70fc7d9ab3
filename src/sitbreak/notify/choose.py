"""Choosing the notification backend for this platform."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak.notify.base import Notifier
from sitbreak.notify.plyer_backend import PlyerNotifier
from sitbreak.settings.model import Settings

if TYPE_CHECKING:  # the D-Bus layer (jeepney) is imported only on Linux
    from sitbreak.dbus import Bus
    from sitbreak.notify.freedesktop import Server

__all__ = ["icon_path", "notification_server", "open_notifier"]


def icon_path() -> Path | None:
    """The icon shipped in the package, when the package lives on a real file system."""
    candidate = resources.files("sitbreak") / "data" / "sitbreak.svg"
    path = Path(str(candidate))
    return path if path.is_file() else None


def open_notifier(
    settings: Settings | None = None, *, bus: Bus | None = None, platform: str | None = None
) -> Notifier:
    """The backend for this desktop.

    Linux: our own D-Bus client on ``bus`` (its own session-bus connection when None), with
    Done, Snooze and Skip buttons where the server shows them (unless ``[notifications]
    actions = false``), plyer where it shows none; it follows the server coming and going.
    macOS and Windows: plyer.
    """
    settings = settings if settings is not None else Settings()
    if not (platform or sys.platform).startswith("linux"):
        return PlyerNotifier(icon=icon_path())
    from sitbreak.dbus import Bus
    from sitbreak.notify.freedesktop import FreedesktopNotifier

    return FreedesktopNotifier(
        bus if bus is not None else Bus("SESSION", reconnect=False),
        owns_bus=bus is None,
        icon=icon_path(),
        buttons=settings.notifications.actions,
        snooze=settings.snooze.default,
    )


def notification_server() -> Server:
    """Which notification server answers on the session bus (Linux); NotifyError says why none."""
    from sitbreak.dbus import Bus
    from sitbreak.notify.freedesktop import find_server

    bus = Bus("SESSION", reconnect=False)
    try:
        return find_server(bus)
    finally:
        bus.close()

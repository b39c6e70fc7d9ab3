"""Reminders through plyer: the desktop's own notifications on Linux, macOS and Windows."""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

from sitbreak.notify.base import APP_NAME, NotifyError, Reminder

__all__ = ["PlyerNotifier"]

log = logging.getLogger(__name__)


class PlyerNotifier:
    """Sends through plyer; on Linux it first checks that a notification server answers."""

    name = "plyer"

    def __init__(self, icon: Path | None = None) -> None:
        self._icon = icon

    def send(self, reminder: Reminder) -> None:
        """Show the reminder; raise NotifyError when plyer has no way to."""
        if sys.platform.startswith("linux"):
            # plyer runs notify-send and ignores its exit status, so ask the bus first
            from sitbreak.notify.freedesktop_probe import server_information

            try:
                server_information()
            except OSError as error:
                raise NotifyError(str(error)) from error
        with warnings.catch_warnings():
            # plyer warns on every import that dbus-python is missing; notify-send serves instead
            warnings.simplefilter("ignore")
            from plyer import notification

            try:
                notification.notify(
                    title=reminder.title,
                    message=reminder.body,
                    app_name=APP_NAME,
                    app_icon=str(self._icon) if self._icon else "",
                    timeout=max(1, round(reminder.timeout.total_seconds())),
                )
            except NotImplementedError as error:
                raise NotifyError("plyer has no notification backend on this system") from error
            except (OSError, ValueError) as error:
                raise NotifyError(f"plyer could not show the notification: {error}") from error

    def close(self) -> None:
        """Nothing to release."""

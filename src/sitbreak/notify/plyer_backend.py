"""Reminders through plyer: the desktop's own notifications on Linux, macOS and Windows."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from sitbreak.notify.base import APP_NAME, NotifyError, Reminder

__all__ = ["PlyerNotifier"]

log = logging.getLogger(__name__)


class PlyerNotifier:
    """Sends through plyer (on Linux only once a notification server is known to answer)."""

    name = "plyer"
    detail = "the desktop's notifications, through plyer"

    def __init__(self, icon: Path | None = None) -> None:
        self._icon = icon

    def send(self, reminder: Reminder) -> None:
        """Show the reminder; raise NotifyError when plyer has no way to."""
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

    def withdraw(self) -> None:
        """plyer cannot take a notification down."""

    def close(self) -> None:
        """Nothing to release."""

"""The last resort: reminders go to the log when no notification path exists."""

from __future__ import annotations

import logging

from sitbreak.notify.base import Reminder

__all__ = ["LogNotifier"]

log = logging.getLogger(__name__)


class LogNotifier:
    """Writes each reminder to the log instead of the screen."""

    name = "log"

    def send(self, reminder: Reminder) -> None:
        """Log the reminder as one line."""
        text = reminder.body.replace("\n", " ")
        log.warning("REMINDER (%s) %s: %s", reminder.kind.value, reminder.title, text)

    def close(self) -> None:
        """Nothing to release."""

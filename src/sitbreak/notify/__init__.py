"""Showing reminders: desktop notifications with buttons on Linux, plyer elsewhere, the log last.

``open_notifier`` chooses; on Linux ``notification_server`` tells ``sitbreak doctor`` which
notification server answers.
"""

from sitbreak.notify.base import (
    NO_SERVER_FIX,
    ActionableNotifier,
    LogNotifier,
    Notifier,
    NotifyError,
    Reminder,
    Stage,
)
from sitbreak.notify.choose import icon_path, notification_server, open_notifier

__all__ = [
    "NO_SERVER_FIX",
    "ActionableNotifier",
    "LogNotifier",
    "Notifier",
    "NotifyError",
    "Reminder",
    "Stage",
    "icon_path",
    "notification_server",
    "open_notifier",
]

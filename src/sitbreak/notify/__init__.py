"""Showing reminders: one small backend each, chosen once at start-up."""

from sitbreak.notify.base import Notifier, NotifyError, Reminder

__all__ = ["Notifier", "NotifyError", "Reminder"]

"""Buttons on a reminder drive the daemon: answers go through ``dispatch``, as the CLI's do."""

from __future__ import annotations

import logging

from sitbreak.core import ConfigChanged, Event
from sitbreak.daemon.service import Daemon, DispatchResult
from sitbreak.notify.base import ActionableNotifier

__all__ = ["answer_from_notifications"]

log = logging.getLogger(__name__)


class _FollowSettings:
    """Relabels or switches off the buttons when the settings are reloaded."""

    def __init__(self, daemon: Daemon, notifier: ActionableNotifier) -> None:
        self._daemon = daemon
        self._notifier = notifier

    def after_dispatch(self, result: DispatchResult) -> None:
        """On ConfigChanged, pass ``[notifications] actions`` and ``[snooze] default`` on."""
        if isinstance(result.event, ConfigChanged):
            settings = self._daemon.configuration.settings
            self._notifier.configure(
                buttons=settings.notifications.actions, snooze=settings.snooze.default
            )


def answer_from_notifications(daemon: Daemon) -> None:
    """Let the daemon's notifier report answers, if it can; call before ``daemon.start()``."""
    notifier = daemon.notifier
    if not isinstance(notifier, ActionableNotifier):
        return

    def answer(event: Event) -> None:
        """Dispatch one answer; a refusal is logged, never raised on the listener thread."""
        result = daemon.dispatch(event)
        if result.rejected is not None:
            # e.g. Skip once the reminder was already answered, or one snooze too many
            log.info("%s from the notification not applied: %s", event, result.rejected)

    daemon.listeners.append(_FollowSettings(daemon, notifier))
    notifier.listen(answer)

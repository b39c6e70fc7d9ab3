"""The daemon listener that turns dispatches into ``[hooks]`` commands."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from sitbreak.core import Kind, StatusView
from sitbreak.dispatch import DispatchResult
from sitbreak.hooks.events import hook_events
from sitbreak.hooks.runner import HookRunner
from sitbreak.notify import Reminder
from sitbreak.settings.model import HooksSettings

__all__ = ["Hooks", "Runner"]

log = logging.getLogger(__name__)


class Runner(Protocol):
    """What runs the commands (``HookRunner``); ``submit`` must never block."""

    def submit(
        self, name: str, argv: Sequence[str], env: Mapping[str, str], timeout: float
    ) -> bool:
        """Start or queue one run; False if it was skipped."""

    def close(self) -> None:
        """Stop taking runs and end the ones still going."""


class Hooks:
    """Called inside the daemon lock after every dispatch: works out events, hands off runs.

    ``settings`` is asked on every dispatch, so a reload takes effect at once. Nothing here
    waits for a hook: the runner's worker threads start and watch the commands.
    """

    def __init__(self, settings: Callable[[], HooksSettings], runner: Runner | None = None) -> None:
        """Run the commands ``settings()`` names through ``runner`` (a default one if None)."""
        self._settings = settings
        self._runner: Runner = runner or HookRunner()
        self._before: StatusView | None = None
        self._shown: dict[Kind, Reminder] = {}

    def after_dispatch(self, result: DispatchResult) -> None:
        """Start the hooks this dispatch calls for; remember the status for the next one."""
        before, self._before = self._before, result.status
        events = hook_events(result, before, self._shown)
        for reminder in result.reminders:
            self._shown[reminder.kind] = reminder
        if not events:
            return
        settings = self._settings()
        timeout = settings.timeout.total_seconds()
        for event in events:
            argv: list[str] = getattr(settings, event.setting)
            if argv:
                log.debug("hook %s for %s", event.setting, event.kind or "-")
                self._runner.submit(event.setting, argv, event.environment(), timeout)

    def close(self) -> None:
        """Stop taking hooks; let running ones finish briefly, then stop them."""
        self._runner.close()

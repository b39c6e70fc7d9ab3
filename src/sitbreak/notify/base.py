"""What every notification backend offers, and what it is given to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

from sitbreak.core import Event, Kind

__all__ = ["APP_NAME", "ActionHandler", "ActionableNotifier", "Notifier", "NotifyError", "Reminder"]

APP_NAME = "sitbreak"


@dataclass(frozen=True)
class Reminder:
    """One notification, fully worded."""

    kind: Kind
    prompt_id: str
    title: str
    body: str
    urgency: str = "normal"  # low | normal | critical
    timeout: timedelta = timedelta(seconds=30)  # 0 = until the person closes it
    image: Path | None = None  # the prompt's picture, shown where the desktop can
    standalone: bool = False  # a note beside the reminders: no buttons, replaces none, stays


class NotifyError(Exception):
    """The reminder could not be shown; the message says why and what to do."""


class Notifier(Protocol):
    """A way to show reminders."""

    name: str

    def send(self, reminder: Reminder) -> None:
        """Show ``reminder`` or raise NotifyError."""

    def close(self) -> None:
        """Release whatever the backend holds."""


ActionHandler = Callable[[Event], None]


@runtime_checkable
class ActionableNotifier(Notifier, Protocol):
    """A backend whose notifications carry buttons and report what the person did with them."""

    def configure(self, *, buttons: bool, snooze: timedelta) -> None:
        """Show buttons or not; ``snooze`` names the Snooze button (from ``[snooze] default``)."""

    def listen(self, on_action: ActionHandler) -> None:
        """Start reporting answers to reminders as events (Done, Snooze, Skip, Dismissed)."""

"""What every notification backend offers, what it is given to show, and the last resort."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

from sitbreak.core import Event, Kind

__all__ = [
    "APP_NAME",
    "NO_SERVER_FIX",
    "ActionHandler",
    "ActionableNotifier",
    "LogNotifier",
    "Notifier",
    "NotifyError",
    "Reminder",
    "Stage",
]

log = logging.getLogger(__name__)

APP_NAME = "sitbreak"
NO_SERVER_FIX = (
    "run sitbreak inside your desktop session; GNOME and KDE have a notification server,"
    " on sway or i3 install dunst or mako"
)


class Stage(enum.StrEnum):
    """Where a notification stands between a reminder and the end of its guided break."""

    REMINDER = "reminder"  # the reminder itself, with its buttons
    GUIDE_STEP = "guide_step"  # a step of a guided break: replaces the last, a Skip button
    GUIDE_END = "guide_end"  # the guide is over: replaces its step, no buttons, answers nothing


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
    slot: str = ""  # a standalone note in a slot replaces the last note sent in it (the tray's)
    stage: Stage = Stage.REMINDER
    progress: int | None = None  # 0-100, the freedesktop "value" hint, where the server has it


class NotifyError(Exception):
    """The reminder could not be shown; the message says why and what to do."""


class Notifier(Protocol):
    """A way to show reminders."""

    @property
    def name(self) -> str:
        """The backend in use, for logs and ``sitbreak try``."""

    @property
    def detail(self) -> str:
        """One line for ``status``: where reminders go now, or why nowhere."""

    def send(self, reminder: Reminder) -> None:
        """Show ``reminder`` or raise NotifyError."""

    def withdraw(self) -> None:
        """The reminder last shown is no longer current: take it down, if that can be done."""

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


class LogNotifier:
    """The last resort: writes each reminder to the log instead of the screen."""

    name = "log"
    detail = "the log only"

    def send(self, reminder: Reminder) -> None:
        """Log the reminder as one line."""
        text = reminder.body.replace("\n", " ")
        log.warning("REMINDER (%s) %s: %s", reminder.kind.value, reminder.title, text)

    def withdraw(self) -> None:
        """A log line cannot be taken back."""

    def close(self) -> None:
        """Nothing to release."""

"""Which notification on screen is the current reminder, and what the person's answer to it means.

Pure bookkeeping, fed in the order the server's messages arrived: ``shown`` after each Notify
reply, ``answer`` for each signal, ``withdraw`` when the reminder stopped being current.
Only the notification showing the current reminder counts, and only its first answer: a close
after a button, an expiry, or anything about a withdrawn reminder is no answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitbreak.core import Dismissed, Done, Event, Kind, Skip, Snooze, StartGuide

__all__ = [
    "ACTION_DONE",
    "ACTION_SKIP",
    "ACTION_SNOOZE",
    "ACTION_START",
    "REASON_DISMISSED",
    "ActionInvoked",
    "Answer",
    "NotificationClosed",
    "ReminderOnScreen",
    "ServerSignal",
    "server_signal",
]

ACTION_DONE = "done"
ACTION_SNOOZE = "snooze"
ACTION_SKIP = "skip"
ACTION_START = "start"  # walk me through this break: the daemon picks the steps of its prompt
REASON_DISMISSED = 2  # NotificationClosed: dismissed by the user (1 expired, 3 closed by call)


@dataclass(frozen=True)
class ActionInvoked:
    """The person chose the action ``key`` on notification ``id``."""

    id: int
    key: str


@dataclass(frozen=True)
class NotificationClosed:
    """Notification ``id`` is gone; ``reason`` as the spec numbers it."""

    id: int
    reason: int


ServerSignal = ActionInvoked | NotificationClosed


def server_signal(member: str, body: tuple[Any, ...]) -> ServerSignal | None:
    """The notification server's signal ``member`` as data; None when malformed or unknown."""
    try:
        first, second = body
        if member == "ActionInvoked":
            return ActionInvoked(int(first), str(second))
        if member == "NotificationClosed":
            return NotificationClosed(int(first), int(second))
    except (TypeError, ValueError):
        pass
    return None


@dataclass(frozen=True)
class Answer:
    """What the person did: the event for the daemon, and whether to take the notification down."""

    event: Event
    close: int | None  # the notification id to close, after a button on a server that keeps it


@dataclass(frozen=True)
class _Showing:
    id: int
    kind: Kind


class ReminderOnScreen:
    """Tracks the one sitbreak notification that stands for the current reminder."""

    def __init__(self) -> None:
        self._showing: _Showing | None = None

    @property
    def current_id(self) -> int:
        """The id a new reminder should replace; 0 when none of ours is on screen."""
        return self._showing.id if self._showing is not None else 0

    def shown(self, notification_id: int, kind: Kind) -> None:
        """A reminder of ``kind`` is on screen as ``notification_id`` (new or replacing)."""
        self._showing = _Showing(notification_id, kind)

    def withdraw(self) -> int:
        """The reminder is no longer current: forget it; the id to close (0 when none)."""
        current, self._showing = self.current_id, None
        return current

    def answer(self, signal: ServerSignal) -> Answer | None:
        """The answer ``signal`` gives to the current reminder, or None if it gives none."""
        showing = self._showing
        if showing is None or signal.id != showing.id:
            return None
        if isinstance(signal, ActionInvoked):
            event = _event_for(signal.key, showing.kind)
            if event is None:
                return None
            if isinstance(event, StartGuide):  # its first step takes this notification's place
                return Answer(event, close=None)
            self._showing = None
            return Answer(event, close=showing.id)
        self._showing = None
        if signal.reason == REASON_DISMISSED:
            return Answer(Dismissed(), close=None)
        return None


def _event_for(key: str, kind: Kind) -> Event | None:
    """The event behind a button; ``Done`` names the kind the notification was about."""
    if key == ACTION_DONE:
        return Done(kind)
    if key == ACTION_SNOOZE:
        return Snooze(None)
    if key == ACTION_SKIP:
        return Skip()
    if key == ACTION_START and kind is not Kind.POSTURE:
        return StartGuide(kind)
    return None

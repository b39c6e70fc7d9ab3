"""Which notification on screen is the current reminder, and what the person's answer to it means.

Pure bookkeeping, fed in the order the server's messages arrived: ``shown`` after each Notify
reply, ``answer`` for each signal. Only the notification showing the current reminder counts,
and only its first answer: a close after a button, or an expiry, is not a dismissal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitbreak.core import Dismissed, Done, Event, Kind, Skip, Snooze
from sitbreak.notify.freedesktop_bus import (
    REASON_DISMISSED,
    ActionInvoked,
    ServerSignal,
)

__all__ = ["ACTION_DONE", "ACTION_SKIP", "ACTION_SNOOZE", "Answer", "ReminderOnScreen"]

ACTION_DONE = "done"
ACTION_SNOOZE = "snooze"
ACTION_SKIP = "skip"


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

    def answer(self, signal: ServerSignal) -> Answer | None:
        """The answer ``signal`` gives to the current reminder, or None if it gives none."""
        showing = self._showing
        if showing is None or signal.id != showing.id:
            return None
        if isinstance(signal, ActionInvoked):
            event = _event_for(signal.key, showing.kind)
            if event is None:
                return None
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
    return None

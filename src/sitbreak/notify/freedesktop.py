"""Reminders as freedesktop notifications with Done, Snooze and Skip buttons (Linux).

One reminder at a time stays on screen: each new one replaces the last (``replaces_id``).
Answers come back on the connection that sent the reminder; a thread of this backend's own
turns them into core events and hands them to ``on_action`` (the daemon's ``dispatch``).
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from jeepney import Message

from sitbreak.core import Kind
from sitbreak.durations import humanize
from sitbreak.notify.answers import (
    ACTION_DONE,
    ACTION_SKIP,
    ACTION_SNOOZE,
    Answer,
    ReminderOnScreen,
)
from sitbreak.notify.base import APP_NAME, ActionHandler, NotifyError, Reminder
from sitbreak.notify.freedesktop_bus import NotificationBus

__all__ = ["CATEGORY", "FreedesktopNotifier", "button_labels"]

log = logging.getLogger(__name__)

CATEGORY = "x-sitbreak.reminder"
_URGENCY = {"low": 0, "normal": 1, "critical": 2}
_JOIN_TIMEOUT = 10.0
_MAX_TIMEOUT_MS = 2**31 - 1  # expire_timeout is a signed 32-bit int (about 24 days)


def button_labels(snooze: timedelta) -> tuple[tuple[str, str], ...]:
    """The (key, label) pairs of the buttons, in the order they are shown."""
    return (
        (ACTION_DONE, "Done"),
        (ACTION_SNOOZE, f"Snooze {humanize(snooze)}"),
        (ACTION_SKIP, "Skip"),
    )


def _hints(reminder: Reminder) -> dict[str, tuple[str, object]]:
    """Urgency (a byte, as the spec demands), our category, and the desktop entry to group by."""
    hints: dict[str, tuple[str, object]] = {
        "urgency": ("y", _URGENCY.get(reminder.urgency, 1)),
        "category": ("s", CATEGORY),
        "desktop-entry": ("s", APP_NAME),
    }
    if reminder.image is not None:  # the prompt's picture, as a file:// URI like app_icon
        hints["image-path"] = ("s", reminder.image.resolve().as_uri())
    return hints


def _expire_timeout_ms(timeout: timedelta) -> int:
    """The spec's expire_timeout: milliseconds, 0 = until closed, capped to fit an int32."""
    return min(_MAX_TIMEOUT_MS, round(timeout.total_seconds() * 1000))


class _Shown:
    """Queued after a Notify reply, so signals that arrived before it are taken first."""

    def __init__(self, notification_id: int, kind: Kind) -> None:
        self.notification_id = notification_id
        self.kind = kind
        self.taken = threading.Event()


class FreedesktopNotifier:
    """Talks to ``org.freedesktop.Notifications`` directly; it owns ``bus`` from now on."""

    name = "freedesktop"

    def __init__(
        self,
        bus: NotificationBus,
        *,
        icon: Path | None = None,
        buttons: bool = True,
        snooze: timedelta = timedelta(minutes=10),
    ) -> None:
        self._bus = bus
        self._icon = icon.resolve().as_uri() if icon is not None else ""
        self._buttons = button_labels(snooze) if buttons else ()
        self._screen = ReminderOnScreen()
        self._lock = threading.Lock()  # guards _screen: the sender and listener threads share it
        self._inbox: queue.Queue[Any] = queue.Queue()
        self._on_action: ActionHandler | None = None
        self._thread: threading.Thread | None = None

    @property
    def buttons(self) -> tuple[tuple[str, str], ...]:
        """The (key, label) pairs the next reminder carries; empty when buttons are off."""
        return self._buttons

    def configure(self, *, buttons: bool, snooze: timedelta) -> None:
        """Switch the buttons on or off and relabel Snooze; applies from the next reminder."""
        self._buttons = button_labels(snooze) if buttons else ()

    def listen(self, on_action: ActionHandler) -> None:
        """Start the thread that reports answers to ``on_action``; call once, before sending."""
        if self._thread is not None:
            raise RuntimeError("this notifier is already listening")
        try:
            self._bus.subscribe(self._inbox)
        except OSError as error:
            log.warning("cannot hear answers from notifications (%s); no buttons", error)
            self._buttons = ()
            return
        self._on_action = on_action
        self._thread = threading.Thread(
            target=self._listen, name="sitbreak-notification-answers", daemon=True
        )
        self._thread.start()

    def send(self, reminder: Reminder) -> None:
        """Show ``reminder`` in place of the previous one; raise NotifyError when refused."""
        with self._lock:
            replaces = 0 if reminder.standalone else self._screen.current_id
        try:
            notification_id = self._bus.notify(
                replaces_id=replaces,
                app_icon=self._icon,
                summary=reminder.title,
                body=reminder.body,
                actions=() if reminder.standalone else self._buttons,
                hints=_hints(reminder),
                expire_timeout_ms=_expire_timeout_ms(reminder.timeout),
            )
        except OSError as error:
            raise NotifyError(
                f"the notification server did not take the reminder: {error}"
            ) from error
        if self._thread is None or reminder.standalone:
            return
        shown = _Shown(notification_id, reminder.kind)
        self._inbox.put(shown)
        # the next reminder must see this one as the one to replace
        if not shown.taken.wait(_JOIN_TIMEOUT):
            log.warning("notification listener stuck; reminder %d untracked", notification_id)

    def close(self) -> None:
        """Take our reminder down (its buttons would do nothing), stop listening, disconnect."""
        if self._thread is not None:
            with self._lock:
                current = self._screen.current_id
            if current:
                self._bus.close_notification(current)
            self._inbox.put(None)
            self._thread.join(_JOIN_TIMEOUT)
            self._thread = None
        self._bus.close()

    def _listen(self) -> None:
        """Runs on the listener thread: block on the inbox until ``close`` puts None in it."""
        while (item := self._inbox.get()) is not None:
            try:
                self._take(item)
            except Exception:
                log.exception("could not act on a notification answer; still listening")

    def _take(self, item: object) -> None:
        """Apply one queued item: a reminder shown, or a signal from the server."""
        if isinstance(item, _Shown):
            with self._lock:
                self._screen.shown(item.notification_id, item.kind)
            item.taken.set()
            return
        signal = self._bus.parse(item) if isinstance(item, Message) else None
        if signal is None:
            return
        with self._lock:
            answer = self._screen.answer(signal)
        if answer is not None:
            self._act(answer)

    def _act(self, answer: Answer) -> None:
        """Close the notification a button was pressed on, then hand the event to the daemon."""
        if answer.close is not None:
            self._bus.close_notification(answer.close)
        log.info("answer from the notification: %s", answer.event)
        if self._on_action is not None:
            self._on_action(answer.event)

"""Reminders as freedesktop notifications with Done, Snooze and Skip buttons (Linux).

Micro-breaks and stretches carry Start too; a guided break's steps replace the reminder, each
with a Skip button and the "value" progress hint, and its end note replaces the last step.

One reminder at a time stays on screen: each new one replaces the last (``replaces_id``), and
one that stopped being current is closed. Answers come back on the connection that sent the
reminder (dunst sends them only there; other servers broadcast, so every signal is checked
against the server's name) and are handed, as core events, to ``on_action``.

Which server there is gets asked again whenever that may have changed: when a send fails,
and when the notifications name changes hands (a server starting after sitbreak, a restart,
a new session bus). A server without buttons gets its reminders through plyer, as before.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sitbreak.core import Kind
from sitbreak.dbus import Bus, BusError, Match, Signal, Subscription, Target
from sitbreak.durations import humanize
from sitbreak.notify.answers import (
    ACTION_DONE,
    ACTION_SKIP,
    ACTION_SNOOZE,
    ACTION_START,
    Answer,
    ReminderOnScreen,
    server_signal,
)
from sitbreak.notify.base import (
    APP_NAME,
    NO_SERVER_FIX,
    ActionHandler,
    NotifyError,
    Reminder,
    Stage,
)
from sitbreak.notify.plyer_backend import PlyerNotifier

__all__ = [
    "CATEGORY",
    "FreedesktopNotifier",
    "Server",
    "button_labels",
    "buttons_for",
    "find_server",
]

log = logging.getLogger(__name__)

NAME = "org.freedesktop.Notifications"
SERVER = Target(NAME, "/org/freedesktop/Notifications", NAME)
CATEGORY = "x-sitbreak.reminder"
_SIGNALS = ("ActionInvoked", "NotificationClosed")
_URGENCY = {"low": 0, "normal": 1, "critical": 2}
_JOIN_TIMEOUT = 10.0
_MAX_TIMEOUT_MS = 2**31 - 1  # expire_timeout is a signed 32-bit int (about 24 days)
# Servers that show only the first few buttons (GNOME Shell's MAX_NOTIFICATION_BUTTONS is 3)
_BUTTONS_SHOWN = {"gnome-shell": 3}
# Servers that draw a notification with a "value" hint as a bare gauge, without its title,
# text or buttons (xfce4-notifyd 0.7 and 0.8, seen on Xvfb): a guided step goes there without it
_GAUGE_ONLY = frozenset({"Xfce Notify Daemon"})
_START = (ACTION_START, "Start")
_STEP_BUTTONS = ((ACTION_SKIP, "Skip"),)


@dataclass(frozen=True)
class Server:
    """The notification server on the bus, as it describes itself."""

    name: str
    vendor: str
    version: str
    spec: str
    capabilities: frozenset[str]

    @property
    def has_buttons(self) -> bool:
        """Whether it shows actions (the spec's "actions" capability)."""
        return "actions" in self.capabilities

    def __str__(self) -> str:
        """E.g. "dunst 1.9.0 (knopwob)"."""
        return f"{self.name} {self.version} ({self.vendor})"


def find_server(bus: Bus) -> Server:
    """Ask the server who it is and what it can do; NotifyError says why there is none.

    The call may start a server that D-Bus can activate on demand.
    """
    try:
        (capabilities,) = bus.call(SERVER, "GetCapabilities")
        name, vendor, version, spec = bus.call(SERVER, "GetServerInformation")
    except BusError as error:
        if not bus.connected:
            raise NotifyError(bus.why_not_connected) from error
        if error.service_absent:
            raise NotifyError("no notification server on the session bus") from error
        raise NotifyError(f"the notification server does not answer ({error})") from error
    return Server(str(name), str(vendor), str(version), str(spec), frozenset(capabilities))


def button_labels(snooze: timedelta) -> tuple[tuple[str, str], ...]:
    """The (key, label) pairs of the buttons, in the order they are shown."""
    return (
        (ACTION_DONE, "Done"),
        (ACTION_SNOOZE, f"Snooze {humanize(snooze)}"),
        (ACTION_SKIP, "Skip"),
    )


def buttons_for(
    reminder: Reminder, buttons: tuple[tuple[str, str], ...], server: str = ""
) -> tuple[tuple[str, str], ...]:
    """The buttons ``reminder`` carries, given the reminder buttons in use (empty when off).

    A micro-break or stretch gets Start first; a guide's step gets Skip; notes and a guide's
    end get none. Where ``server`` shows fewer buttons than that, Start takes Done's place
    (following the guide to its end counts the break as done).
    """
    if not buttons or reminder.standalone or reminder.stage is Stage.GUIDE_END:
        return ()
    if reminder.stage is Stage.GUIDE_STEP:
        return _STEP_BUTTONS
    if reminder.kind is Kind.POSTURE:
        return buttons
    chosen = (_START, *buttons)
    if len(chosen) > _BUTTONS_SHOWN.get(server, len(chosen)):
        chosen = tuple(pair for pair in chosen if pair[0] != ACTION_DONE)
    return chosen


def _hints(reminder: Reminder, server: str = "") -> dict[str, tuple[str, object]]:
    """Urgency (a byte, as the spec demands), our category, the desktop entry to group by, the
    picture, and the progress of a guided break where ``server`` shows it beside the text."""
    hints: dict[str, tuple[str, object]] = {
        "urgency": ("y", _URGENCY.get(reminder.urgency, 1)),
        "category": ("s", CATEGORY),
        "desktop-entry": ("s", APP_NAME),
    }
    if reminder.image is not None:  # the prompt's picture, as a file:// URI like app_icon
        hints["image-path"] = ("s", reminder.image.resolve().as_uri())
    if reminder.progress is not None and server not in _GAUGE_ONLY:  # dunst, GNOME, KDE
        hints["value"] = ("i", max(0, min(100, reminder.progress)))
    return hints


def _expire_timeout_ms(timeout: timedelta) -> int:
    """The spec's expire_timeout: milliseconds, 0 = until closed, capped to fit an int32."""
    return min(_MAX_TIMEOUT_MS, round(timeout.total_seconds() * 1000))


class FreedesktopNotifier:
    """Talks to ``org.freedesktop.Notifications`` over ``bus``; closes the bus if it owns it."""

    def __init__(
        self,
        bus: Bus,
        *,
        owns_bus: bool = False,
        icon: Path | None = None,
        buttons: bool = True,
        snooze: timedelta = timedelta(minutes=10),
    ) -> None:
        """Find the server now and follow who owns its name from then on."""
        self._bus = bus
        self._owns_bus = owns_bus
        self._icon = icon.resolve().as_uri() if icon is not None else ""
        self._buttons_on = buttons
        self._buttons = button_labels(snooze)
        self._plain = PlyerNotifier(icon)
        self._lock = threading.Lock()  # guards the fields below: several threads use them
        self._screen = ReminderOnScreen()
        self._slots: dict[str, int] = {}  # the last note sent in each slot, by its id
        self._server: Server | None = None
        self._why = "not asked yet"
        self._announced = ""
        self._on_action: ActionHandler | None = None
        self._subscriptions: list[Subscription] = [bus.watch_name(NAME, self._owner_changed)]
        self._find()

    @property
    def name(self) -> str:
        """ "freedesktop", or "plyer" while the server shows no buttons."""
        server = self._server
        return "plyer" if server is not None and not server.has_buttons else "freedesktop"

    @property
    def buttons(self) -> tuple[tuple[str, str], ...]:
        """The (key, label) pairs the next reminder carries; empty when buttons are off."""
        return self._buttons if self._buttons_on else ()

    @property
    def detail(self) -> str:
        """Where reminders go now, for ``status``."""
        server = self._server
        if server is None:
            return f"none: {self._why}; reminders go to the log"
        if not server.has_buttons:
            return f"{server}, without buttons (through plyer)"
        buttons = "with Done, Snooze and Skip buttons" if self._buttons_on else "buttons off"
        if self._buttons_on:
            buttons += " (and Start on micro-breaks and stretches)"
        return f"{server}, {buttons}"

    def configure(self, *, buttons: bool, snooze: timedelta) -> None:
        """Switch the buttons on or off and relabel Snooze; applies from the next reminder."""
        self._buttons_on = buttons
        self._buttons = button_labels(snooze)

    def listen(self, on_action: ActionHandler) -> None:
        """Report answers to ``on_action`` (on the bus's handler thread) from now on."""
        if self._on_action is not None:
            raise RuntimeError("this notifier is already listening")
        self._on_action = on_action
        for member in _SIGNALS:
            match = Match(sender=NAME, path=SERVER.path, interface=NAME, member=member)
            self._subscriptions.append(self._bus.subscribe(match, self._on_signal))

    def send(self, reminder: Reminder) -> None:
        """Show ``reminder`` in place of the previous one; NotifyError when nothing shows it.

        A refused send asks again which server there is, and tries once more.
        """
        server = self._server or self._find()
        for attempt in (1, 2):
            if server is None:
                raise NotifyError(self._why)
            if not server.has_buttons:
                self._plain.send(reminder)
                return
            try:
                notification_id = self._notify(reminder)
            except BusError as error:
                if attempt == 2:
                    raise NotifyError(
                        f"the notification server did not take the reminder: {error}"
                    ) from error
                log.info("the notification server did not take the reminder (%s)", error)
                server = self._find()
                continue
            if reminder.stage is Stage.GUIDE_END:
                self._forget()
            elif not reminder.standalone:
                self._track(notification_id, reminder)
            return

    def withdraw(self) -> None:
        """Close the reminder on screen: it is answered, dismissed or paused away."""
        with self._lock:
            current = self._screen.withdraw()
        if current:
            log.debug("closing notification %d: its reminder is no longer current", current)
            self._close_notification(current)

    def close(self) -> None:
        """Stop listening, taking our reminder down first (its buttons would do nothing then).

        A notifier that never listened (``sitbreak try``) leaves what it showed on screen.
        """
        if self._on_action is not None:
            self.withdraw()
        for subscription in self._subscriptions:
            subscription.cancel()
        self._subscriptions = []
        if self._owns_bus:
            self._bus.close()

    def _notify(self, reminder: Reminder) -> int:
        """The Notify call; the id the server gave the notification."""
        # a standalone note (the safety note) carries no buttons and replaces no reminder,
        # only the last note in its slot, if it has one (the tray's notes replace each other)
        with self._lock:
            if reminder.standalone:
                replaces = self._slots.get(reminder.slot, 0) if reminder.slot else 0
            else:
                replaces = self._screen.current_id
        server = self._server
        buttons = buttons_for(reminder, self.buttons, server.name if server else "")
        body = (
            APP_NAME,
            replaces,
            self._icon,
            reminder.title,
            reminder.body,
            [part for pair in buttons for part in pair],
            _hints(reminder, server.name if server else ""),
            _expire_timeout_ms(reminder.timeout),
        )
        (notification_id,) = self._bus.call(SERVER, "Notify", "susssasa{sv}i", body)
        if reminder.standalone and reminder.slot:
            with self._lock:
                self._slots[reminder.slot] = int(notification_id)
        return int(notification_id)

    def _track(self, notification_id: int, reminder: Reminder) -> None:
        """Note what is on screen, on the handler thread: after signals that came before."""
        taken = threading.Event()

        def shown() -> None:
            with self._lock:
                self._screen.shown(notification_id, reminder.kind)
            taken.set()

        self._bus.post(shown)
        # the next reminder must see this one as the one to replace
        if not taken.wait(_JOIN_TIMEOUT):
            log.warning("notification handler stuck; reminder %d untracked", notification_id)

    def _forget(self) -> None:
        """What is on screen answers nothing any more (a guide's end), without closing it."""
        forgotten = threading.Event()

        def forget() -> None:
            with self._lock:
                self._screen.withdraw()
            forgotten.set()

        self._bus.post(forget)
        if not forgotten.wait(_JOIN_TIMEOUT):
            log.warning("notification handler stuck; a guide's end still counts as on screen")

    def _find(self) -> Server | None:
        """Ask which server there is now; say so when that changed."""
        try:
            server: Server | None = find_server(self._bus)
        except NotifyError as error:
            server = None
            with self._lock:
                self._why = str(error)
        with self._lock:
            self._server = server
        self._announce(server)
        return server

    def _announce(self, server: Server | None) -> None:
        """One log line on where reminders go, when that changed; a warning, with the fix."""
        level = logging.INFO
        if server is None:
            level = logging.WARNING
            text = (
                f"no notifications: {self._why}. Reminders go to the log until a notification"
                f" server starts; {NO_SERVER_FIX}"
            )
        elif not server.has_buttons:
            text = f"{server} shows no buttons on notifications; sending through plyer"
        elif self._buttons_on:
            text = f"notifications through {server}, with Done, Snooze and Skip buttons"
        else:
            text = f"notifications through {server}, buttons switched off"
        with self._lock:
            if text == self._announced:
                return
            self._announced = text
        log.log(level, "%s", text)

    def _owner_changed(self, _owner: str) -> None:
        """The notifications name changed hands: what was on screen is gone; ask again."""
        with self._lock:
            self._screen.withdraw()
        self._find()

    def _on_signal(self, signal: Signal) -> None:
        """On the handler thread: an answer to the current reminder goes to the daemon."""
        parsed = server_signal(signal.member, signal.body)
        if parsed is None:
            return
        with self._lock:
            answer = self._screen.answer(parsed)
        if answer is not None:
            self._act(answer)

    def _act(self, answer: Answer) -> None:
        """Close the notification a button was pressed on, then hand the event to the daemon."""
        if answer.close is not None:
            self._close_notification(answer.close)
        log.info("answer from the notification: %s", answer.event)
        if self._on_action is not None:
            self._on_action(answer.event)

    def _close_notification(self, notification_id: int) -> None:
        """CloseNotification, best effort (it may be gone already)."""
        try:
            self._bus.call(SERVER, "CloseNotification", "u", (notification_id,))
        except BusError as error:
            log.debug("could not close notification %d: %s", notification_id, error)

"""The freedesktop notification spec over jeepney: one connection that calls and hears back.

Servers differ in where they send ``ActionInvoked`` and ``NotificationClosed``: dunst sends
them only to the connection that called ``Notify`` (checked with dunst 1.9), others broadcast
them. So the connection that shows notifications is also the one that listens: a match rule
on the bus lets broadcasts in, and every signal is checked against the server's unique name.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jeepney import DBus, DBusAddress, HeaderFields, MatchRule, Message, new_method_call
from jeepney.io.common import RouterClosed
from jeepney.io.threading import DBusConnection, DBusRouter, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from sitbreak.notify.base import APP_NAME

__all__ = [
    "ACTIONS_CAPABILITY",
    "REASON_DISMISSED",
    "ActionInvoked",
    "NotificationBus",
    "NotificationClosed",
    "ServerSignal",
]

log = logging.getLogger(__name__)

ACTIONS_CAPABILITY = "actions"
REASON_DISMISSED = (
    2  # NotificationClosed reason: dismissed by the user (1 expired, 3 closed by call)
)

_NAME = "org.freedesktop.Notifications"
_SERVER = DBusAddress("/org/freedesktop/Notifications", bus_name=_NAME, interface=_NAME)
_SIGNALS = ("ActionInvoked", "NotificationClosed")
_FAILURES = (OSError, KeyError, ValueError, TimeoutError, DBusErrorResponse, RouterClosed)


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


class NotificationBus:
    """A session-bus connection to the notification server; call ``open`` to make one."""

    def __init__(
        self, connection: DBusConnection, router: DBusRouter, capabilities: frozenset[str]
    ) -> None:
        self._connection = connection
        self._router = router
        self.capabilities = capabilities
        self.server = "unknown server"
        self._owner = ""

    @classmethod
    def open(cls, bus: str = "SESSION", timeout: float = 3.0) -> NotificationBus:
        """Connect and ask the server its capabilities; raise OSError when that fails."""
        try:
            connection = open_dbus_connection(bus=bus)
        except _FAILURES as error:
            raise OSError(f"cannot reach the D-Bus session bus ({error!r})") from error
        router = DBusRouter(connection)
        try:
            capabilities = _call(router, new_method_call(_SERVER, "GetCapabilities"), timeout)[0]
            name, vendor, version, _spec = _call(
                router, new_method_call(_SERVER, "GetServerInformation"), timeout
            )
            opened = cls(connection, router, frozenset(str(c) for c in capabilities))
            opened.server = f"{name} {version} ({vendor})"
            opened._owner = str(_call(router, DBus().GetNameOwner(_NAME), timeout)[0])
        except BaseException:
            router.close()
            connection.close()
            raise
        return opened

    def subscribe(self, inbox: queue.Queue[Any], timeout: float = 3.0) -> None:
        """Put every notification signal that reaches this connection into ``inbox``."""
        for member in _SIGNALS:
            rule = MatchRule(
                type="signal",
                sender=_NAME,
                interface=_SERVER.interface,
                path=_SERVER.object_path,
                member=member,
            )
            _call(self._router, DBus().AddMatch(rule), timeout)
        local = MatchRule(type="signal", interface=_SERVER.interface, path=_SERVER.object_path)
        self._router.filter(local, queue=inbox)

    def notify(
        self,
        *,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]],
        hints: Mapping[str, tuple[str, object]],
        expire_timeout_ms: int,
        timeout: float = 10.0,
    ) -> int:
        """Show a notification and return its id; raise OSError with the reason when refused."""
        flat = [part for pair in actions for part in pair]
        message = new_method_call(
            _SERVER,
            "Notify",
            "susssasa{sv}i",
            (
                APP_NAME,
                replaces_id,
                app_icon,
                summary,
                body,
                flat,
                dict(hints),
                expire_timeout_ms,
            ),
        )
        return int(_call(self._router, message, timeout)[0])

    def close_notification(self, notification_id: int) -> None:
        """Ask the server to close a notification, without waiting (it may be gone already)."""
        message = new_method_call(_SERVER, "CloseNotification", "u", (notification_id,))
        try:
            self._router.send(message)
        except OSError as error:
            log.debug("could not close notification %d: %s", notification_id, error)

    def parse(self, message: Message) -> ServerSignal | None:
        """The signal in ``message`` when it comes from the notification server, else None."""
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        if member not in _SIGNALS or not self._from_server(fields.get(HeaderFields.sender, "")):
            return None
        try:
            first, second = message.body
            if member == "ActionInvoked":
                return ActionInvoked(int(first), str(second))
            return NotificationClosed(int(first), int(second))
        except (TypeError, ValueError):
            log.debug("ignoring a malformed %s signal: %r", member, message.body)
            return None

    def _from_server(self, sender: str) -> bool:
        """Whether ``sender`` owns the notifications name (asked again when the server changed)."""
        if sender == self._owner:
            return True
        try:
            self._owner = str(_call(self._router, DBus().GetNameOwner(_NAME), 3.0)[0])
        except OSError:
            return False
        return sender == self._owner

    def close(self) -> None:
        """Stop the receiving thread and close the connection."""
        self._router.close()
        self._connection.close()


def _call(router: DBusRouter, message: Message, timeout: float) -> tuple[Any, ...]:
    """Send a method call and return the reply's body; raise OSError naming what failed."""
    member = message.header.fields.get(HeaderFields.member, "call")
    try:
        reply = router.send_and_get_reply(message, timeout=timeout)
        body: tuple[Any, ...] = unwrap_msg(reply)
    except DBusErrorResponse as error:
        raise OSError(f"{member} refused: {error.name} {error.data}") from error
    except _FAILURES as error:
        raise OSError(f"{member} failed: {error!r}") from error
    return body

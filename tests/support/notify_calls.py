"""A D-Bus monitor that records every Notify call on the test bus, keyed by the id it returned.

dunst's history lacks the urgency, actions and hints a client sent; the monitor sees the call
itself. Reading is synchronous: `sync()` sends a unique marker call and reads the monitor
stream up to it, so everything the bus routed before the marker has been recorded.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBus, HeaderFields, Message, MessageType  # type: ignore[import-untyped]
from jeepney.bus_messages import Monitoring  # type: ignore[import-untyped]
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]

__all__ = ["NotifyCall", "NotifyCallLog"]

NOTIFICATIONS_INTERFACE = "org.freedesktop.Notifications"
_MARKER_PREFIX = "org.sitbreak.TestMarker"
_MONITOR_RULES = [
    f"type='method_call',interface='{NOTIFICATIONS_INTERFACE}',member='Notify'",
    "type='method_return'",
    "type='method_call',interface='org.freedesktop.DBus',member='NameHasOwner'",
]


@dataclass(frozen=True)
class NotifyCall:
    """The arguments of one org.freedesktop.Notifications.Notify call, variants unwrapped."""

    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: tuple[tuple[str, str], ...]
    hints: Mapping[str, Any] = field(compare=False)
    expire_timeout_ms: int

    @classmethod
    def from_body(cls, body: tuple[Any, ...]) -> NotifyCall:
        """Build from the message body (susssasa{sv}i); actions come as flat key, label pairs."""
        app_name, replaces_id, app_icon, summary, text, actions, hints, expire_timeout = body
        pairs = tuple(zip(actions[0::2], actions[1::2], strict=True))
        unwrapped = {key: value for key, (_signature, value) in hints.items()}
        return cls(app_name, replaces_id, app_icon, summary, text, pairs, unwrapped, expire_timeout)


class NotifyCallLog:
    """Records Notify calls on one bus; after `sync()`, `by_id` and `calls` hold what was seen."""

    def __init__(self, bus_address: str) -> None:
        """Connect twice to the bus: one connection becomes the monitor, one sends markers."""
        self.by_id: dict[int, NotifyCall] = {}
        self.calls: list[tuple[int, NotifyCall]] = []  # in the order answered; ids may repeat
        self._pending: dict[tuple[str, int], NotifyCall] = {}
        self._markers = itertools.count(1)
        self._sender: DBusConnection = open_dbus_connection(bus=bus_address)
        self._monitor: DBusConnection = open_dbus_connection(bus=bus_address)
        reply = self._monitor.send_and_get_reply(Monitoring().BecomeMonitor(_MONITOR_RULES))
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"BecomeMonitor failed on {bus_address}: {reply.body}")

    def sync(self, timeout: float = 10.0) -> None:
        """Record every Notify call and reply the bus routed before now."""
        marker = f"{_MARKER_PREFIX}{next(self._markers)}"
        self._sender.send_and_get_reply(DBus().NameHasOwner(marker), timeout=timeout)
        while True:
            message = self._monitor.receive(timeout=timeout)
            if self._is_marker(message, marker):
                return
            self._record(message)

    def close(self) -> None:
        """Close both connections."""
        self._monitor.close()
        self._sender.close()

    @staticmethod
    def _is_marker(message: Message, marker: str) -> bool:
        """Whether `message` is the NameHasOwner call `sync` sent with this marker."""
        fields = message.header.fields
        return bool(fields.get(HeaderFields.member) == "NameHasOwner" and message.body == (marker,))

    def _record(self, message: Message) -> None:
        """Remember a Notify call until its reply names the notification id."""
        fields = message.header.fields
        kind = message.header.message_type
        if kind is MessageType.method_call and fields.get(HeaderFields.member) == "Notify":
            key = (fields[HeaderFields.sender], message.header.serial)
            self._pending[key] = NotifyCall.from_body(message.body)
        elif kind is MessageType.method_return:
            key = (fields.get(HeaderFields.destination, ""), fields[HeaderFields.reply_serial])
            call = self._pending.pop(key, None)
            if call is not None:
                self.by_id[int(message.body[0])] = call
                self.calls.append((int(message.body[0]), call))

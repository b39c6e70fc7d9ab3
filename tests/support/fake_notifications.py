"""A tiny notification server for tests: owns org.freedesktop.Notifications on a private bus.

It answers GetCapabilities (with the capabilities a test chooses), GetServerInformation, Notify
(recording every call, honouring replaces_id) and CloseNotification, and emits ActionInvoked and
NotificationClosed when a test asks: to the notification's sender, as dunst does, or to
everyone, as other servers do.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBus,
    DBusAddress,
    HeaderFields,
    Message,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.io.threading import (  # type: ignore[import-untyped]
    DBusConnection,
    DBusRouter,
    ReceiveStopped,
    open_dbus_connection,
)

from tests.support.notify_calls import NotifyCall

__all__ = ["NAME", "PATH", "FakeNotificationServer", "ReceivedCall"]

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
_EMITTER = DBusAddress(PATH, interface=NAME)
_NAME_FLAG_DO_NOT_QUEUE = 4
_PRIMARY_OWNER = 1


@dataclass(frozen=True)
class ReceivedCall:
    """One Notify call the fake server answered: who sent it, what it said, the id it got."""

    sender: str
    call: NotifyCall
    id: int
    hint_signatures: dict[str, str]


class FakeNotificationServer:
    """A notification server in a thread of the test process; `stop` ends it."""

    def __init__(
        self, bus_address: str, capabilities: Iterable[str] = ("body",), *, broadcast: bool = False
    ) -> None:
        """Take the notifications name on `bus_address` and start answering."""
        self.capabilities = list(capabilities)
        self.broadcast = broadcast
        self.calls: list[ReceivedCall] = []
        self.closed_by_call: list[int] = []
        self._senders: dict[int, str] = {}
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._connection: DBusConnection = open_dbus_connection(bus=bus_address)
        with DBusRouter(self._connection) as router:
            reply = router.send_and_get_reply(DBus().RequestName(NAME, _NAME_FLAG_DO_NOT_QUEUE))
        if reply.body != (_PRIMARY_OWNER,):
            self._connection.close()
            raise RuntimeError(f"could not own {NAME} on {bus_address}: {reply.body}")
        self.unique_name: str = self._connection.unique_name
        self._thread = threading.Thread(target=self._serve, name="fake-notifications", daemon=True)
        self._thread.start()

    def wait_for_calls(self, count: int, timeout: float = 30.0) -> list[ReceivedCall]:
        """Wait until at least `count` Notify calls arrived; return all of them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.calls) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} Notify call(s), got {self.calls}")
                self._changed.wait(left)
            return list(self.calls)

    def wait_for_close_calls(self, count: int, timeout: float = 30.0) -> list[int]:
        """Wait until at least `count` CloseNotification calls arrived; return their ids."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.closed_by_call) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} close call(s): {self.closed_by_call}")
                self._changed.wait(left)
            return list(self.closed_by_call)

    def invoke_action(self, notification_id: int, key: str) -> None:
        """Emit ActionInvoked as if the person pressed the button `key`."""
        self._emit(notification_id, "ActionInvoked", "us", (notification_id, key))

    def close(self, notification_id: int, reason: int) -> None:
        """Emit NotificationClosed with `reason` (1 expired, 2 dismissed, 3 closed by call)."""
        self._emit(notification_id, "NotificationClosed", "uu", (notification_id, reason))

    def stop(self) -> None:
        """Stop answering and release the name; idempotent."""
        if self._thread.is_alive():
            self._connection.interrupt()
            self._thread.join(10)
            self._connection.close()

    def _emit(self, notification_id: int, member: str, signature: str, body: Any) -> None:
        """Send a signal to the notification's client (or everyone when broadcasting)."""
        message = new_signal(_EMITTER, member, signature, body)
        if not self.broadcast:
            message.header.fields[HeaderFields.destination] = self._senders[notification_id]
        self._connection.send(message)

    def _serve(self) -> None:
        """Answer method calls until `stop`."""
        while True:
            try:
                message = self._connection.receive()
            except (ReceiveStopped, OSError):
                return
            if message.header.message_type is MessageType.method_call:
                self._connection.send(self._answer(message))
                if message.header.fields.get(HeaderFields.member) == "CloseNotification":
                    self._connection.send(self._closed_signal(message, message.body[0]))

    def _answer(self, message: Message) -> Message:
        """The reply to one method call."""
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        if fields.get(HeaderFields.interface) not in (NAME, None):
            return new_error(message, "org.freedesktop.DBus.Error.UnknownInterface")
        if member == "GetCapabilities":
            return new_method_return(message, "as", (self.capabilities,))
        if member == "GetServerInformation":
            return new_method_return(message, "ssss", ("fake", "sitbreak tests", "1.0", "1.2"))
        if member == "Notify":
            return new_method_return(message, "u", (self._record(message),))
        if member == "CloseNotification":
            (notification_id,) = message.body
            with self._changed:
                self.closed_by_call.append(notification_id)
                self._changed.notify_all()
            return new_method_return(message)
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")

    def _closed_signal(self, message: Message, notification_id: int) -> Message:
        """NotificationClosed(id, 3) for a CloseNotification call, sent to its caller."""
        signal = new_signal(_EMITTER, "NotificationClosed", "uu", (notification_id, 3))
        if not self.broadcast:
            signal.header.fields[HeaderFields.destination] = message.header.fields[
                HeaderFields.sender
            ]
        return signal

    def _record(self, message: Message) -> int:
        """Remember a Notify call and return the id it gets (the replaced one, if any)."""
        call = NotifyCall.from_body(message.body)
        notification_id = call.replaces_id or next(self._ids)
        sender = message.header.fields[HeaderFields.sender]
        with self._changed:
            self._senders[notification_id] = sender
            signatures = {key: signature for key, (signature, _value) in message.body[6].items()}
            self.calls.append(ReceivedCall(sender, call, notification_id, signatures))
            self._changed.notify_all()
        return notification_id

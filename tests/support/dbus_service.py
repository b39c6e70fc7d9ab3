"""A tiny D-Bus service for tests: owns a real bus name and answers real method calls.

It runs on the test's private bus with jeepney, one thread reading the connection; method
handlers return the reply's (signature, body) or raise ``ServiceError``; ``emit`` sends a
signal. Every call received is kept in ``calls`` so a test can check what a client asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    Message,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.threading import (  # type: ignore[import-untyped]
    ReceiveStopped,
    open_dbus_connection,
)

__all__ = ["FakeService", "Reply", "ServiceError", "wait_until"]

Reply = tuple[str | None, tuple[Any, ...]]
Handler = Callable[[Message], Reply]
_REQUEST_NAME_REPLACE_EXISTING = 0x2
_REQUEST_NAME_DO_NOT_QUEUE = 0x4


class ServiceError(Exception):
    """Raised by a handler: the client gets a D-Bus error reply with this name and text."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(text)
        self.name = name


@dataclass(frozen=True)
class Call:
    """One method call the service received."""

    path: str
    interface: str
    member: str
    body: tuple[Any, ...]


def wait_until(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Poll ``condition`` until true, or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


class FakeService:
    """Owns ``bus_name`` on ``bus_address``; routes calls to handlers by path, interface, member."""

    def __init__(
        self, bus_address: str, bus_name: str, handlers: dict[tuple[str, str, str], Handler]
    ) -> None:
        """Connect, then take the name: ``handlers`` answer from the first call on."""
        self.bus_name = bus_name
        self.calls: list[Call] = []
        self._handlers = dict(handlers)
        self._connection = open_dbus_connection(bus_address)
        self._name_reply: tuple[Any, ...] | None = None
        self._owned = threading.Event()
        self._request_serial = -1
        # Serve before owning the name, so that no call sent to it can slip past the loop.
        self._thread = threading.Thread(target=self._serve, name=f"fake-{bus_name}", daemon=True)
        self._thread.start()
        flags = _REQUEST_NAME_REPLACE_EXISTING | _REQUEST_NAME_DO_NOT_QUEUE
        request = message_bus.RequestName(bus_name, flags)
        self._request_serial = next(self._connection.outgoing_serial)
        self._connection.send(request, serial=self._request_serial)
        if not self._owned.wait(5) or self._name_reply != (1,):
            raise RuntimeError(f"could not own {bus_name}: {self._name_reply}")

    def emit(self, path: str, interface: str, member: str, signature: str, *body: Any) -> None:
        """Send a signal from ``path``."""
        emitter = DBusAddress(path, interface=interface)
        self._connection.send(new_signal(emitter, member, signature, body))

    def calls_to(self, member: str) -> list[Call]:
        """The calls received of ``member``, oldest first."""
        return [call for call in list(self.calls) if call.member == member]

    def _serve(self) -> None:
        while True:
            try:
                message = self._connection.receive()
            except (ReceiveStopped, OSError):
                return
            kind = message.header.message_type
            if kind is MessageType.method_call:
                self._answer(message)
            elif message.header.fields.get(HeaderFields.reply_serial) == self._request_serial:
                self._name_reply = tuple(message.body)
                self._owned.set()

    def _answer(self, message: Message) -> None:
        fields = message.header.fields
        path = fields[HeaderFields.path]
        interface = fields.get(HeaderFields.interface, "")
        member = fields[HeaderFields.member]
        self.calls.append(Call(path, interface, member, tuple(message.body)))
        handler = self._handlers.get((path, interface, member))
        if handler is None:
            text = f"no {interface}.{member} on {path}"
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (text,))
        else:
            try:
                signature, body = handler(message)
                reply = new_method_return(message, signature, body)
            except ServiceError as error:
                reply = new_error(message, error.name, "s", (str(error),))
        self._connection.send(reply)

    def stop(self) -> None:
        """Leave the bus (the name is released with the connection)."""
        self._connection.interrupt()  # the loop ends before the socket closes under it
        self._thread.join(timeout=5)
        self._connection.close()

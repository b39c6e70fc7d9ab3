"""Small D-Bus services for tests: they own a real name on the private bus and answer from a thread.

A `FakeService` serves properties (Get, GetAll, Set and PropertiesChanged) and any methods
a test registers, at the real names and paths of the desktop services it stands in for.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Mapping
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
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]

__all__ = ["FakeError", "FakeService", "MethodHandler"]

PROPERTIES = "org.freedesktop.DBus.Properties"
_UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
_UNKNOWN_PROPERTY = "org.freedesktop.DBus.Error.UnknownProperty"
_NAME_PRIMARY_OWNER = 1

# A method handler gets the call's body and returns (signature, reply body), or raises
# FakeError to answer with a D-Bus error.
MethodHandler = Callable[[tuple[Any, ...]], tuple[str | None, tuple[Any, ...]]]


class FakeError(Exception):
    """Raised by a handler: the call is answered with the D-Bus error ``name``."""

    def __init__(self, name: str, text: str = "") -> None:
        """Answer with error ``name`` and an optional message."""
        super().__init__(text or name)
        self.name = name
        self.text = text


class FakeService:
    """Owns ``bus_name`` on the bus at ``address`` and serves registered objects until closed."""

    def __init__(self, address: str, bus_name: str) -> None:
        """Connect, take the name, and start answering."""
        self.bus_name = bus_name
        self._connection: DBusConnection = open_dbus_connection(bus=address)
        self._send_lock = threading.Lock()
        self._properties: dict[tuple[str, str], dict[str, tuple[str, Any]]] = {}
        self._methods: dict[tuple[str, str, str], MethodHandler] = {}
        self.calls: list[tuple[str, str, tuple[Any, ...]]] = []  # (interface, member, body)
        reply = self._connection.send_and_get_reply(DBus().RequestName(bus_name, 4), timeout=10)
        if reply.body != (_NAME_PRIMARY_OWNER,):
            raise RuntimeError(f"could not own {bus_name}: {reply.body}")
        self._thread = threading.Thread(target=self._serve, name=f"fake-{bus_name}", daemon=True)
        self._thread.start()

    def add_properties(
        self, path: str, interface: str, values: Mapping[str, tuple[str, Any]]
    ) -> None:
        """Serve ``values`` (name -> (signature, value)) as ``interface`` properties at ``path``."""
        self._properties.setdefault((path, interface), {}).update(values)

    def add_method(self, path: str, interface: str, member: str, handler: MethodHandler) -> None:
        """Answer calls of ``interface.member`` at ``path`` with ``handler``."""
        self._methods[(path, interface, member)] = handler

    def set_property(
        self,
        path: str,
        interface: str,
        name: str,
        signature: str,
        value: Any,
        *,
        announce: bool = True,
    ) -> None:
        """Change a property and (unless told not to) send PropertiesChanged for it."""
        self._properties.setdefault((path, interface), {})[name] = (signature, value)
        if announce:
            self.emit(
                path,
                PROPERTIES,
                "PropertiesChanged",
                "sa{sv}as",
                (interface, {name: (signature, value)}, []),
            )

    def emit(
        self, path: str, interface: str, member: str, signature: str, body: tuple[Any, ...]
    ) -> None:
        """Broadcast a signal from ``path``."""
        self._send(new_signal(DBusAddress(path, interface=interface), member, signature, body))

    def close(self) -> None:
        """Release the name and stop answering: shutting the socket down ends the thread."""
        with contextlib.suppress(OSError):
            self._connection.sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self._connection.close()

    def _send(self, message: Message) -> None:
        """Send one message; the serving thread and the test thread both send."""
        with self._send_lock:
            self._connection.send(message)

    def _serve(self) -> None:
        """Answer method calls until the connection is shut down."""
        while True:
            try:
                message = self._connection.receive()
            except (OSError, ValueError):
                return
            if message.header.message_type is MessageType.method_call:
                self._send(self._answer(message))

    def _answer(self, call: Message) -> Message:
        """The reply (or error) to one method call, which is also recorded in ``calls``."""
        fields = call.header.fields
        path = fields.get(HeaderFields.path)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        self.calls.append((interface, member, tuple(call.body)))
        try:
            if interface == PROPERTIES:
                signature, body = self._property_call(path, member, call.body)
            else:
                handler = self._methods.get((path, interface, member))
                if handler is None:
                    raise FakeError(_UNKNOWN_METHOD, f"no method {interface}.{member} at {path}")
                signature, body = handler(tuple(call.body))
        except FakeError as error:
            return new_error(call, error.name, "s", (error.text or error.name,))
        return new_method_return(call, signature, body)

    def _property_call(
        self, path: str, member: str, body: tuple[Any, ...]
    ) -> tuple[str | None, tuple[Any, ...]]:
        """Get, GetAll or Set on org.freedesktop.DBus.Properties."""
        interface = body[0]
        values = self._properties.get((path, interface))
        if values is None:
            raise FakeError(_UNKNOWN_PROPERTY, f"no interface {interface} at {path}")
        if member == "GetAll":
            return "a{sv}", (dict(values),)
        if member == "Get":
            if body[1] not in values:
                raise FakeError(_UNKNOWN_PROPERTY, f"no property {body[1]}")
            return "v", (values[body[1]],)
        if member == "Set":
            self.set_property(path, interface, body[1], *body[2])
            return None, ()
        raise FakeError(_UNKNOWN_METHOD, f"no method {PROPERTIES}.{member}")

"""A small D-Bus service for tests: owns a real name on a private bus and answers from a thread.

Stand-ins for desktop services (``fake_notifications``, ``fake_desktop_services``) are
built on it: methods answered by handlers, properties with Get, GetAll, Set and
PropertiesChanged, signals, and a record of every call received, so a test can check what a
client asked.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

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

__all__ = [
    "PROPERTIES",
    "UNKNOWN_METHOD",
    "UNKNOWN_PROPERTY",
    "Call",
    "DBusError",
    "FakeService",
    "Handler",
    "Reply",
    "StandIn",
]

log = logging.getLogger(__name__)

PROPERTIES = "org.freedesktop.DBus.Properties"
UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
UNKNOWN_PROPERTY = "org.freedesktop.DBus.Error.UnknownProperty"
_FAILED = "org.freedesktop.DBus.Error.Failed"
_DO_NOT_QUEUE = 0x4
_PRIMARY_OWNER = 1
_BUS_TIMEOUT = 10.0

# What a handler answers: the reply's signature (None for an empty reply) and its body.
Reply = tuple[str | None, tuple[Any, ...]]


@dataclass(frozen=True)
class Call:
    """One method call the service received."""

    path: str
    interface: str  # "" when the caller named none
    member: str
    body: tuple[Any, ...]
    sender: str


Handler = Callable[[Call], Reply]


class DBusError(Exception):
    """Raised by a handler: the caller gets the D-Bus error ``name`` with ``text``."""

    def __init__(self, name: str, text: str = "") -> None:
        """Answer with error ``name`` and a message (the name itself when none is given)."""
        super().__init__(text or name)
        self.name = name
        self.text = text or name


class FakeService:
    """Owns ``bus_name`` on ``bus_address`` and serves what was added until ``stop``."""

    def __init__(self, bus_address: str, bus_name: str) -> None:
        """Connect and start serving; ``start`` then takes the name."""
        self.bus_name = bus_name
        self.calls: list[Call] = []
        self._methods: dict[tuple[str, str, str], Handler] = {}
        self._properties: dict[tuple[str, str], dict[str, tuple[str, Any]]] = {}
        self._bus_replies: dict[int, queue.Queue[Message]] = {}
        self._stopped = False
        self._connection = open_dbus_connection(bus_address, auth_timeout=_BUS_TIMEOUT)
        self.unique_name: str = self._connection.unique_name
        self._thread = threading.Thread(target=self._serve, name=f"fake-{bus_name}", daemon=True)
        self._thread.start()

    def start(self) -> None:
        """Take the name: add methods and properties first, so no early call finds them missing."""
        reply = self._ask_bus(message_bus.RequestName(self.bus_name, _DO_NOT_QUEUE))
        if reply != (_PRIMARY_OWNER,):
            self.stop()
            raise RuntimeError(f"could not own {self.bus_name}: the bus answered {reply}")

    def add_method(self, path: str, interface: str, member: str, handler: Handler) -> None:
        """Answer calls of ``interface.member`` at ``path`` with ``handler``."""
        self._methods[(path, interface, member)] = handler

    def add_methods(self, path: str, interface: str, handlers: Mapping[str, Handler]) -> None:
        """Answer each member of ``interface`` at ``path`` with its handler."""
        for member, handler in handlers.items():
            self.add_method(path, interface, member, handler)

    def add_properties(
        self, path: str, interface: str, values: Mapping[str, tuple[str, Any]]
    ) -> None:
        """Serve ``values`` (name -> (signature, value)) as ``interface`` properties at ``path``."""
        self._properties.setdefault((path, interface), {}).update(values)

    def set_property(
        self, path: str, interface: str, name: str, signature: str, value: Any
    ) -> None:
        """Change a property and announce it with PropertiesChanged, as real services do."""
        self._properties.setdefault((path, interface), {})[name] = (signature, value)
        changed = {name: (signature, value)}
        self.emit(path, PROPERTIES, "PropertiesChanged", "sa{sv}as", (interface, changed, []))

    def emit(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str,
        body: tuple[Any, ...],
        *,
        destination: str | None = None,
    ) -> None:
        """Send a signal from ``path``: to everyone, or only to ``destination``."""
        signal = new_signal(DBusAddress(path, interface=interface), member, signature, body)
        if destination is not None:
            signal.header.fields[HeaderFields.destination] = destination
        self._connection.send(signal)

    def calls_to(self, member: str) -> list[Call]:
        """The calls received of ``member``, oldest first."""
        return [call for call in list(self.calls) if call.member == member]

    def stop(self) -> None:
        """Give the name back, stop answering and leave the bus; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread.is_alive():
            with contextlib.suppress(OSError, RuntimeError):
                # Waiting for the release means a successor can take the name at once.
                self._ask_bus(message_bus.ReleaseName(self.bus_name))
            self._connection.interrupt()  # the loop ends before the socket closes under it
            self._thread.join(timeout=_BUS_TIMEOUT)
        self._connection.close()

    def _ask_bus(self, message: Message) -> tuple[Any, ...]:
        """Send a call to the bus itself; the serving thread hands its reply back."""
        serial = next(self._connection.outgoing_serial)
        reply: queue.Queue[Message] = queue.Queue(maxsize=1)
        self._bus_replies[serial] = reply
        self._connection.send(message, serial=serial)
        try:
            return tuple(reply.get(timeout=_BUS_TIMEOUT).body)
        except queue.Empty:
            raise RuntimeError(f"the bus did not answer {message.header.fields}") from None
        finally:
            del self._bus_replies[serial]

    def _serve(self) -> None:
        """Answer method calls, and pass on the bus's replies, until stopped."""
        while True:
            try:
                message = self._connection.receive()
                if message.header.message_type is MessageType.method_call:
                    self._connection.send(self._answer(message))
                    continue
            except (ReceiveStopped, OSError, ValueError):
                return  # stopped, or the bus went away
            waiting = self._bus_replies.get(message.header.fields.get(HeaderFields.reply_serial))
            if waiting is not None:
                waiting.put(message)

    def _answer(self, message: Message) -> Message:
        """The reply (or error) to one method call, which is also recorded in ``calls``."""
        fields = message.header.fields
        call = Call(
            path=fields[HeaderFields.path],
            interface=fields.get(HeaderFields.interface, ""),
            member=fields[HeaderFields.member],
            body=tuple(message.body),
            sender=fields.get(HeaderFields.sender, ""),
        )
        self.calls.append(call)
        try:
            signature, body = self._handler(call)(call)
        except DBusError as error:
            return new_error(message, error.name, "s", (error.text,))
        except Exception as error:  # a broken handler must fail the call, not hang the client
            log.exception("the fake %s failed to answer %s", self.bus_name, call)
            return new_error(message, _FAILED, "s", (f"fake service failed: {error!r}",))
        return new_method_return(message, signature, body)

    def _handler(self, call: Call) -> Handler:
        """What answers ``call``: a registered method, the properties, or an UnknownMethod error."""
        if call.interface == PROPERTIES:
            return self._property_call
        found = self._methods.get((call.path, call.interface, call.member))
        if found is None and not call.interface:  # the interface is optional in a call
            wanted = (call.path, call.member)
            found = next((h for (p, _, m), h in self._methods.items() if (p, m) == wanted), None)
        if found is None:
            raise DBusError(UNKNOWN_METHOD, f"no {call.interface}.{call.member} at {call.path}")
        return found

    def _property_call(self, call: Call) -> Reply:
        """Get, GetAll or Set on org.freedesktop.DBus.Properties."""
        interface = call.body[0]
        values = self._properties.get((call.path, interface))
        if values is None:
            raise DBusError(UNKNOWN_PROPERTY, f"no interface {interface} at {call.path}")
        if call.member == "GetAll":
            return "a{sv}", (dict(values),)
        if call.member not in ("Get", "Set"):
            raise DBusError(UNKNOWN_METHOD, f"no method {PROPERTIES}.{call.member}")
        name = call.body[1]
        if name not in values:
            raise DBusError(UNKNOWN_PROPERTY, f"no property {name} in {interface}")
        if call.member == "Get":
            return "v", (values[name],)
        self.set_property(call.path, interface, name, *call.body[2])
        return None, ()


class StandIn:
    """Base of the stand-ins for real services: one ``FakeService``, stopped with the stand-in.

    A subclass sets up its own state, then calls ``__init__``, which has ``expose`` add the
    real service's methods and properties before the name is taken.
    """

    def __init__(self, bus_address: str, bus_name: str) -> None:
        """Serve on ``bus_address`` under ``bus_name`` what ``expose`` adds."""
        self.service = FakeService(bus_address, bus_name)
        try:
            self.expose(self.service)
        except BaseException:
            self.service.stop()
            raise
        self.service.start()

    def expose(self, service: FakeService) -> None:
        """Add the methods and properties of the real service (a subclass extends its base's)."""

    def stop(self) -> None:
        """Leave the bus, as when the real service exits; idempotent."""
        self.service.stop()

    def __enter__(self) -> Self:
        """Use in a ``with`` block (or an ExitStack) to have it stopped afterwards."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop it."""
        self.stop()

"""One blocking session-bus connection for reading properties, shared by the D-Bus signals.

Every call carries NO_AUTO_START: reading a signal must never start a service that
D-Bus could activate (swaync or xfconfd on a desktop that does not run them).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from sitbreak.busy.base import Unavailable

__all__ = ["CALL_TIMEOUT", "DBusError", "DBusReader"]

CALL_TIMEOUT = 2.0  # seconds; a desktop service that takes longer is treated as absent

# Errors that mean "nobody owns that name (yet)": the service may still start later.
_ABSENT = frozenset(
    {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}
)


class DBusError(Unavailable):
    """The service answered with a D-Bus error; ``error_name`` says which."""

    def __init__(self, message: str, error_name: str) -> None:
        """Keep the message and the error name; a missing service may still start later."""
        super().__init__(message, may_appear=error_name in _ABSENT)
        self.error_name = error_name


class DBusReader:
    """Method calls and property reads on the session bus, serialised by one lock.

    The connection opens on first use and is dropped after a failure, so a restarted
    bus or a late login session is picked up by the next read.
    """

    def __init__(self, address: str | None) -> None:
        """Remember the bus address (None: no session bus); nothing connects yet."""
        self.address = address
        self._lock = threading.Lock()
        self._connection: Any = None
        self._closed = False

    def call(
        self,
        bus_name: str,
        path: str,
        interface: str,
        member: str,
        *,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """Call a method and return its reply body; raise Unavailable naming what failed."""
        from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call
        from jeepney.low_level import MessageFlag

        message = new_method_call(
            DBusAddress(path, bus_name=bus_name, interface=interface), member, signature, body
        )
        message.header.flags |= MessageFlag.no_auto_start
        with self._lock:
            connection = self._connect()
            try:
                reply = connection.send_and_get_reply(message, timeout=CALL_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                self._drop()
                raise Unavailable(
                    f"{bus_name} did not answer {member} ({error or 'timed out'})",
                    may_appear=True,
                ) from error
        if reply.header.message_type is MessageType.error:
            name = str(reply.header.fields.get(HeaderFields.error_name, "an error"))
            detail = f": {reply.body[0]}" if reply.body and isinstance(reply.body[0], str) else ""
            if name in _ABSENT:
                raise DBusError(f"{bus_name} is not on the session bus (not running yet?)", name)
            raise DBusError(f"{bus_name} {member}: {name}{detail}", name)
        return tuple(reply.body)

    def get_property(self, bus_name: str, path: str, interface: str, name: str) -> Any:
        """The value of one property (the variant unwrapped)."""
        (variant,) = self.call(
            bus_name,
            path,
            "org.freedesktop.DBus.Properties",
            "Get",
            signature="ss",
            body=(interface, name),
        )
        _signature, value = variant
        return value

    def name_has_owner(self, name: str) -> bool:
        """Whether some program owns ``name`` now (never starts it)."""
        (owned,) = self.call(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            signature="s",
            body=(name,),
        )
        return bool(owned)

    def close(self) -> None:
        """Close the connection, if open; later calls fail instead of reconnecting."""
        with self._lock:
            self._closed = True
            self._drop()

    def _connect(self) -> Any:
        """The open connection, opening it if needed (caller holds the lock)."""
        if self._connection is not None:
            return self._connection
        if self._closed:
            raise Unavailable("the busy signals were closed (the daemon is stopping)")
        if self.address is None:
            raise Unavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
        from jeepney.io.blocking import open_dbus_connection

        try:
            self._connection = open_dbus_connection(bus=self.address)
        except (OSError, TimeoutError, ValueError, KeyError) as error:
            raise Unavailable(
                f"cannot connect to the session bus {self.address}: {error}", may_appear=True
            ) from error
        return self._connection

    def _drop(self) -> None:
        """Forget the connection after a failure or on close (caller holds the lock)."""
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
            self._connection = None

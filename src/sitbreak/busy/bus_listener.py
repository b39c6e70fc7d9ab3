"""Listening for D-Bus signals that say a busy reading changed, so "free" is known at once.

The bus only delivers messages matching the rules, so the thread sleeps until one
arrives: no polling. What a message says is not trusted; it only asks for a fresh read.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["ChangeListener", "properties_changed_rule", "signal_rule"]

log = logging.getLogger(__name__)

_PROPERTIES = "org.freedesktop.DBus.Properties"
_BUS_DRIVER = "org.freedesktop.DBus"


def signal_rule(interface: str, member: str, path: str, *args: str) -> str:
    """A match rule for one signal, optionally narrowed by its first string arguments."""
    parts = ["type='signal'", f"interface='{interface}'", f"member='{member}'", f"path='{path}'"]
    parts += [f"arg{number}='{value}'" for number, value in enumerate(args)]
    return ",".join(parts)


def properties_changed_rule(path: str, interface: str) -> str:
    """A match rule for PropertiesChanged of ``interface`` on the object at ``path``."""
    return signal_rule(_PROPERTIES, "PropertiesChanged", path, interface)


class ChangeListener:
    """A thread with its own bus connection that calls ``on_change`` for each matching signal."""

    def __init__(
        self, address: str | None, rules: Sequence[str], on_change: Callable[[], None]
    ) -> None:
        """Remember what to listen for; ``start`` connects."""
        self._address = address
        self._rules = tuple(dict.fromkeys(rules))
        self._on_change = on_change
        self._connection: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Subscribe and start the thread; False (with a log line) when there is nothing to do."""
        if not self._rules or self._address is None:
            return False
        from jeepney import DBus
        from jeepney.io.blocking import open_dbus_connection

        try:
            connection = open_dbus_connection(bus=self._address)
            for rule in self._rules:
                connection.send_and_get_reply(DBus().AddMatch(rule), timeout=5)
        except (OSError, TimeoutError, ValueError, KeyError) as error:
            log.info("busy signals are polled only: cannot subscribe on the bus (%s)", error)
            return False
        self._connection = connection
        self._thread = threading.Thread(
            target=self._listen, args=(connection,), name="sitbreak-busy-bus", daemon=True
        )
        self._thread.start()
        return True

    def close(self) -> None:
        """Stop listening: shutting the socket down wakes the thread, which then ends."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def _listen(self, connection: Any) -> None:
        """Receive until the connection ends; every signal asks for a fresh read."""
        from jeepney import HeaderFields, MessageType

        while True:
            try:
                message = connection.receive()
            except (OSError, ValueError):
                return  # closed by close(), or the bus went away
            if message.header.message_type is not MessageType.signal:
                continue
            if message.header.fields.get(HeaderFields.sender) == _BUS_DRIVER:
                continue  # NameAcquired for our own connection
            try:
                self._on_change()
            except Exception:
                log.exception("reacting to a busy signal failed; the next read catches up")

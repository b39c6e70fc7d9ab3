"""One D-Bus connection (jeepney): method calls from any thread, signals handed to a thread.

jeepney is pure Python (no compiler, no system headers) and already the notifier's bus
library. Its threading router reads the socket on a thread of its own; the handlers here
run on a second thread, so a handler may itself make calls and wait for their replies.
Both threads block while nothing arrives: a quiet bus costs no wake-ups.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.threading import DBusRouter, open_dbus_connection

from sitbreak.idle.base import Unavailable

__all__ = ["BusCallFailed", "BusLink", "SignalHandler"]

log = logging.getLogger(__name__)

SignalHandler = Callable[[Message], None]
CALL_TIMEOUT = 5.0
_STOP = None


class BusCallFailed(Exception):
    """A method call got an error reply, no reply in time, or the connection is gone."""


class _Handoff:
    """Stands in for the router's filter queue: tags each match with its handler."""

    def __init__(self, inbox: queue.SimpleQueue[Any], handler: SignalHandler) -> None:
        """Connect to ``bus`` ("SESSION", "SYSTEM" or an address); Unavailable if impossible."""
        self._inbox = inbox
        self._handler = handler

    def put_nowait(self, message: Message) -> None:
        """Called on the router's receiver thread: hand over, never block."""
        self._inbox.put((self._handler, message))


class BusLink:
    """A connection to one bus, with a thread that runs the signal handlers in order."""

    def __init__(self, bus: str, label: str) -> None:
        """Connect to ``bus`` ("SESSION", "SYSTEM" or an address); Unavailable if impossible."""
        self.label = label
        try:
            self._connection = open_dbus_connection(bus)
        except (OSError, KeyError, RuntimeError, ValueError) as error:
            reason = "no address is set" if isinstance(error, KeyError) else str(error)
            raise Unavailable(f"cannot reach the {label} D-Bus bus: {reason}") from error
        self._router = DBusRouter(self._connection)
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._filters: list[Any] = []
        self._thread: threading.Thread | None = None
        self._closed = False

    def call(
        self,
        address: DBusAddress,
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
        timeout: float = CALL_TIMEOUT,
    ) -> tuple[Any, ...]:
        """Call ``method`` and return the reply's body; BusCallFailed says what went wrong."""
        message = new_method_call(address, method, signature, body)
        where = f"{address.interface}.{method}"
        try:
            reply = self._router.send_and_get_reply(message, timeout=timeout)
        except TimeoutError as error:
            raise BusCallFailed(f"{where}: no answer within {timeout:g} s") from error
        except Exception as error:  # RouterClosed, OSError: the connection is gone
            raise BusCallFailed(f"{where}: {error or type(error).__name__}") from error
        if reply.header.message_type is MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "error")
            text = reply.body[0] if reply.body else ""
            raise BusCallFailed(f"{where}: {name}: {text}".rstrip(": "))
        return tuple(reply.body)

    def on_signal(
        self,
        handler: SignalHandler,
        *,
        sender: str | None = None,
        arg0: str | None = None,
        **match: str,
    ) -> None:
        """Run ``handler`` for each signal matching ``match`` (path, interface, member...)."""
        # The bus matches a well-known sender name against its owner; locally the sender is the
        # owner's unique name, so the local filter leaves the sender out.
        bus_rule, local_rule = (
            MatchRule(type="signal", sender=sender, **match),
            MatchRule(type="signal", **match),
        )
        if arg0 is not None:
            bus_rule.add_arg_condition(0, arg0)
            local_rule.add_arg_condition(0, arg0)
        self.call(message_bus, "AddMatch", "s", (bus_rule.serialise(),))
        handle = self._router.filter(local_rule, queue=_Handoff(self._inbox, handler))
        self._filters.append(handle)

    def start(self) -> None:
        """Start running signal handlers."""
        self._thread = threading.Thread(
            target=self._run, name=f"sitbreak-dbus-{self.label}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        """The handler thread: run each matched signal's handler, in arrival order."""
        while True:
            item = self._inbox.get()
            if item is _STOP:
                return
            handler, message = item
            try:
                handler(message)
            except Exception:
                log.exception("handling a %s D-Bus signal failed; carrying on", self.label)

    def close(self) -> None:
        """Stop the handler thread and close the connection; idempotent."""
        if self._closed:
            return
        self._closed = True
        self._inbox.put(_STOP)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._router.close()
        self._connection.close()

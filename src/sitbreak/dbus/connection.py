"""The socket under a Bus: replies matched to calls, the rest handed on, reconnection.

A receiver thread reads the socket. A reply goes straight to the caller waiting for it;
every other message is handed to ``on_message`` on that same thread, in arrival order. When
the bus goes away, waiting calls fail at once with BusError and, when asked to, the thread
connects again with a growing pause, then calls ``on_connected``. It blocks while nothing
arrives, so a quiet bus costs no wake-ups.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
from jeepney.bus import get_bus
from jeepney.io.blocking import prep_socket
from jeepney.io.threading import DBusConnection, ReceiveStopped

from sitbreak.dbus.addressing import DRIVER, BusError

__all__ = ["CALL_TIMEOUT", "Connection"]

log = logging.getLogger(__name__)

CALL_TIMEOUT = 5.0  # seconds for any call; a service slower than that counts as not answering
RETRY_FIRST = 0.5  # seconds before the first attempt to reconnect; doubles up to RETRY_MAX
RETRY_MAX = 30.0
_SYSTEM_DEFAULT = "unix:path=/var/run/dbus/system_bus_socket"
_HELLO = new_method_call(
    DBusAddress(DRIVER.path, bus_name=DRIVER.bus_name, interface=DRIVER.interface), "Hello"
)


def bus_address(which: str | None) -> str | None:
    """The address of "SESSION", "SYSTEM" or an address; None when the session has no bus."""
    if which is None:
        return None
    if which == "SESSION":
        return os.environ.get("DBUS_SESSION_BUS_ADDRESS") or None
    if which == "SYSTEM":
        return os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or _SYSTEM_DEFAULT
    return which


class Connection:
    """One bus's socket and its receiver thread; ``close`` ends both."""

    def __init__(
        self,
        address: str | None,
        label: str,
        on_message: Callable[[Message], None],
        on_connected: Callable[[], None],
        *,
        reconnect: bool,
        timeout: float,
    ) -> None:
        """Connect now if the bus answers; with ``reconnect``, keep trying in the background."""
        self.label = label
        self._address = address
        self._on_message = on_message
        self._on_connected = on_connected
        self._reconnect = reconnect
        self.timeout = timeout
        self._lock = threading.Lock()
        self._socket: DBusConnection | None = None
        self._replies: dict[int, Future[Message]] = {}
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        if address is None:
            self.why = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
            return
        self.why = f"not connected to the {label} D-Bus bus yet"
        first = self._connect()
        if first is not None or reconnect:
            self._thread = threading.Thread(
                target=self._receive, args=(first,), name=f"sitbreak-dbus-{label}-in", daemon=True
            )
            self._thread.start()

    @property
    def up(self) -> bool:
        """Whether the socket is connected now."""
        return self._socket is not None

    def send_and_wait(self, message: Message, where: str) -> Message:
        """Send a call and return its reply (or error reply); BusError if none comes in time."""
        future: Future[Message] = Future()
        with self._lock:
            sock = self._socket
            if sock is None:
                raise BusError(f"{where}: {self.why}")
            serial = next(sock.outgoing_serial)
            self._replies[serial] = future
        try:
            sock.send(message, serial=serial)
            return future.result(self.timeout)
        except TimeoutError:
            raise BusError(f"{where}: no answer within {self.timeout:g} s") from None
        except BusError as error:  # set by the receiver: the connection went away
            raise BusError(f"{where}: {error}") from None
        except OSError as error:
            raise BusError(f"{where}: {error}") from error
        finally:
            with self._lock:
                self._replies.pop(serial, None)

    def send(self, message: Message, what: str) -> None:
        """Send a message that needs no reply; BusError when there is no connection."""
        sock = self._socket
        if sock is None:
            raise BusError(f"{what}: {self.why}")
        try:
            sock.send(message)
        except OSError as error:
            raise BusError(f"{what}: {error}") from error

    def close(self) -> None:
        """Stop the receiver thread and close the socket; idempotent."""
        self._closed.set()
        with self._lock:
            sock = self._socket
            self.why = f"the {self.label} D-Bus connection is closed"
        if sock is not None:
            sock.interrupt()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        if sock is not None:
            self._drop(sock, None)

    def _connect(self) -> DBusConnection | None:
        """Open, authenticate and say Hello; None (with ``why`` set) when that fails."""
        try:
            sock = DBusConnection(prep_socket(get_bus(self._address), timeout=self.timeout))
        except Exception as error:  # OSError, TimeoutError, ValueError: no usable bus there
            self.why = f"cannot reach the {self.label} D-Bus bus: {error or type(error).__name__}"
            log.debug("%s (%s)", self.why, self._address)
            return None
        try:
            serial = next(sock.outgoing_serial)
            sock.send(_HELLO, serial=serial)
            deadline = time.monotonic() + self.timeout
            while True:
                reply = sock.receive(timeout=max(0.0, deadline - time.monotonic()))
                if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                    break
            sock.unique_name = str(reply.body[0])
        except Exception as error:
            self.why = f"the {self.label} D-Bus bus did not greet us: {error!r}"
            sock.close()
            return None
        with self._lock:
            self._socket = sock
        return sock

    def _receive(self, sock: DBusConnection | None) -> None:
        """The receiver thread: serve the socket; connect again when it is gone, until closed."""
        pause = RETRY_FIRST
        while not self._closed.is_set():
            if sock is None:
                if not self._reconnect or self._closed.wait(pause):
                    return
                pause = min(pause * 2, RETRY_MAX)
                sock = self._connect()
                if sock is None:
                    continue
                log.info("connected to the %s D-Bus bus again", self.label)
                pause = RETRY_FIRST
                self._on_connected()
            self._drop(sock, self._serve(sock))
            sock = None

    def _serve(self, sock: DBusConnection) -> Exception | None:
        """Route each message until the socket ends: the error, or None when closed."""
        while True:
            try:
                message = sock.receive()
            except ReceiveStopped:
                return None
            except Exception as error:  # reset, closed, garbage: this connection is done
                return error
            try:
                self._route(message)
            except Exception:
                log.exception("could not route a D-Bus message; carrying on")

    def _route(self, message: Message) -> None:
        """A reply to its waiting caller; anything else to ``on_message``."""
        header = message.header
        if header.message_type in (MessageType.method_return, MessageType.error):
            with self._lock:
                future = self._replies.pop(header.fields.get(HeaderFields.reply_serial, -1), None)
            if future is not None:
                future.set_result(message)
            return
        self._on_message(message)

    def _drop(self, sock: DBusConnection, error: Exception | None) -> None:
        """The socket ended: fail waiting calls, and say so unless it was closed on purpose."""
        with self._lock:
            if self._socket is sock:
                self._socket = None
            waiting, self._replies = self._replies, {}
            if error is not None:
                self.why = f"lost the {self.label} D-Bus bus ({error or type(error).__name__})"
        for future in waiting.values():
            future.set_exception(BusError(self.why))
        with contextlib.suppress(OSError):
            sock.close()
        if error is not None and not self._closed.is_set():
            again = "; connecting again when it is back" if self._reconnect else ""
            log.warning("%s%s", self.why, again)

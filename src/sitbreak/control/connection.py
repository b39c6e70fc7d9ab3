"""The Unix control server's parts: one client connection (its socket and its two buffers), and a
bounded mailbox that wakes the selector thread when something is posted."""

from __future__ import annotations

import collections
import contextlib
import logging
import selectors
import socket
import threading
import time

from sitbreak.control.protocol import LineBuffer

__all__ = ["Connection", "Mailbox"]


_RECV_SIZE = 64 * 1024


class Connection:
    """A non-blocking client socket with a bounded inbox and an outbox written as it drains."""

    def __init__(self, sock: socket.socket) -> None:
        """Wrap an accepted, non-blocking socket."""
        self.sock = sock
        self.inbox = LineBuffer()
        self.outbox = bytearray()
        self.last_progress = time.monotonic()
        self.blocked_since: float | None = None  # when the outbox last stopped draining
        self.subscriber = False
        self.closing = False
        self.closed = False

    def receive(self) -> bytes | None:
        """Bytes the peer sent (b"" at end of stream), or None if there are none yet."""
        try:
            data = self.sock.recv(_RECV_SIZE)
        except BlockingIOError:
            return None
        self.last_progress = time.monotonic()
        return data

    def flush(self) -> None:
        """Write as much of the outbox as the socket takes now; OSError if the peer is gone."""
        while self.outbox:
            try:
                sent = self.sock.send(self.outbox)
            except BlockingIOError:
                if self.blocked_since is None:
                    self.blocked_since = time.monotonic()
                return
            del self.outbox[:sent]
            self.last_progress = time.monotonic()
        self.blocked_since = None

    def unread_since(self) -> float | None:
        """Since when what waits in the outbox has not moved, or None when nothing waits."""
        if not self.outbox or self.blocked_since is None:
            return None
        return max(self.blocked_since, self.last_progress)

    def wanted_events(self) -> int:
        """What the selector should watch: reading only when no reply waits to be written."""
        if self.subscriber:
            return selectors.EVENT_READ | (selectors.EVENT_WRITE if self.outbox else 0)
        return selectors.EVENT_WRITE if self.outbox else selectors.EVENT_READ

    def say_and_close(self, line: bytes) -> None:
        """Best-effort: send one last line if the socket takes it at once, then close."""
        if not self.outbox:
            with contextlib.suppress(OSError):
                self.sock.send(line)
        self.close()

    def close(self) -> None:
        """Close the socket (idempotent)."""
        if not self.closed:
            self.closed = True
            self.sock.close()


log = logging.getLogger(__name__)


class Mailbox:
    """Lines posted from any thread for the selector thread, plus a socket that wakes it."""

    def __init__(self, limit: int) -> None:
        """Hold at most ``limit`` undelivered lines; create the wake-up socket pair."""
        self._limit = limit
        self._lock = threading.Lock()
        self._lines: collections.deque[bytes] = collections.deque()
        self._closed = False
        self.wake_socket, self._wake_writer = socket.socketpair()
        self.wake_socket.setblocking(False)
        self._wake_writer.setblocking(False)

    def post(self, line: bytes) -> None:
        """Queue ``line`` and wake the selector thread; never blocks."""
        with self._lock:
            if self._closed:
                return
            if len(self._lines) >= self._limit:
                log.warning("control server is behind; dropping a published message")
                return
            self._lines.append(line)
        self.wake()

    def wake(self) -> None:
        """Make ``wake_socket`` readable so the selector returns."""
        # BlockingIOError: a wake-up is already pending; OSError: the mailbox is closed.
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")

    def collect(self) -> list[bytes]:
        """Everything posted so far (on the selector thread, when ``wake_socket`` is readable)."""
        with contextlib.suppress(BlockingIOError):
            while self.wake_socket.recv(4096):
                pass
        with self._lock:
            lines = list(self._lines)
            self._lines.clear()
        return lines

    def close(self) -> None:
        """Refuse further posts and close the socket pair."""
        with self._lock:
            self._closed = True
            self._lines.clear()
            self._wake_writer.close()
        self.wake_socket.close()

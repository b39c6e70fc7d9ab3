"""One client connection of the Unix control server: its socket and its two buffers."""

from __future__ import annotations

import contextlib
import selectors
import socket
import time

from sitbreak.control.framing import LineBuffer

__all__ = ["Connection"]

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

"""A thread-safe, bounded inbox that wakes a selector thread when something is posted."""

from __future__ import annotations

import collections
import contextlib
import logging
import socket
import threading

__all__ = ["Mailbox"]

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

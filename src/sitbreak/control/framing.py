"""Split a byte stream into protocol lines without ever holding more than one line's limit."""

from __future__ import annotations

from sitbreak.control.protocol import MAX_MESSAGE_BYTES, ProtocolError

__all__ = ["LineBuffer"]


class LineBuffer:
    """Bytes received so far on one connection, handed out one complete line at a time."""

    def __init__(self, limit: int = MAX_MESSAGE_BYTES) -> None:
        """Accept lines of at most ``limit`` bytes, newline excluded."""
        self._limit = limit
        self._pending = bytearray()

    def feed(self, data: bytes) -> None:
        """Append freshly received bytes."""
        self._pending += data

    def pop_line(self) -> bytes | None:
        """The next complete line without its newline, or None; ProtocolError if it is too long."""
        end = self._pending.find(b"\n", 0, self._limit + 1)
        if end < 0:
            if len(self._pending) > self._limit:
                self._pending.clear()
                raise ProtocolError(
                    "too_large", f"message longer than the limit of {self._limit} bytes"
                )
            return None
        line = bytes(self._pending[:end])
        del self._pending[: end + 1]
        return line

    def take_rest(self) -> bytes:
        """Whatever follows the last newline (an unterminated last line at end of stream)."""
        rest = bytes(self._pending)
        self._pending.clear()
        return rest

    def __len__(self) -> int:
        """How many bytes are held."""
        return len(self._pending)

"""What a client transport provides, and the errors a client meets, shared by socket and pipe."""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual

__all__ = ["TOO_SLOW", "DaemonNotRunning", "remaining"]  # and LineStream, for type checkers

TOO_SLOW = "the sitbreak daemon did not answer in time"


class DaemonNotRunning(Exception):
    """Nothing answers at the control endpoint: no daemon, or a stale socket from a dead one."""


if TYPE_CHECKING:
    from typing import Protocol

    class LineStream(Protocol):
        """A connected transport that carries protocol lines (a Unix socket or a Windows pipe)."""

        def send(self, data: bytes, deadline: float | None) -> None:
            """Write all of ``data`` before ``deadline`` (a ``time.monotonic()`` value)."""

        def read_line(self, deadline: float | None) -> bytes | None:
            """The next line without its newline, or None once the daemon has closed the stream."""

        def close(self) -> None:
            """Close the connection."""


def remaining(deadline: float | None) -> float | None:
    """Seconds left before ``deadline`` (None: no limit); TimeoutError once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError(TOO_SLOW)
    return left

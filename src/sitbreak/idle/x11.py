"""X11 idle time from the MIT-SCREEN-SAVER extension (polled), through sitbreak's X11 binding.

Run ``python -m sitbreak.idle.x11`` on a real desktop to print the idle seconds each second.
"""

from __future__ import annotations

import os
import threading

from sitbreak.idle.base import IdleError, Unavailable
from sitbreak.x11 import X11Connection, X11Error, idle_milliseconds, is_xwayland

__all__ = ["X11Idle", "open_backend"]


class X11Idle:
    """Polls the X server's idle counter; reconnects after the server went away."""

    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` (DISPLAY when None); Unavailable if that cannot work."""
        self._display = display
        self._lock = threading.Lock()
        try:
            self._connection: X11Connection | None = self._connect()
        except X11Error as error:
            raise Unavailable(str(error)) from error

    def _connect(self) -> X11Connection:
        """A connection to a real X server with the screen saver extension."""
        connection = X11Connection(self._display)
        try:
            if is_xwayland(connection):
                raise X11Error("the X server is Xwayland: it sees only input to X windows")
            idle_milliseconds(connection)
        except X11Error:
            connection.close()
            raise
        return connection

    def seconds_idle(self) -> float:
        """Seconds since the last input; reconnects once if the server left."""
        with self._lock:
            try:
                if self._connection is None or self._connection.broken:
                    self._drop()
                    self._connection = self._connect()
                return idle_milliseconds(self._connection) / 1000.0
            except X11Error as error:
                self._drop()
                raise IdleError(str(error)) from error

    def _drop(self) -> None:
        """Forget the connection (closing it), so the next reading reconnects."""
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def close(self) -> None:
        """Close the X connection."""
        with self._lock:
            self._drop()


def open_backend() -> X11Idle:
    """Connect to the X server named by DISPLAY; raise Unavailable with the reason if not."""
    if not os.environ.get("DISPLAY"):
        raise Unavailable("no X display (DISPLAY is not set)")
    return X11Idle()


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend())

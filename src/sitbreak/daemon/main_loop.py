"""The main thread's loop: it sleeps until a signal or a command asks it to reload or stop."""

from __future__ import annotations

import queue
import signal
from collections.abc import Callable
from types import FrameType

__all__ = ["MainLoop"]

_STOP = "stop"
_RELOAD = "reload"


class MainLoop:
    """SIGINT/SIGTERM stop, SIGHUP reloads; other threads may ask for either too."""

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[str] = queue.SimpleQueue()

    def install_signal_handlers(self) -> None:
        """Route the process's signals into this loop (main thread only)."""
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        hangup = getattr(signal, "SIGHUP", None)
        self._requests.put(_RELOAD if signum == hangup else _STOP)

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe)."""
        self._requests.put(_STOP)

    def request_reload(self) -> None:
        """Ask the loop to reload the settings (thread-safe)."""
        self._requests.put(_RELOAD)

    def run(self, reload: Callable[[], object]) -> None:
        """Block until asked to stop, reloading whenever asked to."""
        while self._requests.get() != _STOP:
            reload()

"""The main thread's loop: it sleeps until a signal or a command asks it to reload or stop."""

from __future__ import annotations

import contextlib
import queue
import select
import signal
import socket
from collections.abc import Callable
from types import FrameType

__all__ = ["MainLoop"]

_STOP = "stop"
_RELOAD = "reload"


class MainLoop:
    """SIGINT/SIGTERM stop, SIGHUP reloads; other threads may ask for either too.

    The loop waits on a socket, not on a lock: the kernel may hand a signal to any thread, and
    a main thread blocked on a lock would not run the handler until something else woke it.
    With ``signal.set_wakeup_fd`` the signal itself writes to the socket, whichever thread
    received it, so the main thread always wakes.
    """

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)

    def install_signal_handlers(self) -> None:
        """Route the process's signals into this loop (main thread only)."""
        signal.set_wakeup_fd(self._wake_write.fileno(), warn_on_full_buffer=False)
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        hangup = getattr(signal, "SIGHUP", None)
        self._post(_RELOAD if signum == hangup else _STOP)

    def request_stop(self) -> None:
        """Ask the loop to end (thread-safe)."""
        self._post(_STOP)

    def request_reload(self) -> None:
        """Ask the loop to reload the settings (thread-safe)."""
        self._post(_RELOAD)

    def _post(self, request: str) -> None:
        self._requests.put(request)
        with contextlib.suppress(OSError):  # a wake-up already waiting is as good as another
            self._wake_write.send(b"\0")

    def run(self, reload: Callable[[], object]) -> None:
        """Block until asked to stop, reloading whenever asked to."""
        try:
            while True:
                select.select([self._wake_read], [], [])
                with contextlib.suppress(BlockingIOError):
                    while self._wake_read.recv(4096):
                        pass
                while True:
                    try:
                        request = self._requests.get_nowait()
                    except queue.Empty:
                        break
                    if request == _STOP:
                        return
                    reload()
        finally:
            with contextlib.suppress(ValueError):  # not the main thread: nothing was set
                signal.set_wakeup_fd(-1)
            self._wake_read.close()
            self._wake_write.close()

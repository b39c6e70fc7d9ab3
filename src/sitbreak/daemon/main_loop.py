"""The main thread's loop: it sleeps until a signal or a command asks it to reload or stop; and
the watcher that asks for a reload when the settings file changes on disk (inotify on Linux, a
slow mtime check elsewhere)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import queue
import select
import signal
import socket
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

__all__ = ["ConfigWatcher", "MainLoop"]


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


log = logging.getLogger(__name__)

# inotify flags from <sys/inotify.h>
_IN_MODIFY = 0x002
_IN_CLOSE_WRITE = 0x008
_IN_MOVED_FROM = 0x040
_IN_MOVED_TO = 0x080
_IN_CREATE = 0x100
_IN_DELETE = 0x200
_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
_WATCH_MASK = _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_MOVED_FROM | _IN_CREATE | _IN_DELETE | _IN_MODIFY
_EVENT_HEADER = struct.Struct("iIII")
_SETTLE_SECONDS = 0.3  # editors write a file in several steps; reload once they are done
_POLL_SECONDS = 10.0


class ConfigWatcher:
    """Calls ``on_change`` (from its own thread) after ``path`` is written, replaced or removed."""

    def __init__(self, path: Path, on_change: Callable[[], None]) -> None:
        """Make it right after the settings are read: a change from then on is reported."""
        self._path = path
        self._on_change = on_change
        self._seen = _stamp(path)  # the file as the running settings were read from it
        self._stop = threading.Event()
        self._wake_read, self._wake_write = os.pipe()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching; a missing folder means nothing to watch (logged, not an error)."""
        if not self._path.parent.is_dir():
            log.debug("not watching %s: its folder does not exist", self._path)
            return
        # the watch is in place before start returns: a change made right after is not missed
        fd = _inotify_fd(self._path.parent) if sys.platform.startswith("linux") else None
        self._thread = threading.Thread(
            target=self._watch_mtime if fd is None else lambda: self._watch_inotify(fd),
            name="sitbreak-config-watch",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        """Stop the watching thread."""
        self._stop.set()
        os.write(self._wake_write, b"x")
        if self._thread is not None:
            self._thread.join(timeout=2)
        os.close(self._wake_read)
        os.close(self._wake_write)

    def _watch_inotify(self, fd: int) -> None:
        try:
            if _stamp(self._path) != self._seen:  # written before the watch began
                self._report()
            while not self._stop.is_set():
                if self._wait_readable(fd, None) and self._names_changed(fd):
                    self._settle_then_report(fd)
        finally:
            os.close(fd)

    def _wait_readable(self, fd: int, timeout: float | None) -> bool:
        readable, _, _ = select.select([fd, self._wake_read], [], [], timeout)
        return fd in readable and not self._stop.is_set()

    def _names_changed(self, fd: int) -> bool:
        try:
            data = os.read(fd, 64 * 1024)
        except BlockingIOError:
            return False
        return self._path.name in _event_names(data)

    def _settle_then_report(self, fd: int) -> None:
        while self._wait_readable(fd, _SETTLE_SECONDS):
            self._names_changed(fd)
        if not self._stop.is_set():
            self._report()

    def _watch_mtime(self) -> None:
        seen = self._seen
        while not self._stop.wait(_POLL_SECONDS):
            now = _stamp(self._path)
            if now != seen:
                seen = now
                self._report()

    def _report(self) -> None:
        log.info("%s changed on disk; reloading", self._path)
        try:
            self._on_change()
        except Exception:
            log.exception("reload after a file change failed")


def _inotify_fd(folder: Path) -> int | None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    fd = int(libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC))
    if fd < 0:
        log.debug(
            "inotify unavailable (errno %d); checking the file every %ss",
            ctypes.get_errno(),
            _POLL_SECONDS,
        )
        return None
    if libc.inotify_add_watch(fd, os.fsencode(folder), _WATCH_MASK) < 0:
        os.close(fd)
        log.debug("cannot watch %s (errno %d)", folder, ctypes.get_errno())
        return None
    return fd


def _event_names(data: bytes) -> set[str]:
    """File names in a buffer of inotify events."""
    names = set()
    offset = 0
    while offset + _EVENT_HEADER.size <= len(data):
        _wd, _mask, _cookie, length = _EVENT_HEADER.unpack_from(data, offset)
        start = offset + _EVENT_HEADER.size
        names.add(os.fsdecode(data[start : start + length].rstrip(b"\0")))
        offset = start + length
    return names


def _stamp(path: Path) -> tuple[float, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime, info.st_size

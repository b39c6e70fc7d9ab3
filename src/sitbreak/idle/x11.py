"""X11 idle time from the MIT-SCREEN-SAVER extension, through ctypes and libXss (polled).

Run ``python -m sitbreak.idle.x11`` on a real desktop to print the idle seconds each second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import threading
from typing import Any

from sitbreak.idle._xwayland import is_xwayland
from sitbreak.idle.base import IdleError, Unavailable

__all__ = ["X11Idle", "open_backend"]


class _ScreenSaverInfo(ctypes.Structure):
    """XScreenSaverInfo from <X11/extensions/scrnsaver.h>."""

    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("event_mask", ctypes.c_ulong),
    )


# int (*)(Display *) and void (*)(Display *, void *): Xlib's I/O error and exit handlers
_IOErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_IOErrorExitHandler = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


def _load(soname: str, short: str, package: str) -> ctypes.CDLL:
    """Load ``soname``, else whatever ctypes finds for ``short``; Unavailable names the package."""
    for candidate in (soname, ctypes.util.find_library(short)):
        if candidate is None:
            continue
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    raise Unavailable(f"lib{short} is not installed (Debian/Ubuntu package {package})")


class _Xlib:
    """The few libX11 and libXss functions used, with their C signatures declared."""

    def __init__(self) -> None:
        """Load libX11 and libXss, declare the functions used, install the error handlers."""
        x11 = _load("libX11.so.6", "X11", "libx11-6")
        xss = _load("libXss.so.1", "Xss", "libxss1")
        vp, ulong, intp = ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_int)
        self.open_display = _declare(x11.XOpenDisplay, vp, ctypes.c_char_p)
        self.close_display = _declare(x11.XCloseDisplay, ctypes.c_int, vp)
        self.root_window = _declare(x11.XDefaultRootWindow, ulong, vp)
        self.connection_number = _declare(x11.XConnectionNumber, ctypes.c_int, vp)
        self.query_extension = _declare(
            x11.XQueryExtension, ctypes.c_int, vp, ctypes.c_char_p, intp, intp, intp
        )
        self.saver_extension = _declare(
            xss.XScreenSaverQueryExtension, ctypes.c_int, vp, intp, intp
        )
        self.query_info = _declare(
            xss.XScreenSaverQueryInfo, ctypes.c_int, vp, ulong, ctypes.POINTER(_ScreenSaverInfo)
        )
        # By default a lost X connection makes Xlib call exit(): this daemon must outlive it.
        # Both handlers are needed (the default I/O handler never returns); the exit handler
        # exists since libX11 1.7, and without it a lost connection still ends the process.
        self.on_io_error = _IOErrorHandler(lambda _display: 0)
        self.on_io_exit = _IOErrorExitHandler(lambda _display, _data: None)
        _declare(x11.XSetIOErrorHandler, _IOErrorHandler, _IOErrorHandler)(self.on_io_error)
        setter = getattr(x11, "XSetIOErrorExitHandler", None)
        self.set_exit_handler = (
            None if setter is None else _declare(setter, None, vp, _IOErrorExitHandler, vp)
        )


def _declare(function: Any, restype: object, *argtypes: object) -> Any:
    """``function`` with its C result and argument types set (ctypes assumes int otherwise)."""
    function.restype = restype
    function.argtypes = argtypes
    return function


_xlib: _Xlib | None = None
_xlib_lock = threading.Lock()


def _library() -> _Xlib:
    """Load the libraries once per process (the I/O error handler is process-wide)."""
    global _xlib  # noqa: PLW0603 - one loaded library per process, on first use
    with _xlib_lock:
        if _xlib is None:
            _xlib = _Xlib()
        return _xlib


class X11Idle:
    """Polls the X server's idle counter; reconnects after the server went away."""

    name = "x11"

    def __init__(self, display_name: str | None = None) -> None:
        """Connect to ``display_name`` (DISPLAY when None); Unavailable if that cannot work."""
        self._lib = _library()
        self._display_name = display_name
        self._lock = threading.Lock()
        self._info = _ScreenSaverInfo()
        self._display: int | None = None
        self._root = 0
        self._connect()

    def _connect(self) -> None:
        """Open the display and check it is a real X server with the screen saver extension."""
        lib = self._lib
        name = None if self._display_name is None else self._display_name.encode()
        display = lib.open_display(name)
        if not display:
            raise Unavailable("cannot open the X display (no X server, or DISPLAY unset)")
        unused = ctypes.c_int()
        ref = ctypes.byref(unused)
        if is_xwayland(lib.query_extension, display, lib.root_window(display)):
            lib.close_display(display)
            raise Unavailable("the X server is Xwayland: it sees only input to X windows")
        if not lib.saver_extension(display, ref, ref):
            lib.close_display(display)
            raise Unavailable("the X server lacks the MIT-SCREEN-SAVER extension")
        if lib.set_exit_handler is not None:
            lib.set_exit_handler(display, lib.on_io_exit, None)
        self._display, self._root = display, lib.root_window(display)

    def seconds_idle(self) -> float:
        """Milliseconds since the last input, in seconds; reconnects once if the server left."""
        with self._lock:
            if self._display is not None and not _connection_alive(self._display, self._lib):
                self._drop()
            if self._display is None:
                try:
                    self._connect()
                except Unavailable as error:
                    raise IdleError(str(error)) from error
            assert self._display is not None  # noqa: S101 - set by _connect
            if not self._lib.query_info(self._display, self._root, ctypes.byref(self._info)):
                self._drop()
                raise IdleError("the X server did not answer the idle query")
            return float(self._info.idle) / 1000.0

    def _drop(self) -> None:
        """Forget the connection (closing it), so the next reading reconnects."""
        if self._display is not None:
            self._lib.close_display(self._display)
        self._display = None

    def close(self) -> None:
        """Close the X connection."""
        with self._lock:
            self._drop()


def _connection_alive(display: int, lib: _Xlib) -> bool:
    """False when the server closed our socket: Xlib would otherwise hand back stale values."""
    duplicate = os.dup(lib.connection_number(display))
    with socket.socket(fileno=duplicate) as sock:
        try:
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except BlockingIOError:
            return True
        except OSError:
            return False


def open_backend() -> X11Idle:
    """Connect to the X server named by DISPLAY; raise Unavailable with the reason if not."""
    if not os.environ.get("DISPLAY"):
        raise Unavailable("no X display (DISPLAY is not set)")
    return X11Idle()


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend())

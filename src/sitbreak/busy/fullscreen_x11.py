"""X11: the active window is full screen (EWMH ``_NET_WM_STATE_FULLSCREEN``).

Read with libxcb through ctypes rather than ``xprop`` or Xlib:
- ``xprop`` needs x11-utils, two processes per read and parsing of text meant for people;
- Xlib reports protocol errors to a process-wide handler that exits by default, and the
  active window can close between our two requests (BadWindow); replacing that handler
  would change it for every other library in the process.
libxcb returns errors as values, is thread-safe, and every X11 client already loads it
(libX11 is built on it). One short connection per read keeps no state that an X server
restart could leave stale; reads are rare (a reminder due or held).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import TYPE_CHECKING, Any

from sitbreak.busy.base import FULLSCREEN, Availability, SessionInfo, Switch, Unavailable

if TYPE_CHECKING:
    from sitbreak.dbus import Match

__all__ = ["X11Fullscreen", "active_window_fullscreen"]

_ATOM_ATOM = 4  # predefined atoms of the core protocol
_ATOM_WINDOW = 33
_MAX_STATES = 64  # 32-bit items of _NET_WM_STATE to fetch; windows carry a handful


class _Cookie(ctypes.Structure):
    """xcb_*_cookie_t: the sequence number a reply is fetched by."""

    _fields_ = (("sequence", ctypes.c_uint),)


class _AtomReply(ctypes.Structure):
    """xcb_intern_atom_reply_t."""

    _fields_ = (
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("atom", ctypes.c_uint32),
    )


class _Screen(ctypes.Structure):
    """The start of xcb_screen_t."""

    _fields_ = (("root", ctypes.c_uint32),)  # the first field; the rest is never read


class _ScreenIterator(ctypes.Structure):
    """xcb_screen_iterator_t."""

    _fields_ = (("data", ctypes.POINTER(_Screen)), ("rem", ctypes.c_int), ("index", ctypes.c_int))


@functools.cache
def _load() -> tuple[Any, Any]:
    """libxcb and libc with the signatures used here declared (loaded once, on first use)."""
    xcb_path = ctypes.util.find_library("xcb")
    if xcb_path is None:
        raise Unavailable("libxcb is not installed")
    xcb = ctypes.CDLL(xcb_path)
    libc = ctypes.CDLL(None)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    xcb.xcb_get_setup.restype = ctypes.c_void_p
    xcb.xcb_get_setup.argtypes = (ctypes.c_void_p,)
    xcb.xcb_setup_roots_iterator.restype = _ScreenIterator
    xcb.xcb_setup_roots_iterator.argtypes = (ctypes.c_void_p,)
    xcb.xcb_screen_next.argtypes = (ctypes.POINTER(_ScreenIterator),)
    xcb.xcb_intern_atom.restype = _Cookie
    xcb.xcb_intern_atom.argtypes = (
        ctypes.c_void_p,
        ctypes.c_uint8,
        ctypes.c_uint16,
        ctypes.c_char_p,
    )
    xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(_AtomReply)
    xcb.xcb_intern_atom_reply.argtypes = (ctypes.c_void_p, _Cookie, ctypes.c_void_p)
    xcb.xcb_get_property.restype = _Cookie
    xcb.xcb_get_property.argtypes = (ctypes.c_void_p, ctypes.c_uint8) + (ctypes.c_uint32,) * 5
    xcb.xcb_get_property_reply.restype = ctypes.c_void_p
    xcb.xcb_get_property_reply.argtypes = (ctypes.c_void_p, _Cookie, ctypes.c_void_p)
    xcb.xcb_get_property_value.restype = ctypes.POINTER(ctypes.c_uint32)
    xcb.xcb_get_property_value.argtypes = (ctypes.c_void_p,)
    xcb.xcb_get_property_value_length.argtypes = (ctypes.c_void_p,)
    libc.free.argtypes = (ctypes.c_void_p,)
    return xcb, libc


class _Connection:
    """One xcb connection; replies and errors are freed as soon as they are read."""

    def __init__(self, display: str) -> None:
        """Connect to ``display`` and find the root window of its default screen."""
        self._xcb, self._libc = _load()
        screen = ctypes.c_int(0)
        self._c = self._xcb.xcb_connect(display.encode(), ctypes.byref(screen))
        if not self._c or self._xcb.xcb_connection_has_error(self._c):
            self.close()
            raise Unavailable(f"cannot connect to the X display {display}")
        roots = self._xcb.xcb_setup_roots_iterator(self._xcb.xcb_get_setup(self._c))
        for _ in range(screen.value):
            self._xcb.xcb_screen_next(ctypes.byref(roots))
        if not roots.data:
            self.close()
            raise Unavailable(f"the X display {display} has no screen {screen.value}")
        self.root: int = roots.data.contents.root

    def atom(self, name: str) -> int:
        """The atom for ``name`` (0 when no client ever created it)."""
        encoded = name.encode()
        cookie = self._xcb.xcb_intern_atom(self._c, 1, len(encoded), encoded)
        reply = self._xcb.xcb_intern_atom_reply(self._c, cookie, None)
        if not reply:
            return 0
        try:
            return int(reply.contents.atom)
        finally:
            self._libc.free(reply)

    def cardinals(self, window: int, prop: int, kind: int) -> list[int]:
        """The 32-bit items of a property, [] when the window or the property is missing."""
        error = ctypes.c_void_p()
        cookie = self._xcb.xcb_get_property(self._c, 0, window, prop, kind, 0, _MAX_STATES)
        reply = self._xcb.xcb_get_property_reply(self._c, cookie, ctypes.byref(error))
        if error.value:
            self._libc.free(error)  # e.g. BadWindow: the window closed meanwhile
        if not reply:
            return []
        try:
            count = self._xcb.xcb_get_property_value_length(reply) // 4
            values = self._xcb.xcb_get_property_value(reply)
            return [int(values[i]) for i in range(count)]
        finally:
            self._libc.free(reply)

    def close(self) -> None:
        """Disconnect (also after a failed connect, which xcb still allocates)."""
        if self._c:
            self._xcb.xcb_disconnect(self._c)
            self._c = None


def active_window_fullscreen(display: str) -> bool:
    """Whether the window the window manager calls active is full screen on ``display``."""
    connection = _Connection(display)
    try:
        active_atom = connection.atom("_NET_ACTIVE_WINDOW")
        if not active_atom:
            raise Unavailable("the window manager does not publish _NET_ACTIVE_WINDOW (EWMH)")
        active = connection.cardinals(connection.root, active_atom, _ATOM_WINDOW)
        if not active or not active[0]:
            return False
        state = connection.atom("_NET_WM_STATE")
        fullscreen = connection.atom("_NET_WM_STATE_FULLSCREEN")
        if not state or not fullscreen:
            return False
        return fullscreen in connection.cardinals(active[0], state, _ATOM_ATOM)
    finally:
        connection.close()


class X11Fullscreen:
    """Busy while the active X11 window is full screen (a presentation, a shared screen)."""

    name = "x11-fullscreen"
    switch = Switch.FULLSCREEN

    def __init__(self, info: SessionInfo) -> None:
        """Look at the display of ``info``."""
        self._info = info

    def probe(self) -> Availability:
        """Works on an X11 session whose window manager follows EWMH."""
        display = self._info.display
        if display is None:
            return Availability(False, "no X display (DISPLAY is not set)")
        if self._info.wayland:
            return Availability(
                False, "a Wayland session: X11 sees only XWayland windows (see gnome/kde)"
            )
        try:
            busy = self.read()
        except Unavailable as error:
            return Availability(False, str(error))
        state = "full screen now" if busy else "not full screen now"
        return Availability(True, f"active window on {display} via EWMH ({state})")

    def read(self) -> frozenset[str]:
        """``fullscreen`` while the active window is full screen."""
        display = self._info.display
        if display is None:
            raise Unavailable("no X display (DISPLAY is not set)")
        return frozenset({FULLSCREEN}) if active_window_fullscreen(display) else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """X11 property changes are not on D-Bus; grace polling covers them."""
        return ()

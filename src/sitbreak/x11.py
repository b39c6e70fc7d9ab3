"""The one X11 binding, for idle time and the full-screen window: libxcb through ctypes.

libxcb rather than Xlib (libX11): it returns errors as values, where Xlib calls a
process-wide handler that exits by default (when the server goes away, or a window closes
between two requests: BadWindow); it is thread-safe; every X11 client loads it already.
Requests go out as the bytes the X protocol defines, through libxcb's generic
``xcb_send_request``, so the MIT-SCREEN-SAVER and RandR extensions need no client library of
their own (libXss, libXrandr): libxcb.so.1 is all there is to load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import struct
import threading
from typing import Any

__all__ = [
    "X11Connection",
    "X11Error",
    "active_window_fullscreen",
    "idle_milliseconds",
    "is_xwayland",
]

_REQUEST_CHECKED = 1  # XCB_REQUEST_CHECKED: errors come back from xcb_wait_for_reply
_INTERN_ATOM, _GET_PROPERTY = 16, 20  # core opcodes
_ATOM_ATOM, _ATOM_WINDOW = 4, 33  # predefined atoms
_SCREEN_SAVER_QUERY_INFO = 1
_RANDR_QUERY_VERSION, _RANDR_GET_OUTPUT_INFO, _RANDR_GET_RESOURCES_CURRENT = 0, 9, 25
_MAX_ITEMS = 64  # 32-bit items of a property to fetch; windows carry a handful of states
_XWAYLAND = b"XWAYLAND"


class X11Error(Exception):
    """No X server to talk to, or one that cannot answer what was asked; the message says."""


class _Extension(ctypes.Structure):
    """xcb_extension_t: libxcb caches an extension's opcode in it, so each lives for good."""

    _fields_ = (("name", ctypes.c_char_p), ("global_id", ctypes.c_int))


SCREEN_SAVER = _Extension(b"MIT-SCREEN-SAVER", 0)
RANDR = _Extension(b"RANDR", 0)
XWAYLAND = _Extension(_XWAYLAND, 0)


class _ProtocolRequest(ctypes.Structure):
    """xcb_protocol_request_t."""

    _fields_ = (
        ("count", ctypes.c_size_t),
        ("ext", ctypes.POINTER(_Extension)),
        ("opcode", ctypes.c_uint8),
        ("isvoid", ctypes.c_uint8),
    )


class _IOVec(ctypes.Structure):
    """struct iovec."""

    _fields_ = (("base", ctypes.c_void_p), ("length", ctypes.c_size_t))


class _ExtensionReply(ctypes.Structure):
    """The start of xcb_query_extension_reply_t."""

    _fields_ = (
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("present", ctypes.c_uint8),
    )


class _Screen(ctypes.Structure):
    """The start of xcb_screen_t."""

    _fields_ = (("root", ctypes.c_uint32),)  # the first field; the rest is never read


class _ScreenIterator(ctypes.Structure):
    """xcb_screen_iterator_t."""

    _fields_ = (("data", ctypes.POINTER(_Screen)), ("rem", ctypes.c_int), ("index", ctypes.c_int))


@functools.cache
def _libraries() -> tuple[Any, Any]:
    """libxcb and libc with the signatures used here declared (loaded once, on first use)."""
    path = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(path)
    except OSError as error:
        raise X11Error("libxcb is not installed (Debian/Ubuntu package libxcb1)") from error
    vp = ctypes.c_void_p
    for name, restype, *argtypes in (
        ("xcb_connect", vp, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)),
        ("xcb_connection_has_error", ctypes.c_int, vp),
        ("xcb_disconnect", None, vp),
        ("xcb_get_setup", vp, vp),
        ("xcb_setup_roots_iterator", _ScreenIterator, vp),
        ("xcb_screen_next", None, ctypes.POINTER(_ScreenIterator)),
        ("xcb_get_extension_data", ctypes.POINTER(_ExtensionReply), vp, vp),
        ("xcb_send_request", ctypes.c_uint, vp, ctypes.c_int, vp, vp),
        ("xcb_wait_for_reply", vp, vp, ctypes.c_uint, ctypes.POINTER(vp)),
    ):
        function = getattr(xcb, name)
        function.restype, function.argtypes = restype, tuple(argtypes)
    libc = ctypes.CDLL(None)
    libc.free.argtypes = (vp,)
    return xcb, libc


class X11Connection:
    """One connection to an X server; thread-safe, as libxcb is."""

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` (DISPLAY when None); X11Error when that fails."""
        self._xcb, self._libc = _libraries()
        self.display = display
        screen = ctypes.c_int(0)
        self._c: int | None = self._xcb.xcb_connect(
            None if display is None else display.encode(), ctypes.byref(screen)
        )
        if not self._c or self._xcb.xcb_connection_has_error(self._c):
            self.close()
            raise X11Error(f"cannot open the X display {display or '(DISPLAY)'}")
        roots = self._xcb.xcb_setup_roots_iterator(self._xcb.xcb_get_setup(self._c))
        for _ in range(screen.value):
            self._xcb.xcb_screen_next(ctypes.byref(roots))
        if not roots.data:
            self.close()
            raise X11Error(f"the X display {display} has no screen {screen.value}")
        self.root: int = roots.data.contents.root
        self._lock = threading.Lock()  # the extension cache is written on first use

    @property
    def broken(self) -> bool:
        """Whether the connection failed (the server went away): open a new one."""
        return self._c is None or bool(self._xcb.xcb_connection_has_error(self._c))

    def has_extension(self, extension: _Extension) -> bool:
        """Whether the server offers ``extension`` (asked once per connection)."""
        with self._lock:
            reply = self._xcb.xcb_get_extension_data(self._c, ctypes.byref(extension))
        return bool(reply) and bool(reply.contents.present)

    def request(
        self,
        opcode: int,
        payload: bytes = b"",
        *,
        data: int = 0,
        extension: _Extension | None = None,
    ) -> bytes | None:
        """Send one request and return its whole reply; None for an X error (e.g. BadWindow).

        ``opcode`` is the core opcode, or the minor one of ``extension`` (which must be
        present: libxcb shuts a connection down for a request to a missing extension).
        """
        if self.broken:
            raise X11Error("the connection to the X server is gone")
        message = struct.pack("=BBH", 0, data, 0) + payload  # libxcb fills opcodes and length
        body = ctypes.create_string_buffer(message, len(message))
        vector = (_IOVec * 3)()  # libxcb uses the two slots before ours
        vector[2] = _IOVec(ctypes.cast(body, ctypes.c_void_p), len(message))
        request = _ProtocolRequest(
            1, ctypes.pointer(extension) if extension is not None else None, opcode, 0
        )
        slot = ctypes.byref(vector, ctypes.sizeof(_IOVec) * 2)
        sequence = self._xcb.xcb_send_request(
            self._c, _REQUEST_CHECKED, slot, ctypes.byref(request)
        )
        error = ctypes.c_void_p()
        reply = self._xcb.xcb_wait_for_reply(self._c, sequence, ctypes.byref(error))
        if error.value:
            self._libc.free(error)
        if not reply:
            if self.broken:
                raise X11Error("the X server closed the connection")
            return None
        try:
            (length,) = struct.unpack_from("=I", ctypes.string_at(reply, 8), 4)
            return ctypes.string_at(reply, 32 + 4 * length)
        finally:
            self._libc.free(reply)

    def atom(self, name: str) -> int:
        """The atom for ``name``, 0 when no client ever created it (never creates one)."""
        encoded = name.encode()
        padding = b"\0" * (-len(encoded) % 4)
        reply = self.request(
            _INTERN_ATOM, struct.pack("=HH", len(encoded), 0) + encoded + padding, data=1
        )
        return 0 if reply is None else int(struct.unpack_from("=I", reply, 8)[0])

    def cardinals(self, window: int, prop: int, kind: int) -> list[int]:
        """The 32-bit items of a property; [] when the window or the property is missing."""
        payload = struct.pack("=IIIII", window, prop, kind, 0, _MAX_ITEMS)
        reply = self.request(_GET_PROPERTY, payload)
        if reply is None:
            return []  # e.g. BadWindow: the window closed meanwhile
        item_format, count = reply[1], struct.unpack_from("=I", reply, 16)[0]
        if item_format != 32:
            return []
        return list(struct.unpack_from(f"={count}I", reply, 32))

    def close(self) -> None:
        """Disconnect (also after a failed connect, which xcb still allocates)."""
        if self._c:
            self._xcb.xcb_disconnect(self._c)
        self._c = None


def idle_milliseconds(connection: X11Connection) -> int:
    """Milliseconds since the last input, from MIT-SCREEN-SAVER's QueryInfo."""
    if not connection.has_extension(SCREEN_SAVER):
        raise X11Error("the X server lacks the MIT-SCREEN-SAVER extension")
    reply = connection.request(
        _SCREEN_SAVER_QUERY_INFO, struct.pack("=I", connection.root), extension=SCREEN_SAVER
    )
    if reply is None:
        raise X11Error("the X server did not answer the idle query")
    return int(struct.unpack_from("=I", reply, 16)[0])  # ms_since_user_input


def is_xwayland(connection: X11Connection) -> bool:
    """Whether the server is Xwayland, whose idle time sees only input to X windows.

    Xwayland 23.1 and later offer an "XWAYLAND" extension; every Xwayland names its RandR
    outputs "XWAYLAND<n>", which older ones are told by.
    """
    if connection.has_extension(XWAYLAND):
        return True
    return any(name.startswith(_XWAYLAND) for name in _output_names(connection))


def _output_names(connection: X11Connection) -> list[bytes]:
    """Names of the RandR outputs; none without the extension."""
    if not connection.has_extension(RANDR):
        return []
    connection.request(_RANDR_QUERY_VERSION, struct.pack("=II", 1, 3), extension=RANDR)
    resources = connection.request(
        _RANDR_GET_RESOURCES_CURRENT, struct.pack("=I", connection.root), extension=RANDR
    )
    if resources is None:
        return []
    config_time, crtcs, outputs = struct.unpack_from("=IHH", resources, 12)
    names = []
    for output in struct.unpack_from(f"={outputs}I", resources, 32 + 4 * crtcs):
        info = connection.request(
            _RANDR_GET_OUTPUT_INFO, struct.pack("=II", output, config_time), extension=RANDR
        )
        if info is None:
            continue
        crtc_count, modes, _preferred, clones, name_length = struct.unpack_from("=5H", info, 26)
        start = 36 + 4 * (crtc_count + modes + clones)
        names.append(info[start : start + name_length])
    return names


def active_window_fullscreen(display: str) -> bool:
    """Whether the window the window manager calls active is full screen (EWMH).

    One short connection per call keeps no state that an X server restart could leave
    stale; the busy signals ask rarely (a reminder due or held).
    """
    connection = X11Connection(display)
    try:
        active_atom = connection.atom("_NET_ACTIVE_WINDOW")
        if not active_atom:
            raise X11Error("the window manager does not publish _NET_ACTIVE_WINDOW (EWMH)")
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

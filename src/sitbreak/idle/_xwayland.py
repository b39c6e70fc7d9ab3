"""Telling Xwayland from a real X server, through ctypes: its idle time sees only X windows.

Xwayland 23.1 and later offer an "XWAYLAND" extension; every Xwayland names its RandR
outputs "XWAYLAND<n>", which older ones can be told by.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

__all__ = ["is_xwayland"]

_XWAYLAND = b"XWAYLAND"


class _ScreenResources(ctypes.Structure):
    """The leading fields of XRRScreenResources (only these are read)."""

    _fields_ = (
        ("timestamp", ctypes.c_ulong),
        ("config_timestamp", ctypes.c_ulong),
        ("ncrtc", ctypes.c_int),
        ("crtcs", ctypes.POINTER(ctypes.c_ulong)),
        ("noutput", ctypes.c_int),
        ("outputs", ctypes.POINTER(ctypes.c_ulong)),
    )


class _OutputInfo(ctypes.Structure):
    """The leading fields of XRROutputInfo."""

    _fields_ = (
        ("timestamp", ctypes.c_ulong),
        ("crtc", ctypes.c_ulong),
        ("name", ctypes.c_char_p),
        ("name_len", ctypes.c_int),
    )


def is_xwayland(query_extension: Any, display: int, root: int) -> bool:
    """Whether the server behind ``display`` is Xwayland (False when it cannot tell).

    ``query_extension`` is libX11's XQueryExtension with its signature declared.
    """
    unused = ctypes.c_int()
    ref = ctypes.byref(unused)
    if query_extension(display, _XWAYLAND, ref, ref, ref):
        return True
    return any(name.startswith(_XWAYLAND) for name in _output_names(display, root))


def _output_names(display: int, root: int) -> list[bytes]:
    """Names of the RandR outputs, or none when libXrandr or the extension is missing."""
    path = ctypes.util.find_library("Xrandr") or "libXrandr.so.2"
    try:
        xrandr = ctypes.CDLL(path)
    except OSError:
        return []
    get_resources = xrandr.XRRGetScreenResourcesCurrent
    get_resources.restype = ctypes.POINTER(_ScreenResources)
    get_resources.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
    get_output = xrandr.XRRGetOutputInfo
    get_output.restype = ctypes.POINTER(_OutputInfo)
    get_output.argtypes = (ctypes.c_void_p, ctypes.POINTER(_ScreenResources), ctypes.c_ulong)
    xrandr.XRRFreeOutputInfo.argtypes = (ctypes.POINTER(_OutputInfo),)
    xrandr.XRRFreeScreenResources.argtypes = (ctypes.POINTER(_ScreenResources),)
    resources = get_resources(display, root)
    if not resources:
        return []
    names = []
    try:
        for index in range(resources.contents.noutput):
            info = get_output(display, resources, resources.contents.outputs[index])
            if info:
                names.append(info.contents.name or b"")
                xrandr.XRRFreeOutputInfo(info)
    finally:
        xrandr.XRRFreeScreenResources(resources)
    return names

"""macOS idle time from Quartz's CGEventSourceSecondsSinceLastEventType via ctypes (polled).

No pyobjc needed. Run ``python -m sitbreak.idle.macos`` to print the idle seconds each second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import sys
from collections.abc import Callable

from sitbreak.idle.base import IdleError, Unavailable

__all__ = ["MacIdle", "open_backend"]

_HID_SYSTEM_STATE = 1  # kCGEventSourceStateHIDSystemState: input from real hardware
_ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType, ~0 as a CGEventType (uint32)
_CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"


class MacIdle:
    """Asks the HID event system how long ago the last keyboard, mouse or trackpad event was."""

    name = "macos"

    def __init__(self, seconds_since: Callable[[int, int], float]) -> None:
        """Wrap the bound Quartz function."""
        self._seconds_since = seconds_since

    def seconds_idle(self) -> float:
        """Seconds since the last input event of any kind."""
        seconds = float(self._seconds_since(_HID_SYSTEM_STATE, _ANY_INPUT_EVENT))
        if math.isnan(seconds) or seconds < 0:  # the call failed
            raise IdleError(f"Quartz answered {seconds!r} seconds idle")
        return seconds

    def close(self) -> None:
        """Nothing is held open."""


def open_backend() -> MacIdle:
    """Load CoreGraphics and take one reading; raise Unavailable off macOS or on failure."""
    if sys.platform == "darwin":
        return _open_quartz()
    raise Unavailable("only on macOS")


def _open_quartz() -> MacIdle:
    """Bind CGEventSourceSecondsSinceLastEventType and check it answers."""
    path = ctypes.util.find_library("CoreGraphics") or _CORE_GRAPHICS
    try:
        function = ctypes.CDLL(path).CGEventSourceSecondsSinceLastEventType
    except (OSError, AttributeError) as error:
        raise Unavailable(f"cannot load CoreGraphics: {error}") from error
    function.restype = ctypes.c_double
    function.argtypes = (ctypes.c_int32, ctypes.c_uint32)
    backend = MacIdle(function)
    try:
        backend.seconds_idle()
    except IdleError as error:
        raise Unavailable(str(error)) from error
    return backend


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend())

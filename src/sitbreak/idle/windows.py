"""Windows idle time from GetLastInputInfo against GetTickCount64, via ctypes (polled).

Run ``python -m sitbreak.idle.windows`` to print the idle seconds each second.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from sitbreak.idle.base import IdleError, Unavailable

__all__ = ["WindowsIdle", "idle_milliseconds", "open_backend"]

_TICK_WRAP = 1 << 32


class _LastInputInfo(ctypes.Structure):
    """LASTINPUTINFO: the size of the struct, and the 32-bit tick count of the last input."""

    _fields_ = (("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32))


def idle_milliseconds(tick_count64: int, last_input_tick32: int) -> int:
    """Milliseconds between the last input and now, across the 32-bit tick wrap.

    GetLastInputInfo gives only the low 32 bits of the tick count, which wrap every 49.7 days
    of uptime; subtracting modulo 2**32 is right whenever the person was idle less than that.
    """
    return (tick_count64 - last_input_tick32) % _TICK_WRAP


class WindowsIdle:
    """Reads the session's last-input tick and the 64-bit tick count."""

    name = "windows"

    def __init__(self, last_input: Callable[[], int], tick_count64: Callable[[], int]) -> None:
        """Wrap the two bound Win32 functions."""
        self._last_input = last_input
        self._tick_count64 = tick_count64

    def seconds_idle(self) -> float:
        """Seconds since the last keyboard or mouse input in this session."""
        last = self._last_input()
        return idle_milliseconds(self._tick_count64(), last) / 1000.0

    def close(self) -> None:
        """Nothing is held open."""


def open_backend() -> WindowsIdle:
    """Bind user32 and kernel32 and take one reading; raise Unavailable off Windows."""
    if sys.platform == "win32":
        backend = WindowsIdle(*_bind_win32())
        try:
            backend.seconds_idle()
        except IdleError as error:
            raise Unavailable(str(error)) from error
        return backend
    raise Unavailable("only on Windows")


def _bind_win32() -> tuple[Callable[[], int], Callable[[], int]]:
    """GetLastInputInfo (as a function returning dwTime) and GetTickCount64."""
    if sys.platform == "win32":
        return _bind(ctypes.WinDLL("user32", use_last_error=True), ctypes.WinDLL("kernel32"))
    raise Unavailable("only on Windows")


def _bind(user32: Any, kernel32: Any) -> tuple[Callable[[], int], Callable[[], int]]:
    """Declare the two functions' C signatures and wrap them."""
    get_last_input = user32.GetLastInputInfo
    get_last_input.restype = ctypes.c_int
    get_last_input.argtypes = (ctypes.POINTER(_LastInputInfo),)
    tick_count64 = kernel32.GetTickCount64
    tick_count64.restype = ctypes.c_uint64
    tick_count64.argtypes = ()

    def last_input() -> int:
        """dwTime of the last input, from GetLastInputInfo."""
        info = _LastInputInfo(ctypes.sizeof(_LastInputInfo), 0)
        if not get_last_input(ctypes.byref(info)):
            raise IdleError("GetLastInputInfo failed")
        return int(info.dwTime)

    return last_input, lambda: int(tick_count64())


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend())

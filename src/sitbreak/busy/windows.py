"""The busy signals of Windows: the shell's notification state, and the running programs.

``SHQueryUserNotificationState`` is the documented way to ask whether the person should not
be disturbed. Focus Assist ("Do not disturb") itself is readable only through an
undocumented API (WNF) that may break with any update, so it is left out: Windows' own
quiet hours, presentation mode and full-screen programs are covered.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from sitbreak.busy.base import (
    DND,
    FULLSCREEN,
    Availability,
    BusySignal,
    RunningApps,
    SignalUnavailable,
    Switch,
    probe_by_reading,
)

if sys.platform == "win32":
    import ctypes

if TYPE_CHECKING:
    from sitbreak.dbus import Match

__all__ = ["WindowsFullscreen", "WindowsQuietTime", "process_names", "windows_signals"]

# QUERY_USER_NOTIFICATION_STATE (shellapi.h)
_QUNS_BUSY = 2  # a full-screen program, or a presentation
_QUNS_RUNNING_D3D_FULL_SCREEN = 3
_QUNS_PRESENTATION_MODE = 4
_QUNS_QUIET_TIME = 6  # the first hour after a new user's first sign-in
_QUNS_APP = 7  # a full-screen Store app
_FULLSCREEN_STATES = frozenset(
    {_QUNS_BUSY, _QUNS_RUNNING_D3D_FULL_SCREEN, _QUNS_PRESENTATION_MODE, _QUNS_APP}
)


def notification_state() -> int:
    """The shell's current QUERY_USER_NOTIFICATION_STATE value."""
    if sys.platform == "win32":
        query: Any = ctypes.WinDLL("shell32").SHQueryUserNotificationState
        query.argtypes = (ctypes.POINTER(ctypes.c_int),)
        query.restype = ctypes.c_long  # HRESULT
        state = ctypes.c_int(0)
        result = query(ctypes.byref(state))
        if result != 0:
            code = result & 0xFFFFFFFF
            raise SignalUnavailable(f"SHQueryUserNotificationState failed (HRESULT {code:#x})")
        return state.value
    raise SignalUnavailable("SHQueryUserNotificationState exists only on Windows")


class WindowsFullscreen:
    """Busy while a program runs full screen or presentation mode is on."""

    name = "windows-fullscreen"
    switch = Switch.FULLSCREEN

    def probe(self) -> Availability:
        """Works wherever the shell answers."""
        return probe_by_reading(self, "SHQueryUserNotificationState")

    def read(self) -> frozenset[str]:
        """``fullscreen`` in the busy, Direct3D, presentation and Store-app states."""
        return (
            frozenset({FULLSCREEN}) if notification_state() in _FULLSCREEN_STATES else frozenset()
        )

    def changes(self) -> tuple[Match, ...]:
        """No D-Bus on Windows."""
        return ()


class WindowsQuietTime:
    """Busy during Windows' quiet time (it holds its own notifications back then too)."""

    name = "windows-quiet-time"
    switch = Switch.DND

    def probe(self) -> Availability:
        """Works wherever the shell answers."""
        return probe_by_reading(self, "SHQueryUserNotificationState quiet time")

    def read(self) -> frozenset[str]:
        """``dnd`` in the quiet-time state."""
        return frozenset({DND}) if notification_state() == _QUNS_QUIET_TIME else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """No D-Bus on Windows."""
        return ()


def process_names() -> list[str]:
    """Image names (without .exe) of this user's processes, from ``tasklist``."""
    user = os.environ.get("USERNAME", "")
    argv = ["tasklist", "/FO", "CSV", "/NH"]
    if user:
        argv += ["/FI", f"USERNAME eq {user}"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    if done.returncode != 0:
        raise OSError(f"tasklist exited with {done.returncode}: {done.stderr.strip()}")
    names = [row[0] for row in csv.reader(io.StringIO(done.stdout)) if row]
    return [name.removesuffix(".exe").removesuffix(".EXE") for name in names]


def windows_signals(apps: tuple[str, ...]) -> list[BusySignal]:
    """Every signal Windows offers."""
    return [
        WindowsFullscreen(),
        WindowsQuietTime(),
        RunningApps(apps, process_names, "tasklist"),
    ]

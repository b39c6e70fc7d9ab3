"""The busy signals of macOS, and the gap: Focus (Do Not Disturb) cannot be read.

macOS offers no public way for another program to read whether a Focus is on: the
official INFocusStatusCenter needs an app bundle with the user's authorisation, and the
Assertions.json file needs Full Disk Access and changes between releases. Telling whether
the frontmost app is full screen needs the Accessibility permission. Neither fits a
daemon started from a terminal or a LaunchAgent, so on macOS only ``[quiet] apps`` works;
a person in a call or presenting can add that program there, or ``sitbreak pause``.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

from sitbreak.busy.base import Availability, BusySignal, RunningApps, SignalUnavailable, Switch

if TYPE_CHECKING:
    from sitbreak.dbus import Match

__all__ = ["MacFocus", "macos_signals", "process_names"]


class MacFocus:
    """macOS Focus: listed so doctor can say why it does not work."""

    name = "macos-focus"
    switch = Switch.DND

    def probe(self) -> Availability:
        """Never works; the detail says why."""
        return Availability(
            False, "macOS does not let other programs read Focus; list call apps in [quiet] apps"
        )

    def read(self) -> frozenset[str]:
        """Not readable."""
        raise SignalUnavailable("macOS does not let other programs read Focus")

    def changes(self) -> tuple[Match, ...]:
        """No D-Bus on macOS."""
        return ()


def process_names() -> list[str]:
    """File names of this user's processes, from ``ps``."""
    argv = ["ps", "-x", "-U", str(os.getuid()), "-o", "comm="]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    if done.returncode != 0:
        raise OSError(f"ps exited with {done.returncode}: {done.stderr.strip()}")
    return [os.path.basename(line.strip()) for line in done.stdout.splitlines() if line.strip()]


def macos_signals(apps: tuple[str, ...]) -> list[BusySignal]:
    """Every signal macOS offers."""
    return [MacFocus(), RunningApps(apps, process_names, "ps")]

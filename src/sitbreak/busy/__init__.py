"""Busy signals: Do Not Disturb, full screen, a call, a listed app; reminders wait for them.

``start_busy_watch`` starts the watch the daemon asks before reminders (see ``watch``);
``diagnose`` lists every signal of this platform for ``sitbreak doctor``.
"""

from __future__ import annotations

from sitbreak.busy.base import (
    CALL,
    DND,
    FULLSCREEN,
    Availability,
    BusySignal,
    SessionInfo,
    SignalReport,
    SignalUnavailable,
    Switch,
    app_reason,
)
from sitbreak.busy.watch import BusyWatch, SignalSet, build_signal_set, diagnose, start_busy_watch

__all__ = [
    "CALL",
    "DND",
    "FULLSCREEN",
    "Availability",
    "BusySignal",
    "BusyWatch",
    "SessionInfo",
    "SignalReport",
    "SignalSet",
    "SignalUnavailable",
    "Switch",
    "app_reason",
    "build_signal_set",
    "diagnose",
    "start_busy_watch",
]

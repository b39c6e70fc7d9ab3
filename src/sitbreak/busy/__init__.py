"""Busy signals: Do Not Disturb, full screen, a call, a listed app; reminders wait for them.

``start_busy_watch`` hooks the signals into the daemon (see ``watch``); ``diagnose`` lists
every signal of this platform for ``sitbreak doctor``.
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
    Switch,
    Unavailable,
    app_reason,
)
from sitbreak.busy.registry import diagnose
from sitbreak.busy.watch import BusyWatch, start_busy_watch

__all__ = [
    "CALL",
    "DND",
    "FULLSCREEN",
    "Availability",
    "BusySignal",
    "BusyWatch",
    "SessionInfo",
    "SignalReport",
    "Switch",
    "Unavailable",
    "app_reason",
    "diagnose",
    "start_busy_watch",
]

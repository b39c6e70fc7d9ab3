"""Busy signals: Do Not Disturb, full screen, a call, a listed app; reminders wait for them.

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
    Switch,
    Unavailable,
    app_reason,
)
from sitbreak.busy.registry import diagnose

__all__ = [
    "CALL",
    "DND",
    "FULLSCREEN",
    "Availability",
    "BusySignal",
    "SessionInfo",
    "SignalReport",
    "Switch",
    "Unavailable",
    "app_reason",
    "diagnose",
]

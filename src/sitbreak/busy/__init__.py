"""Busy signals: Do Not Disturb, full screen, a call, a listed app; reminders wait for them."""

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
]

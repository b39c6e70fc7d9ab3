"""Noticing when the person is away: idle backends per platform, screen lock and sleep.

``IdleMonitor`` feeds them to the daemon; ``detect`` chooses a backend by probing;
``diagnose`` reports on every backend for ``sitbreak doctor``.
"""

from sitbreak.idle.base import (
    BackendReport,
    IdleBackend,
    IdleError,
    IdleReport,
    LockSource,
    PauseWatching,
    PollingBackend,
    Unavailable,
    WatchingBackend,
)
from sitbreak.idle.diagnose import diagnose
from sitbreak.idle.monitor import IdleMonitor, should_poll
from sitbreak.idle.registry import BACKEND_NAMES, LOCK_SOURCE_NAMES, detect, open_backend

__all__ = [
    "BACKEND_NAMES",
    "LOCK_SOURCE_NAMES",
    "BackendReport",
    "IdleBackend",
    "IdleError",
    "IdleMonitor",
    "IdleReport",
    "LockSource",
    "PauseWatching",
    "PollingBackend",
    "Unavailable",
    "WatchingBackend",
    "detect",
    "diagnose",
    "open_backend",
    "should_poll",
]

"""Noticing when the person is away: idle backends per platform, screen lock and sleep."""

from sitbreak.idle.base import BackendReport, IdleBackend, IdleError, IdleReport, Unavailable

__all__ = ["BackendReport", "IdleBackend", "IdleError", "IdleReport", "Unavailable"]

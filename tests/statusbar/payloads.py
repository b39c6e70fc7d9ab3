"""Status payloads as the daemon sends them, for the status-bar tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["NOW", "at", "payload"]

NOW = datetime(2025, 3, 10, 14, 7, 0, tzinfo=UTC)


def at(minutes: float) -> str:
    """NOW plus ``minutes`` as the payload writes a time."""
    return _at(minutes)


def _at(minutes: float) -> str:
    return (NOW + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def payload(
    state: str = "active",
    *,
    sitting: int = 42 * 60,
    next_kind: str | None = "micro",
    next_in_minutes: float = 23,
    every_minutes: int = 30,
    paused_minutes: float | None = None,
    snoozed_minutes: float | None = None,
    pending: str | None = None,
    busy: tuple[str, ...] = (),
    **extra: object,
) -> dict[str, object]:
    """A payload made at NOW, with a next reminder unless ``next_kind`` is None; plus ``extra``."""
    upcoming = None
    if next_kind is not None:
        upcoming = {
            "kind": next_kind,
            "at": _at(next_in_minutes),
            "in_seconds": round(next_in_minutes * 60),
            "every_seconds": every_minutes * 60,
        }
    return {
        "running": True,
        "pid": 4242,
        "version": "0.1.0",
        "state": state,
        "sitting_seconds": sitting,
        "next": upcoming,
        "paused_until": None if paused_minutes is None else _at(paused_minutes),
        "snoozed_until": None if snoozed_minutes is None else _at(snoozed_minutes),
        "pending": pending,
        "busy_reasons": list(busy),
        "idle_backend": "none",
        "config_file": "/home/me/.config/sitbreak/config.toml",
        **extra,
    }

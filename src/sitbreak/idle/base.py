"""What every idle backend offers, and what probing one tells about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["BackendReport", "IdleBackend", "IdleError", "IdleReport", "Unavailable"]

IdleReport = Callable[[float], None]
"""Told the seconds of idleness at a transition: the threshold when idle, 0.0 on activity."""


class Unavailable(Exception):
    """This backend cannot work here; the message says why, in words for ``doctor``."""


class IdleError(Exception):
    """A backend that worked could not answer this time (connection lost, service gone)."""


@dataclass(frozen=True)
class BackendReport:
    """Whether one backend (or lock source) works here, and why not when it does not."""

    name: str
    works: bool
    detail: str
    tried: bool = True  # False: skipped (settings, platform, another one chosen first)


class IdleBackend(Protocol):
    """One way of learning how long the person has left the keyboard and mouse alone.

    Polling backends (``polls`` true) answer ``seconds_idle`` and are asked every
    ``[idle] poll_every`` while that matters. Event-driven backends (``polls`` false) call the
    ``report`` given to ``watch`` at each transition and cost nothing in between.
    """

    name: str
    polls: bool

    def seconds_idle(self) -> float:
        """Seconds since the last input; raise IdleError when it cannot tell right now."""

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Event-driven: report(threshold) after that long idle, report(0.0) on input; re-arms.

        Calling it again replaces the threshold. Polling backends ignore it.
        """

    def close(self) -> None:
        """Stop watching and release connections and threads; idempotent."""

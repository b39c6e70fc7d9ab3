"""What idle backends and lock sources offer, what probing one tells, and a manual check.

Two kinds of backend: a polling one answers ``seconds_idle`` and is asked every
``[idle] poll_every`` while that matters; a watching one calls ``report`` at each transition
and costs nothing in between. A backend that can do both is watched. A watching backend that
can also hold a second, short watch (``PauseWatching``) tells pauses in typing, as a poller
does when asked every second: only while a reminder waits for one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sitbreak.core import Event

__all__ = [
    "BackendReport",
    "Dispatch",
    "IdleBackend",
    "IdleError",
    "IdleReport",
    "LockSource",
    "PauseWatching",
    "PollingBackend",
    "Unavailable",
    "WatchingBackend",
    "print_idle_seconds",
]

IdleReport = Callable[[float], None]
"""Told the seconds of idleness at a transition: the threshold when idle, 0.0 on activity."""

Dispatch = Callable[[Event], object]
"""The daemon's dispatch, which lock sources hand their events to."""


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


@runtime_checkable
class PollingBackend(Protocol):
    """Asked how long the person has left the keyboard and mouse alone."""

    name: str

    def seconds_idle(self) -> float:
        """Seconds since the last input; raise IdleError when it cannot tell right now."""

    def close(self) -> None:
        """Release connections; idempotent."""


@runtime_checkable
class WatchingBackend(Protocol):
    """Tells when the person leaves and comes back, at a threshold it is armed with."""

    name: str

    def watch(self, threshold: float, report: IdleReport) -> None:
        """report(threshold) after that long idle, report(0.0) on input; again replaces it."""

    def close(self) -> None:
        """Stop watching and release connections and threads; idempotent."""


@runtime_checkable
class PauseWatching(Protocol):
    """A watching backend that can also watch for short pauses in input, beside its watch."""

    def watch_pauses(self, pause_length: float | None, report: IdleReport) -> None:
        """report(pause_length) once input stops that long, 0.0 when it resumes; None stops.

        Never blocks (it is called inside the daemon's lock): the watch is added or removed
        on the backend's own thread, and removing it reports nothing.
        """


IdleBackend = WatchingBackend | PollingBackend


class LockSource(Protocol):
    """Something that dispatches Locked/Unlocked (and wake-ups) on its own thread."""

    name: str

    def close(self) -> None:
        """Stop listening."""


def print_idle_seconds(backend: IdleBackend, every: float = 1.0, threshold: float = 5.0) -> None:
    """Print what ``backend`` tells until Ctrl-C: each backend file's ``__main__`` check.

    A polling backend prints its reading every ``every`` seconds; a watching one is armed at
    ``threshold`` seconds and prints each transition.
    """
    print(f"{backend.name}: move the mouse, then leave it alone (Ctrl-C ends)", flush=True)
    if isinstance(backend, WatchingBackend):
        backend.watch(threshold, lambda seconds: print(f"-- {seconds:.1f} s idle", flush=True))
    try:
        while True:
            if not isinstance(backend, WatchingBackend):
                try:
                    print(f"{backend.seconds_idle():8.1f} s idle", flush=True)
                except IdleError as error:
                    print(f"cannot tell: {error}", flush=True)
            time.sleep(every)
    except KeyboardInterrupt:
        pass
    finally:
        backend.close()

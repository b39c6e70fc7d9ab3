"""What the daemon hands its adapters: each dispatch's result, and the shapes of the parts.

Adapters (history, hooks, idle, busy, the control handler...) import this module, never the
daemon: they get a ``Dispatch`` callable and a read-only view of the state, and the daemon's
assembly registers them as its observers and listeners.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sitbreak.core import Effect, Event, State, StatusView
from sitbreak.notify import Reminder

__all__ = ["Dispatch", "DispatchResult", "Listener", "Observer", "Probe", "StateView"]


@dataclass(frozen=True)
class DispatchResult:
    """One dispatch: the event, its effects and reminders, any refusal, and the status after."""

    event: Event
    now: datetime
    effects: tuple[Effect, ...]
    reminders: tuple[Reminder, ...]  # one per Notify effect, in the same order
    rejected: str | None
    status: StatusView


Dispatch = Callable[[Event], DispatchResult]
"""Step the core with one event now: the only way anything changes the state."""

StateView = Callable[[], State]
"""The core state as of the last dispatch (frozen data: reading it never changes it)."""


class Observer(Protocol):
    """A probe asked right before each timer wake-up (outside the lock), e.g. idle or busy."""

    def observe(self) -> Sequence[Event]:
        """Events describing the person now; may be empty."""


class Listener(Protocol):
    """Told about every dispatch, inside the lock: it must return quickly and never block."""

    def after_dispatch(self, result: DispatchResult) -> None:
        """React to one dispatch (record history, push status, run hooks...)."""


class Probe(Observer, Protocol):
    """An adapter that watches the person: asked before each wake-up, told each new state."""

    def follow(self, state: State) -> None:
        """After each dispatch, inside the daemon's lock: the state it left (must not block)."""

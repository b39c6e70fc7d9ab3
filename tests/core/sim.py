"""A tiny driver for the core: feed events at literal times and collect what it asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sitbreak.core import Effect, Event, Kind, Notify, Policy, State, Tick, next_wakeup, step

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday


def at(minutes: float = 0, *, seconds: float = 0, start: datetime = T0) -> datetime:
    """A literal moment: ``minutes`` (and ``seconds``) after 09:00 UTC on Monday 23 Nov 2026."""
    return start + timedelta(minutes=minutes, seconds=seconds)


@dataclass
class Run:
    """State plus a log of every notification, driven by explicit events and timer wake-ups."""

    policy: Policy = field(default_factory=Policy)
    state: State = field(default_factory=State)
    shown: list[tuple[datetime, Notify]] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    steps: int = 0

    def send(self, event: Event, now: datetime) -> tuple[Effect, ...]:
        """Step the core once and log its notifications."""
        self.state, effects = step(self.state, event, now, self.policy)
        self.steps += 1
        self.effects.extend(effects)
        self.shown.extend((now, e) for e in effects if isinstance(e, Notify))
        return effects

    def until(self, end: datetime) -> None:
        """Let the timer fire at every ``next_wakeup`` up to and including ``end``."""
        while True:
            wake = next_wakeup(self.state, self.policy)
            if wake is None or wake > end:
                break
            self.send(Tick(), wake)
        self.send(Tick(), end)

    def kinds(self) -> list[Kind]:
        """The kinds shown so far, in order."""
        return [notify.kind for _, notify in self.shown]

    def times(self) -> list[timedelta]:
        """When each notification was shown, as an offset from T0."""
        return [moment - T0 for moment, _ in self.shown]

"""The core's state: frozen data that ``step`` replaces, never mutates."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sitbreak.vocabulary import Kind

__all__ = ["ZERO", "Guide", "GuideView", "Pending", "Presence", "State", "reset_cycles"]

ZERO = timedelta(0)


class Presence(enum.StrEnum):
    """Whether the person is at the computer."""

    PRESENT = "present"
    IDLE = "idle"  # no input for at least the away threshold
    LOCKED = "locked"  # screen locked; only an unlock brings them back


@dataclass(frozen=True)
class Pending:
    """A shown reminder that nobody has answered yet."""

    kind: Kind
    due_at: datetime
    shown_at: datetime
    next_at: datetime | None  # when to repeat it, re-show it after a snooze, or give up
    repeats: int = 0
    snoozed: bool = False


@dataclass(frozen=True)
class GuideView:
    """A guided break as seen at one moment: ``step`` of ``steps`` (from 1) and its times."""

    kind: Kind
    step: int
    steps: int
    started_at: datetime
    step_ends_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Guide:
    """A guided break under way: ``kind``, begun at ``started_at``, in steps of these lengths;
    ``shown`` is the 0-based step last announced to the person."""

    kind: Kind
    started_at: datetime
    steps: tuple[timedelta, ...]
    shown: int = 0

    @property
    def length(self) -> timedelta:
        """The whole guided break: every step's time."""
        return sum(self.steps, ZERO)

    @property
    def ends_at(self) -> datetime:
        """When the last step is over and the break counts as done."""
        return self.started_at + self.length

    def step_at(self, now: datetime) -> int:
        """The 0-based index of the step under way at ``now`` (the first before it begins,
        the last once it is over)."""
        elapsed = now - self.started_at
        for index, length in enumerate(self.steps):
            if elapsed < length:
                return index
            elapsed -= length
        return len(self.steps) - 1

    def step_ends_at(self, index: int) -> datetime:
        """When step ``index`` (0-based) is over."""
        return self.started_at + sum(self.steps[: index + 1], ZERO)

    def view(self, now: datetime) -> GuideView:
        """Where the guided break stands at ``now``."""
        index = self.step_at(now)
        return GuideView(
            self.kind,
            index + 1,
            len(self.steps),
            self.started_at,
            self.step_ends_at(index),
            self.ends_at,
        )


def _zero_cycles() -> dict[Kind, timedelta]:
    return dict.fromkeys(Kind.by_size(), ZERO)


@dataclass(frozen=True)
class State:
    """Counters and holds; every datetime is aware."""

    updated_at: datetime | None = None  # counters are right up to this moment
    sitting: timedelta = ZERO  # unbroken sitting since the last real break
    sitting_since: datetime | None = None  # wall-clock start of that stretch
    cycles: Mapping[Kind, timedelta] = field(default_factory=_zero_cycles)
    presence: Presence = Presence.PRESENT
    away_since: datetime | None = None
    # whether a running source can end idleness / a lock (PresenceSources); never persisted
    idle_watched: bool = True
    lock_watched: bool = True
    paused: bool = False
    paused_until: datetime | None = None  # None while paused = until resume
    snoozed_until: datetime | None = None
    snoozes_in_a_row: int = 0
    busy: frozenset[str] = frozenset()
    pending: Pending | None = None
    last_fired_at: datetime | None = None  # last reminder shown, of any sort
    last_break_at: datetime | None = None  # when the last real break ended (sitting reset)
    # waiting for a pause in input (see waiting.py); never persisted
    pauses_watched: bool = False  # whether a running source reports pauses in input
    quiet_since: datetime | None = None  # no input since then, as last reported; None = input
    waiting_since: datetime | None = None  # a reminder ready since then waits for a pause
    summarized_day: date | None = None  # the last local day a daily summary was given for
    guide: Guide | None = None  # a guided break under way (see guide.py); never persisted


def reset_cycles(state: State, kinds: Collection[Kind]) -> State:
    """``state`` with the sitting time counted towards each of ``kinds`` back at zero."""
    cycles = {kind: ZERO if kind in kinds else spent for kind, spent in state.cycles.items()}
    return replace(state, cycles=cycles)

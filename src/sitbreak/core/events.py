"""Everything that can happen to the core, as frozen data; the time comes with ``step``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sitbreak.vocabulary import Kind

__all__ = [
    "BusyChanged",
    "ClockSetBack",
    "ConfigChanged",
    "Dismissed",
    "Done",
    "Event",
    "IdleSample",
    "Locked",
    "Pause",
    "PresenceSources",
    "Resume",
    "Skip",
    "Snooze",
    "StartGuide",
    "Tick",
    "Unlocked",
    "WokeFromSleep",
]


@dataclass(frozen=True)
class Tick:
    """The timer woke us: expire holds and fire whatever is due."""


@dataclass(frozen=True)
class IdleSample:
    """The idle probe saw no input for ``seconds_idle`` seconds.

    The latest sample stands until the next: ``seconds_idle`` of at least the policy's
    ``pause_length`` (but under the away threshold) means the person is pausing, less means
    input. A source that reports pauses either watches (one sample when a pause begins and one
    when input resumes, while a reminder waits and until input ends a pause it reported), or
    polls (right before every timer wake-up, and every second while a reminder waits).
    """

    seconds_idle: float


@dataclass(frozen=True)
class Locked:
    """The screen was locked: the person is away from now on."""


@dataclass(frozen=True)
class Unlocked:
    """The screen was unlocked: the person is back now."""


@dataclass(frozen=True)
class PresenceSources:
    """Which running sources could tell that the person came back, or paused typing.

    ``idle``: an idle backend that reports input again; ``lock``: a source that reports an
    unlock. Without one, an absence it would end can never end, so the person counts as present.
    ``pauses``: an idle source that keeps the core told about short pauses in input (see
    ``IdleSample``); without one a reminder never waits for a pause.
    """

    idle: bool
    lock: bool
    pauses: bool = False


@dataclass(frozen=True)
class WokeFromSleep:
    """The machine slept, or the wall clock jumped forward, for ``gap`` just before now."""

    gap: timedelta


@dataclass(frozen=True)
class ClockSetBack:
    """The wall clock was set back by ``by`` (it ran ahead): what the state remembers moves too."""

    by: timedelta


@dataclass(frozen=True)
class BusyChanged:
    """The person's busy signals now read ``reasons`` (empty = free)."""

    reasons: frozenset[str]


@dataclass(frozen=True)
class Snooze:
    """Move the pending reminder later; ``None`` means the configured default."""

    duration: timedelta | None = None


@dataclass(frozen=True)
class Pause:
    """Stop counting and reminding until ``until``, or until Resume when ``None``."""

    until: datetime | None = None


@dataclass(frozen=True)
class Resume:
    """End a pause or a snooze now."""


@dataclass(frozen=True)
class Skip:
    """Drop the pending reminder (or the next one) and keep counting."""


@dataclass(frozen=True)
class Done:
    """The person took a break of ``kind`` (``None``: the pending one, else a micro-break)."""

    kind: Kind | None = None


@dataclass(frozen=True)
class StartGuide:
    """Walk the person through a break of ``kind`` in steps of these lengths, starting now.

    The shell chooses the kind (see ``guide.kind_to_guide``) and the steps (from the prompt);
    ``kind`` None means there is none to guide, and the core says why.
    """

    kind: Kind | None = None
    steps: tuple[timedelta, ...] = ()


@dataclass(frozen=True)
class Dismissed:
    """The person closed the reminder without acting on it."""


@dataclass(frozen=True)
class ConfigChanged:
    """The policy passed to ``step`` is new from this event on."""


Event = (
    Tick
    | IdleSample
    | Locked
    | Unlocked
    | PresenceSources
    | WokeFromSleep
    | ClockSetBack
    | BusyChanged
    | Snooze
    | Pause
    | Resume
    | Skip
    | Done
    | StartGuide
    | Dismissed
    | ConfigChanged
)

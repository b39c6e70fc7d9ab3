"""The words every part of sitbreak shares: reminder kinds, status states and exit codes.

Stdlib only and cheap to import, so the CLI client and the status bar use these words
without loading the core; each one has its only definition here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = [
    "COUNTING",
    "EXIT_CRASHED",
    "EXIT_FAILED",
    "EXIT_NOT_RUNNING",
    "EXIT_OK",
    "EXIT_USAGE",
    "KIND_LABELS",
    "Activity",
    "Kind",
]


class Kind(enum.StrEnum):
    """A kind of reminder; larger kinds win over smaller ones and reset them."""

    POSTURE = "posture"
    MICRO = "micro"
    STRETCH = "stretch"

    @property
    def rank(self) -> int:
        """Position by size: posture 0, micro 1, stretch 2."""
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        """The name a person reads: "posture check", "micro-break", "stretch break"."""
        return KIND_LABELS[self]

    def and_smaller(self) -> tuple[Kind, ...]:
        """This kind and every smaller one, smallest first."""
        return _ORDER[: self.rank + 1]

    @classmethod
    def by_size(cls) -> tuple[Kind, ...]:
        """Every kind, smallest first."""
        return _ORDER


_ORDER: tuple[Kind, ...] = (Kind.POSTURE, Kind.MICRO, Kind.STRETCH)

KIND_LABELS: Mapping[str, str] = {
    Kind.POSTURE: "posture check",
    Kind.MICRO: "micro-break",
    Kind.STRETCH: "stretch break",
}
"""Each kind's name for a person, looked up by the kind or by its value in a status payload."""


class Activity(enum.StrEnum):
    """The one word that sums the state up (``state`` in a status payload)."""

    ACTIVE = "active"
    IDLE = "idle"
    PAUSED = "paused"
    SNOOZED = "snoozed"
    BUSY = "busy"
    OUTSIDE_HOURS = "outside_hours"
    WAITING_FOR_PAUSE = "waiting_for_pause"  # due, and waiting for a pause in input
    DUE = "due"
    GUIDED = "guided"  # a guided break is under way: no sitting counts


COUNTING: frozenset[str] = frozenset(
    {Activity.ACTIVE, Activity.BUSY, Activity.SNOOZED, Activity.WAITING_FOR_PAUSE, Activity.DUE}
)
"""States in which sitting time accrues second by second."""

# Exit statuses of every command (``--help`` of each says which it uses).
EXIT_OK = 0
EXIT_FAILED = 1  # refused, or could not do it
EXIT_USAGE = 2  # bad arguments or settings (argparse's own)
EXIT_NOT_RUNNING = 3  # a control command found no daemon
EXIT_CRASHED = 70  # EX_SOFTWARE from sysexits.h: an unexpected error in the daemon

"""The three reminder kinds, ordered from the smallest break to the largest."""

from __future__ import annotations

import enum

__all__ = ["Kind"]


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
        return _LABELS[self]

    def and_smaller(self) -> tuple[Kind, ...]:
        """This kind and every smaller one, smallest first."""
        return _ORDER[: self.rank + 1]

    @classmethod
    def by_size(cls) -> tuple[Kind, ...]:
        """Every kind, smallest first."""
        return _ORDER


_ORDER: tuple[Kind, ...] = (Kind.POSTURE, Kind.MICRO, Kind.STRETCH)
_LABELS = {
    Kind.POSTURE: "posture check",
    Kind.MICRO: "micro-break",
    Kind.STRETCH: "stretch break",
}

"""How a hook run ended, as the platform runners report it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finished"]


@dataclass(frozen=True)
class Finished:
    """Exit status (None if it had to be killed), the output kept, and what was dropped."""

    returncode: int | None
    output: bytes
    timed_out: bool
    dropped_bytes: int = 0

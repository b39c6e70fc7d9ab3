"""Wall time of short commands, run round-robin so a busy moment hits every command alike."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Command", "Timings", "percentile", "time_commands"]

_WARM_UP_RUNS = 2
_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Command:
    """A command line to time, with the environment it runs in."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str]


@dataclass
class Timings:
    """Wall times of one command, in seconds, and the runs that failed."""

    name: str
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median wall time."""
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        """The 95th percentile wall time (nearest rank)."""
        return percentile(self.seconds, 95)


def percentile(values: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest value with ``percent``% of values at or below."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * percent // 100))  # ceiling without floats
    return ordered[int(rank) - 1]


def time_commands(commands: Sequence[Command], runs: int) -> list[Timings]:
    """Run each command ``runs`` times, round-robin, after two untimed warm-up rounds."""
    timings = [Timings(command.name) for command in commands]
    for round_number in range(_WARM_UP_RUNS + runs):
        for command, timing in zip(commands, timings, strict=True):
            seconds, failure = _time_once(command)
            if round_number < _WARM_UP_RUNS:
                continue
            if failure is None:
                timing.seconds.append(seconds)
            else:
                timing.failures.append(failure)
    return timings


def _time_once(command: Command) -> tuple[float, str | None]:
    """Wall time from fork to exit, and a description of the failure if it failed."""
    started = time.perf_counter()
    done = subprocess.run(
        list(command.argv),
        env=dict(command.env),
        capture_output=True,
        text=True,
        check=False,
        timeout=_TIMEOUT_SECONDS,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return seconds, f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    return seconds, None

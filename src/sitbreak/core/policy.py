"""The core's view of the settings: plain frozen data, no parsing and no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, time, timedelta, tzinfo

from sitbreak.vocabulary import Kind

__all__ = ["MAX_SNOOZE", "ActiveHours", "KindPolicy", "Policy", "Schedule"]

ALL_DAYS = frozenset(range(7))
MAX_SNOOZE = timedelta(hours=12)  # longer than a working day is a pause, not a snooze


@dataclass(frozen=True)
class KindPolicy:
    """Cadence of one kind: remind after ``every`` of sitting; away ``break_length`` = taken."""

    enabled: bool
    every: timedelta
    break_length: timedelta


@dataclass(frozen=True)
class ActiveHours:
    """A daily window in local time; ``end <= start`` means it runs past midnight."""

    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    """When reminders may run: a daily window on some weekdays (0 = Monday), in ``tz``."""

    hours: ActiveHours | None = None
    days: frozenset[int] = ALL_DAYS
    tz: tzinfo = UTC

    @property
    def always(self) -> bool:
        """True when every moment is inside active hours."""
        return self.hours is None and self.days == ALL_DAYS


def _default_kinds() -> dict[Kind, KindPolicy]:
    return {
        Kind.POSTURE: KindPolicy(True, timedelta(minutes=20), timedelta(minutes=1)),
        Kind.MICRO: KindPolicy(True, timedelta(minutes=30), timedelta(minutes=1)),
        Kind.STRETCH: KindPolicy(True, timedelta(minutes=60), timedelta(minutes=3)),
    }


@dataclass(frozen=True)
class Policy:
    """Everything the core needs to decide when to remind; built by the shell from settings."""

    kinds: Mapping[Kind, KindPolicy] = field(default_factory=_default_kinds)
    snooze_default: timedelta = timedelta(minutes=10)
    snooze_max_in_a_row: int = 3
    repeat_after: timedelta = timedelta(minutes=5)
    max_repeats: int = 1
    schedule: Schedule = field(default_factory=Schedule)
    # a reminder due while input goes on waits up to this long for a pause of pause_length
    wait_for_pause: timedelta = timedelta(seconds=90)
    pause_length: timedelta = timedelta(seconds=3)
    daily_summary: bool = True  # once a day, after the day's active hours, what the day held

    def enabled_kinds(self) -> tuple[Kind, ...]:
        """Enabled kinds, smallest first."""
        return tuple(kind for kind in Kind.by_size() if self.kinds[kind].enabled)

    @property
    def min_gap(self) -> timedelta:
        """Least wall-clock time between two new reminders: the smallest enabled ``every``."""
        enabled = self.enabled_kinds()
        if not enabled:
            return timedelta(0)
        return min(self.kinds[kind].every for kind in enabled)

    @property
    def away_threshold(self) -> timedelta:
        """Idle this long and the person is away: the smallest break length of any kind."""
        return min(self.kinds[kind].break_length for kind in Kind.by_size())

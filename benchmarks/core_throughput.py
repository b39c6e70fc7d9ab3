"""Simulated days per second through the pure core (``step`` + ``next_wakeup``), no session.

One simulated day (UTC, default policy, active all day) is what the daemon would feed the core:
the screen locked until about 09:00 and from about 17:30; an idle sample every 30 s all day
(the idle probe's default poll); coffee breaks, lunch and a few short absences, when the idle
samples grow; a Tick at every moment ``next_wakeup`` asks for; and the person answering some
reminders a few seconds after they appear: a few snoozes and dones, the odd dismissal, and
one half-hour pause in the afternoon. The same seed gives the same days.
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sitbreak.core import (
    Dismissed,
    Done,
    Event,
    IdleSample,
    Kind,
    Locked,
    Notify,
    Pause,
    Policy,
    Snooze,
    State,
    Tick,
    Unlocked,
    next_wakeup,
    step,
)

__all__ = ["DayCounts", "Throughput", "measure_throughput", "simulate_day"]

DAY = timedelta(days=1)
IDLE_POLL = timedelta(seconds=30)
_FIRST_DAY = datetime(2024, 3, 4, tzinfo=UTC)  # a Monday
_MAX_PAST_WAKEUPS = 3


@dataclass
class DayCounts:
    """What one simulated day fed through the core and what came out."""

    events: int = 0
    ticks: int = 0
    reminders: int = 0
    answers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Throughput:
    """Days simulated, the core calls they took, and how fast."""

    days: int
    events: int
    reminders: int
    seconds: float

    @property
    def days_per_second(self) -> float:
        """Simulated days per second of wall time."""
        return self.days / self.seconds

    @property
    def events_per_second(self) -> float:
        """Core steps (each followed by a ``next_wakeup``) per second of wall time."""
        return self.events / self.seconds


def measure_throughput(min_seconds: float = 2.0, *, max_days: int = 10_000) -> Throughput:
    """Simulate whole days back to back until ``min_seconds`` have passed (or ``max_days``)."""
    policy = Policy()
    rng = random.Random(8)  # noqa: S311 - a simulation, not a secret
    state = State()
    days = events = reminders = 0
    started = time.perf_counter()
    while days < max_days:
        state, counts = simulate_day(state, _FIRST_DAY + days * DAY, policy, rng)
        days += 1
        events += counts.events
        reminders += counts.reminders
        if time.perf_counter() - started >= min_seconds:
            break
    return Throughput(days, events, reminders, time.perf_counter() - started)


def simulate_day(
    state: State, midnight: datetime, policy: Policy, rng: random.Random
) -> tuple[State, DayCounts]:
    """Feed one day of events to the core, starting at ``midnight``; the state carries over."""
    counts = DayCounts()
    script = _day_script(midnight, rng)
    now = midnight
    end = midnight + DAY
    past_wakeups = 0
    event: Event
    while True:
        wake = next_wakeup(state, policy) if state.updated_at is not None else None
        scripted = script.next_at()
        if wake is not None and (scripted is None or wake < scripted):
            if wake >= end:
                break
            past_wakeups = past_wakeups + 1 if wake <= now else 0
            if past_wakeups > _MAX_PAST_WAKEUPS:
                raise RuntimeError(f"the core keeps asking to wake at {wake}, before {now}")
            now, event = max(wake, now), Tick()
            counts.ticks += 1
        elif scripted is not None:
            now, event = script.pop()
        else:
            break
        state, effects = step(state, event, now, policy)
        counts.events += 1
        for effect in effects:
            if isinstance(effect, Notify):
                counts.reminders += 1
                _answer(script, effect, now, rng, counts)
    return state, counts


class _Script:
    """Events that do not come from the core's timer, earliest first."""

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, Event]] = []
        self._order = itertools.count()  # ties go first in, first out; events never compare

    def push(self, at: datetime, event: Event) -> None:
        """Queue ``event`` at ``at``."""
        heapq.heappush(self._heap, (at, next(self._order), event))

    def next_at(self) -> datetime | None:
        """When the earliest queued event happens, or None when none is left."""
        return self._heap[0][0] if self._heap else None

    def pop(self) -> tuple[datetime, Event]:
        """Take the earliest queued event."""
        at, _, event = heapq.heappop(self._heap)
        return at, event


def _day_script(midnight: datetime, rng: random.Random) -> _Script:
    """The day's events that do not depend on the core."""
    arrive = midnight + timedelta(hours=9, minutes=rng.randint(-20, 20))
    leave = midnight + timedelta(hours=17, minutes=30 + rng.randint(-20, 20))
    absences = [
        _absence(midnight, 10.5, 10, rng),
        _absence(midnight, 12.5, 45, rng),
        _absence(midnight, 15.5, 8, rng),
        *(_absence(midnight, rng.uniform(9.5, 17), rng.uniform(1, 4), rng) for _ in range(3)),
    ]
    script = _Script()
    script.push(midnight, Locked())
    script.push(arrive, Unlocked())
    script.push(leave, Locked())
    script.push(midnight + timedelta(hours=15), Pause(midnight + timedelta(hours=15.5)))
    moment = midnight + IDLE_POLL
    while moment < midnight + DAY:
        script.push(moment, IdleSample(_seconds_idle(moment, arrive, leave, absences, rng)))
        moment += IDLE_POLL
    return script


def _absence(
    midnight: datetime, hour: float, minutes: float, rng: random.Random
) -> tuple[datetime, datetime]:
    """An absence starting near ``hour`` (give or take 15 minutes) and lasting ``minutes``."""
    start = midnight + timedelta(hours=hour, minutes=rng.uniform(-15, 15))
    return start, start + timedelta(minutes=minutes)


def _seconds_idle(
    moment: datetime,
    arrive: datetime,
    leave: datetime,
    absences: list[tuple[datetime, datetime]],
    rng: random.Random,
) -> float:
    """What the idle probe reads at ``moment``: time since the last input."""
    if moment < arrive:
        left_yesterday = arrive.replace(hour=17, minute=30) - DAY
        return (moment - left_yesterday).total_seconds()
    if moment >= leave:
        return (moment - leave).total_seconds()
    for start, end in absences:
        if start <= moment < end:
            return (moment - start).total_seconds()
    return rng.uniform(0, 20)


def _answer(
    script: _Script, notify: Notify, now: datetime, rng: random.Random, counts: DayCounts
) -> None:
    """Maybe queue the person's answer to a reminder a few seconds after it appeared."""
    roll = rng.random()
    if roll < 0.12:
        answer: Event = Snooze(timedelta(minutes=rng.choice((5, 10))))
    elif roll < 0.3 and notify.kind is not Kind.POSTURE:
        answer = Done(notify.kind)
    elif roll < 0.4:
        answer = Dismissed()
    else:
        return
    name = type(answer).__name__.lower()
    counts.answers[name] = counts.answers.get(name, 0) + 1
    script.push(now + timedelta(seconds=rng.uniform(3, 30)), answer)

"""The last break taken: when sitting was last reset by a real break, for ``status``."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from sitbreak.core import (
    ActiveHours,
    ClockSetBack,
    Done,
    IdleSample,
    Kind,
    Locked,
    Policy,
    PresenceSources,
    Schedule,
    State,
    Tick,
    Unlocked,
    WokeFromSleep,
    describe,
)
from tests.core.sim import Run, at


def test_no_break_yet() -> None:
    """A fresh start knows of no break."""
    run = Run()
    run.send(Tick(), at(0))
    assert run.state.last_break_at is None
    assert describe(run.state, at(0), run.policy).last_break_at is None


def test_a_confirmed_micro_or_stretch_break_is_the_last_break() -> None:
    """'sitbreak done' (micro or stretch) ends a break now; a posture check is done sitting."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Done(Kind.MICRO), at(12))
    assert run.state.last_break_at == at(12)
    run.send(Done(Kind.POSTURE), at(30))
    assert run.state.last_break_at == at(12)
    run.send(Done(Kind.STRETCH), at(50))
    assert describe(run.state, at(55), run.policy).last_break_at == at(50)


def test_time_away_long_enough_for_a_break_ends_when_the_person_is_back() -> None:
    """Away 10:00-10:05 (idle): the break ended at 10:05; away 30 s is no break."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(62))
    run.send(IdleSample(0), at(65))
    assert run.state.last_break_at == at(65)
    run.send(Locked(), at(70))
    run.send(Unlocked(), at(70, seconds=30))
    assert run.state.last_break_at == at(65)


def test_a_suspend_counts_as_a_break() -> None:
    """Asleep for an hour: the break ended when the machine woke."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(WokeFromSleep(timedelta(hours=1)), at(90))
    assert run.state.last_break_at == at(90)


def test_the_end_of_active_hours_is_no_break() -> None:
    """Counters reset overnight outside active hours, but nobody reported standing up."""
    office = Schedule(hours=ActiveHours(time(9), time(10)))
    run = Run(policy=Policy(schedule=office))
    run.send(Tick(), at(0))
    run.send(Done(Kind.MICRO), at(30))
    run.until(at(24 * 60 + 10))
    assert run.state.sitting == timedelta(minutes=10)
    assert run.state.last_break_at == at(30)


def test_a_clock_set_back_moves_the_last_break_and_a_wait_with_it() -> None:
    """The clock ran 2 h ahead: the last break and a reminder's wait move back by as much."""
    run = Run()
    run.send(Tick(), at(120))
    run.send(PresenceSources(idle=True, lock=True, pauses=True), at(120))
    run.send(Done(Kind.MICRO), at(125))
    run.send(IdleSample(0.3), at(144, seconds=59))
    run.send(Tick(), at(145))
    assert run.state.waiting_since == at(145)
    run.send(ClockSetBack(timedelta(hours=2)), at(25, seconds=10))
    assert run.state.last_break_at == at(5)
    assert run.state.waiting_since == at(25)


def test_moments_from_a_clock_far_ahead_are_pulled_back_to_now() -> None:
    """A saved state from a clock years ahead: no last break or summed-up day in the future."""
    future = at(0) + timedelta(days=3 * 365)
    state = replace(State(), last_break_at=future, summarized_day=future.date())
    run = Run(state=state)
    run.send(Tick(), at(0))
    assert run.state.last_break_at == at(0)
    assert run.state.summarized_day is not None
    assert run.state.summarized_day <= at(0).date() + timedelta(days=1)

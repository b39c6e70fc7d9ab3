"""The effective schedule: the next reminders as they will really come, and why one moved."""

from __future__ import annotations

from datetime import time, timedelta

from sitbreak.core import (
    ActiveHours,
    Kind,
    Moved,
    Policy,
    Schedule,
    Snooze,
    Tick,
    Upcoming,
    describe,
    upcoming,
)
from tests.core.sim import Run, at


def test_defaults_show_the_spacing_and_the_repeat_that_stretch_the_hour() -> None:
    """Defaults from zero: posture 20; micro 40 (due 30, spacing); its repeat 45; stretch 65."""
    run = Run()
    run.send(Tick(), at(0))
    assert upcoming(run.state, at(0), run.policy, count=4) == (
        Upcoming(Kind.POSTURE, at(20), at(20)),
        Upcoming(Kind.MICRO, at(40), at(30), moved=Moved.SPACING),
        Upcoming(Kind.MICRO, at(45), at(30), repeat=True),
        Upcoming(Kind.STRETCH, at(65), at(60), moved=Moved.SPACING),
    )


def test_status_view_carries_the_next_three() -> None:
    """describe() lists three reminders, the first being 'next'."""
    run = Run()
    run.send(Tick(), at(0))
    view = describe(run.state, at(0), run.policy)
    assert [item.at for item in view.ahead] == [at(20), at(40), at(45)]
    assert (view.next_kind, view.next_at) == (Kind.POSTURE, at(20))


def test_a_snooze_is_named_as_the_reason() -> None:
    """Snoozed at 15 for 10 min: the posture check due at 20 comes at 25, moved by the snooze."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Snooze(), at(15))
    assert upcoming(run.state, at(15), run.policy, count=1) == (
        Upcoming(Kind.POSTURE, at(25), at(20), moved=Moved.SNOOZE),
    )


def test_after_hours_the_next_day_starts_afresh() -> None:
    """Hours 09:00-09:30: at 09:25 the next reminder is tomorrow 09:20, a plain new cycle."""
    office = Schedule(hours=ActiveHours(time(9), time(9, 30)))
    run = Run(policy=Policy(schedule=office))
    run.send(Tick(), at(0))
    run.send(Tick(), at(25))
    [first] = upcoming(run.state, at(25), run.policy, count=1)
    assert first == Upcoming(Kind.POSTURE, at(20) + timedelta(days=1), at(20) + timedelta(days=1))

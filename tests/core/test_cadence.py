"""Cadence: when each kind falls due, which one wins, and how far apart reminders are."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sitbreak.core import Kind, KindPolicy, NotifyReason, Policy, Tick, forecast, next_wakeup
from tests.core.sim import T0, Run, at

M = timedelta(minutes=1)
NO_REPEATS = Policy(max_repeats=0)


def test_first_tick_starts_counting_without_reminding() -> None:
    """The very first event only sets the clock; nothing is due yet."""
    run = Run()
    assert run.send(Tick(), at(0)) == ()
    assert next_wakeup(run.state, run.policy) == at(20)


def test_default_hour_gives_one_of_each_kind_twenty_minutes_apart() -> None:
    """Defaults: posture at :20, micro at :40 (held by the 20-minute gap), stretch at :60."""
    run = Run(policy=NO_REPEATS)
    run.send(Tick(), at(0))
    run.until(at(120))
    assert run.kinds() == [Kind.POSTURE, Kind.MICRO, Kind.STRETCH] * 2
    assert run.times() == [timedelta(minutes=m) for m in (20, 40, 60, 80, 100, 120)]


def test_larger_kind_wins_when_two_fall_due_together() -> None:
    """At 60 minutes posture and stretch are both due: only the stretch is shown."""
    run = Run(policy=NO_REPEATS)
    run.send(Tick(), at(0))
    run.until(at(60))
    assert run.shown[-1][0] == at(60)
    assert run.shown[-1][1].kind is Kind.STRETCH
    assert all(moment != at(60) or n.kind is Kind.STRETCH for moment, n in run.shown)


def test_showing_a_kind_resets_it_and_the_smaller_ones() -> None:
    """After the stretch at 60, posture counts from zero again and comes at 80."""
    run = Run(policy=NO_REPEATS)
    run.send(Tick(), at(0))
    run.until(at(60))
    assert run.state.cycles[Kind.POSTURE] == timedelta(0)
    assert run.state.cycles[Kind.MICRO] == timedelta(0)
    assert forecast(run.state, at(60), run.policy) == (Kind.POSTURE, at(80))


def test_disabled_kind_is_never_shown() -> None:
    """With posture switched off only micro and stretch appear, 30 minutes apart."""
    kinds = dict(Policy().kinds)
    kinds[Kind.POSTURE] = replace(kinds[Kind.POSTURE], enabled=False)
    run = Run(policy=Policy(kinds=kinds, max_repeats=0))
    run.send(Tick(), at(0))
    run.until(at(120))
    assert run.kinds() == [Kind.MICRO, Kind.STRETCH, Kind.MICRO, Kind.STRETCH]
    assert run.times() == [timedelta(minutes=m) for m in (30, 60, 90, 120)]


def test_ignored_reminder_repeats_a_bounded_number_of_times() -> None:
    """An unanswered micro-break comes back every 5 minutes, at most twice, then lets go."""
    kinds = {
        Kind.POSTURE: KindPolicy(False, 20 * M, M),
        Kind.MICRO: KindPolicy(True, 30 * M, M),
        Kind.STRETCH: KindPolicy(False, 60 * M, 3 * M),
    }
    run = Run(policy=Policy(kinds=kinds, max_repeats=2, repeat_after=5 * M))
    run.send(Tick(), at(0))
    run.until(at(50))
    assert run.times() == [timedelta(minutes=m) for m in (30, 35, 40)]
    assert [n.reason for _, n in run.shown] == [
        NotifyReason.DUE,
        NotifyReason.REPEAT,
        NotifyReason.REPEAT,
    ]
    assert run.state.pending is None


def test_posture_checks_are_never_repeated() -> None:
    """A posture check is done in place; it is shown once and not nagged about."""
    run = Run(policy=Policy(max_repeats=3))
    run.send(Tick(), at(0))
    run.until(at(39))
    assert run.times() == [timedelta(minutes=20)]


def test_second_resolution_cadence_for_demos() -> None:
    """Intervals down to one second work: posture every 2 s fires at 2, 4, 6 s."""
    kinds = {
        Kind.POSTURE: KindPolicy(True, timedelta(seconds=2), timedelta(seconds=1)),
        Kind.MICRO: KindPolicy(False, 30 * M, M),
        Kind.STRETCH: KindPolicy(False, 60 * M, 3 * M),
    }
    run = Run(policy=Policy(kinds=kinds, max_repeats=0))
    run.send(Tick(), T0)
    run.until(at(seconds=7))
    assert run.times() == [timedelta(seconds=s) for s in (2, 4, 6)]

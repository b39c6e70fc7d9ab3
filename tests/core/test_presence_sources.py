"""Presence sources: an absence that nothing running could ever end is over at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sitbreak.core import (
    Away,
    AwayCause,
    IdleSample,
    Kind,
    Locked,
    Notify,
    Presence,
    PresenceSources,
    Record,
    Tick,
    next_wakeup,
)
from tests.core.sim import Run, at

M = timedelta(minutes=1)
NO_SOURCES = PresenceSources(idle=False, lock=False)


def test_away_state_without_idle_source_comes_back_and_reminds() -> None:
    """Saved as away, restarted with idle detection off: present at once, reminded at 20 min."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(10))  # away since 8, as saved when the daemon stopped
    assert run.state.presence is Presence.IDLE
    effects = run.send(NO_SOURCES, at(30))
    assert run.state.presence is Presence.PRESENT
    away = [e.entry for e in effects if isinstance(e, Record) and isinstance(e.entry, Away)]
    assert away == [Away(at(8), at(30), AwayCause.IDLE, tuple(Kind.by_size()))]
    assert next_wakeup(run.state, run.policy) == at(50)
    run.until(at(50))
    assert [(moment, notify.kind) for moment, notify in run.shown] == [(at(50), Kind.POSTURE)]


def test_locked_state_without_lock_source_comes_back() -> None:
    """Locked when the lock source went away: nothing can report the unlock, so present."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Locked(), at(10))
    run.send(PresenceSources(idle=True, lock=False), at(12))
    assert run.state.presence is Presence.PRESENT
    assert run.state.away_since is None


def test_idle_state_survives_a_working_idle_source() -> None:
    """An idle backend that runs can still report the return: the person stays away."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(10))
    run.send(PresenceSources(idle=True, lock=False), at(11))
    assert run.state.presence is Presence.IDLE


def test_idle_sample_without_idle_source_does_not_leave_the_person_away() -> None:
    """A late sample after idle detection stopped is undone in the same step."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(NO_SOURCES, at(1))
    run.send(IdleSample(300), at(10))
    assert run.state.presence is Presence.PRESENT
    assert not run.state.idle_watched


def test_sources_coming_back_let_idleness_count_again() -> None:
    """Idle detection back on: a long idle reading makes the person away again."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(NO_SOURCES, at(1))
    run.send(PresenceSources(idle=True, lock=True), at(2))
    run.send(IdleSample(120), at(10))
    assert run.state.presence is Presence.IDLE


def test_a_restored_away_state_keeps_reminding_with_every_cadence() -> None:
    """Away forever was the bug: with no sources, reminders keep coming all morning."""
    run = Run()
    run.state = replace(run.state, updated_at=at(-60), presence=Presence.IDLE, away_since=at(-65))
    run.send(NO_SOURCES, at(0))
    run.until(at(120))
    assert sum(isinstance(e, Notify) for e in run.effects) >= 4

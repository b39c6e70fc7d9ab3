"""Presence: idle, lock and suspend count as time away; natural breaks reset the right kinds."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.core import (
    Away,
    AwayCause,
    BusyChanged,
    IdleSample,
    Kind,
    Locked,
    Notify,
    NotifyReason,
    Outcome,
    Presence,
    Record,
    Resolution,
    SittingStretch,
    Tick,
    Unlocked,
    WokeFromSleep,
    forecast,
    next_wakeup,
)
from tests.core.sim import Run, at

M = timedelta(minutes=1)


def records(effects: object) -> list[object]:
    """The history entries among some effects."""
    return [e.entry for e in effects if isinstance(e, Record)]  # type: ignore[attr-defined]


def test_short_idle_still_counts_as_sitting() -> None:
    """Reading for 40 s without touching anything is still sitting."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(40), at(10))
    assert run.state.presence is Presence.PRESENT
    assert run.state.sitting == 10 * M


def test_idle_past_the_threshold_takes_back_the_idle_time() -> None:
    """Idle for 2 min at minute 10: the person left at minute 8, so only 8 min were sitting."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(10))
    assert run.state.presence is Presence.IDLE
    assert run.state.away_since == at(8)
    assert run.state.sitting == 8 * M
    assert run.state.cycles[Kind.STRETCH] == 8 * M


def test_natural_micro_break_resets_posture_and_micro_but_not_stretch() -> None:
    """Away for 2 minutes (micro break length 1 min, stretch 3 min): stretch keeps counting."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(60), at(25))
    effects = run.send(IdleSample(1), at(26, seconds=1))
    assert run.state.presence is Presence.PRESENT
    assert run.state.cycles[Kind.POSTURE] == timedelta(seconds=1)
    assert run.state.cycles[Kind.MICRO] == timedelta(seconds=1)
    assert run.state.cycles[Kind.STRETCH] == 24 * M + timedelta(seconds=1)
    away = [r for r in records(effects) if isinstance(r, Away)]
    assert away == [Away(at(24), at(26), AwayCause.IDLE, (Kind.POSTURE, Kind.MICRO))]
    stretch = [r for r in records(effects) if isinstance(r, SittingStretch)]
    assert stretch == [SittingStretch(at(0), at(24), 24 * M)]


def test_long_break_resets_every_kind() -> None:
    """Away five minutes covers the stretch's 3-minute break length too."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(90), at(50))
    run.send(IdleSample(2), at(55))
    assert all(run.state.cycles[k] == timedelta(seconds=2) for k in Kind)
    assert forecast(run.state, at(55), run.policy) == (Kind.POSTURE, at(74, seconds=58))


def test_no_reminder_fires_at_an_empty_chair() -> None:
    """The person left at 15 and is still away at 20: the posture check waits for them."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(300), at(20))
    assert run.shown == []
    assert next_wakeup(run.state, run.policy) is None


def test_due_reminder_is_held_while_idle_and_only_fires_if_still_due() -> None:
    """Idle 30 s is not away, so it fires; away across the due time, the break cancels it."""
    short = Run()
    short.send(Tick(), at(0))
    short.send(IdleSample(30), at(20))  # 30 s idle < 60 s threshold: present, posture fires
    assert [n.kind for _, n in short.shown] == [Kind.POSTURE]

    long = Run()
    long.send(Tick(), at(0))
    long.until(at(29))
    long.send(IdleSample(65), at(31))  # left at 29:55, so micro (due at 30 of sitting) is not
    long.send(IdleSample(0), at(40))
    assert [n.kind for _, n in long.shown] == [Kind.POSTURE]
    assert long.state.cycles[Kind.MICRO] == timedelta(0)


def test_natural_break_answers_the_pending_reminder() -> None:
    """A micro-break reminder followed by two minutes away is recorded as a natural break."""
    run = Run()
    run.send(Tick(), at(0))
    run.until(at(40))
    assert run.state.pending is not None
    assert run.state.pending.kind is Kind.MICRO
    run.send(IdleSample(61), at(42))
    effects = run.send(IdleSample(0), at(43))
    assert Outcome(Kind.MICRO, Resolution.NATURAL_BREAK, at(43)) in records(effects)
    assert run.state.pending is None


def test_locked_screen_counts_as_away_until_unlocked() -> None:
    """Lock for 10 minutes: every kind resets; input on the lock screen does not end it."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Locked(), at(45))
    run.send(IdleSample(0), at(47))
    assert run.state.presence is Presence.LOCKED
    run.send(Unlocked(), at(55))
    assert run.state.presence is Presence.PRESENT
    assert all(run.state.cycles[k] == timedelta(0) for k in Kind)


def test_lock_while_idle_keeps_the_earlier_start() -> None:
    """Idle from 40, locked at 43: the absence began at 40."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(42))
    run.send(Locked(), at(43))
    assert run.state.presence is Presence.LOCKED
    assert run.state.away_since == at(40)


def test_suspend_gap_gives_no_burst_of_stale_reminders() -> None:
    """Two hours asleep: nothing fires on waking, every timer restarts from zero."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Tick(), at(15))
    effects = run.send(WokeFromSleep(timedelta(hours=2)), at(135))
    assert not [e for e in effects if isinstance(e, Notify)]
    assert all(run.state.cycles[k] == timedelta(0) for k in Kind)
    assert run.state.sitting == timedelta(0)
    assert forecast(run.state, at(135), run.policy) == (Kind.POSTURE, at(155))


def test_suspend_gap_is_not_counted_as_sitting() -> None:
    """A 30-second suspend is too short to be a break, and it is not sitting either."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(WokeFromSleep(timedelta(seconds=30)), at(10))
    assert run.state.sitting == 10 * M - timedelta(seconds=30)


def test_clock_going_backwards_never_makes_sitting_negative() -> None:
    """A clock set back an hour counts nothing, and counting goes on from the new time."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Tick(), at(10))
    run.send(Tick(), at(-50))
    assert run.state.sitting == 10 * M
    run.send(Tick(), at(-45))
    assert run.state.sitting == 15 * M


def test_busy_holds_the_reminder_and_releases_it_with_the_sitting_time() -> None:
    """Busy from 10 to 100: nothing shows; when free, one stretch (largest due) says how long."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(BusyChanged(frozenset({"call"})), at(10))
    assert next_wakeup(run.state, run.policy) is None  # nothing to wake for until free
    assert run.shown == []
    effects = run.send(BusyChanged(frozenset()), at(100))
    shown = [e for e in effects if isinstance(e, Notify)]
    assert shown == [Notify(Kind.STRETCH, NotifyReason.HELD, 100 * M)]


def test_natural_break_while_busy_cancels_the_held_reminder() -> None:
    """Held during a call, then the person walked away for 5 minutes: nothing to release."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(BusyChanged(frozenset({"dnd"})), at(10))
    run.send(IdleSample(300), at(75))
    run.send(IdleSample(0), at(76))
    run.send(BusyChanged(frozenset()), at(77))
    assert run.shown == []

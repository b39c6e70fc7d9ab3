"""Waiting for a pause in input: a due reminder comes in the first pause, or at the window's end."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sitbreak.core import (
    Activity,
    BusyChanged,
    ConfigChanged,
    Done,
    IdleSample,
    Kind,
    Locked,
    NotifyReason,
    Pause,
    Policy,
    PresenceSources,
    Record,
    ReminderShown,
    Resume,
    Snooze,
    Tick,
    Unlocked,
    describe,
    next_wakeup,
)
from tests.core.sim import Run, at

S = timedelta(seconds=1)
PAUSES = PresenceSources(idle=True, lock=True, pauses=True)
TYPING = IdleSample(0.4)  # a key pressed less than a second ago


def typing_at_twenty(policy: Policy | None = None) -> Run:
    """Sitting from 09:00, pauses reported; typing when the posture check falls due at 09:20."""
    run = Run(policy=policy or Policy())
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(TYPING, at(20, seconds=-0.1))  # the reading taken right before the timer wakes
    run.send(Tick(), at(20))
    return run


def test_without_a_source_that_reports_pauses_the_reminder_shows_at_once() -> None:
    """No source can tell a pause (no idle backend, or one that cannot): shown when due."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PresenceSources(idle=True, lock=True), at(0))
    run.send(TYPING, at(20, seconds=-0.1))
    run.send(Tick(), at(20))
    assert [(moment, notify.kind) for moment, notify in run.shown] == [(at(20), Kind.POSTURE)]


def test_a_reminder_due_while_typing_waits_for_a_pause() -> None:
    """Due at 20:00 while typing: nothing shown, the state says so, the timer wakes at 21:30."""
    run = typing_at_twenty()
    assert run.shown == []
    assert run.state.waiting_since == at(20)
    view = describe(run.state, at(20), run.policy)
    assert view.activity is Activity.WAITING_FOR_PAUSE
    assert view.waiting_until == at(21, seconds=30)
    assert next_wakeup(run.state, run.policy) == at(21, seconds=30)


def test_the_reminder_appears_in_the_first_pause_of_three_seconds() -> None:
    """Readings of 1 s and 2.9 s idle are typing; the one of 3.2 s shows the reminder then."""
    run = typing_at_twenty()
    run.send(IdleSample(1.0), at(20, seconds=10))
    run.send(IdleSample(2.9), at(20, seconds=11))
    assert run.shown == []
    run.send(IdleSample(3.2), at(20, seconds=12))
    assert [(moment, notify.kind) for moment, notify in run.shown] == [
        (at(20, seconds=12), Kind.POSTURE)
    ]
    shown = [e.entry for e in run.effects if isinstance(e, Record)]
    assert ReminderShown(Kind.POSTURE, NotifyReason.DUE, at(20), at(20, seconds=12)) in shown
    assert run.state.waiting_since is None


def test_with_no_pause_the_reminder_appears_at_the_end_of_the_window() -> None:
    """Typing on without a gap: shown exactly 90 s after it fell due, still as "due"."""
    run = typing_at_twenty()
    for second in range(1, 90):
        run.send(IdleSample(0.5), at(20, seconds=second))
    assert run.shown == []
    run.until(at(21, seconds=30))
    assert [(moment, notify.reason) for moment, notify in run.shown] == [
        (at(21, seconds=30), NotifyReason.DUE)
    ]


def test_a_pause_already_going_on_when_due_shows_it_at_once() -> None:
    """The reading right before the timer wakes says 5 s without input: no waiting at all."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(5.0), at(20, seconds=-0.1))
    run.send(Tick(), at(20))
    assert [moment for moment, _ in run.shown] == [at(20)]


def test_a_pause_reported_by_a_watch_stands_until_input_is_reported() -> None:
    """A watch said "3 s idle" at 19:50 and nothing since: the person is still pausing at 20:00."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(3.0), at(19, seconds=50))
    run.send(Tick(), at(20))
    assert [moment for moment, _ in run.shown] == [at(20)]


def test_input_after_a_pause_ends_it() -> None:
    """A pause reported, then input reported: the reminder due next waits again."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(4.0), at(19))
    run.send(IdleSample(0.0), at(19, seconds=30))
    run.send(Tick(), at(20))
    assert run.shown == []
    assert run.state.waiting_since == at(20)


def test_zero_window_shows_at_once() -> None:
    """``wait_for_pause = "0s"`` turns the rule off."""
    run = typing_at_twenty(Policy(wait_for_pause=timedelta(0)))
    assert [moment for moment, _ in run.shown] == [at(20)]


def test_losing_the_pause_source_shows_the_waiting_reminder() -> None:
    """The source that reports pauses stops: nothing could end the wait early, so show it now."""
    run = typing_at_twenty()
    run.send(PresenceSources(idle=True, lock=True, pauses=False), at(20, seconds=30))
    assert [moment for moment, _ in run.shown] == [at(20, seconds=30)]


def test_never_shown_while_busy_and_shown_once_free_after_the_window() -> None:
    """A call starts while it waits: not shown at the window's end; shown at once when free."""
    run = typing_at_twenty()
    run.send(BusyChanged(frozenset({"call"})), at(20, seconds=30))
    run.send(IdleSample(10.0), at(20, seconds=40))  # listening, not typing: still busy
    run.until(at(30))
    assert run.shown == []
    run.send(BusyChanged(frozenset()), at(30))
    assert [moment for moment, _ in run.shown] == [at(30)]


def test_busy_for_a_moment_inside_the_window_keeps_the_same_window() -> None:
    """Busy 20:10-20:40, then typing: the window still ends at 21:30, not 90 s after the call."""
    run = typing_at_twenty()
    run.send(BusyChanged(frozenset({"dnd"})), at(20, seconds=10))
    run.send(BusyChanged(frozenset()), at(20, seconds=40))
    assert run.shown == []
    assert next_wakeup(run.state, run.policy) == at(21, seconds=30)


def test_never_shown_while_locked_and_the_window_does_not_restart_on_return() -> None:
    """Locked 21:00-21:50 (too short for a break): shown on the unlock, the window having ended."""
    run = typing_at_twenty()
    run.send(Locked(), at(21))
    run.until(at(21, seconds=40))
    assert run.shown == []
    run.send(Unlocked(), at(21, seconds=50))
    assert [moment for moment, _ in run.shown] == [at(21, seconds=50)]


def test_unlocking_inside_the_window_counts_as_input() -> None:
    """A pause reported, then a short lock and an unlock: typing the password is input."""
    run = typing_at_twenty()
    run.send(Locked(), at(20, seconds=5))
    run.send(Unlocked(), at(20, seconds=20))
    assert run.shown == []
    assert run.state.quiet_since is None


def test_going_away_long_enough_takes_the_break_and_ends_the_wait() -> None:
    """Idle for 2 minutes while it waits: the posture break is taken, nothing is shown."""
    run = typing_at_twenty()
    run.send(IdleSample(120.0), at(22, seconds=20))
    run.send(IdleSample(0.0), at(22, seconds=30))
    assert run.shown == []
    assert run.state.waiting_since is None
    assert describe(run.state, at(22, seconds=30), run.policy).activity is Activity.ACTIVE


def test_a_break_confirmed_while_waiting_ends_the_wait() -> None:
    """'sitbreak done' while the reminder waits: nothing is due, so nothing waits."""
    run = typing_at_twenty()
    run.send(Done(Kind.MICRO), at(20, seconds=20))
    assert run.state.waiting_since is None
    run.until(at(21, seconds=30))
    assert run.shown == []


def test_snooze_while_waiting_forgets_the_window() -> None:
    """Snoozed for 5 min while it waits: after the snooze it waits a whole window again."""
    run = typing_at_twenty()
    run.send(Snooze(timedelta(minutes=5)), at(20, seconds=30))
    assert run.state.waiting_since is None
    run.until(at(25, seconds=30))
    assert run.shown == []
    assert run.state.waiting_since == at(25, seconds=30)
    run.until(at(27))
    assert [moment for moment, _ in run.shown] == [at(27)]


def test_pause_while_waiting_forgets_the_window() -> None:
    """Paused and resumed: the reminder, still due, waits a whole window from the resume."""
    run = typing_at_twenty()
    run.send(Pause(), at(20, seconds=30))
    assert run.state.waiting_since is None
    run.send(Resume(), at(30))
    assert run.state.waiting_since == at(30)
    assert next_wakeup(run.state, run.policy) == at(31, seconds=30)


def test_a_repeat_waits_for_a_pause_too() -> None:
    """An ignored micro-break comes again after 5 min, but not in the middle of typing."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(5.0), at(19))  # a pause reported, and no input reported since
    run.until(at(40))
    assert [(moment, notify.kind) for moment, notify in run.shown] == [
        (at(20), Kind.POSTURE),
        (at(40), Kind.MICRO),
    ]
    run.send(TYPING, at(44, seconds=59))
    run.until(at(45))
    assert len(run.shown) == 2  # posture at 20, micro at 40: the repeat waits
    run.send(IdleSample(3.5), at(45, seconds=20))
    assert [(moment, notify.reason) for moment, notify in run.shown][-1] == (
        at(45, seconds=20),
        NotifyReason.REPEAT,
    )


def test_a_reminder_held_by_spacing_is_still_held_after_waiting() -> None:
    """Due at 30 but ready at 40 (spacing): shown in a pause at 40:05, reason "held"."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(4.0), at(20))
    run.until(at(20))
    run.send(TYPING, at(40))
    run.until(at(40))
    run.send(IdleSample(3.0), at(40, seconds=5))
    assert [(moment, notify.kind, notify.reason) for moment, notify in run.shown] == [
        (at(20), Kind.POSTURE, NotifyReason.DUE),
        (at(40, seconds=5), Kind.MICRO, NotifyReason.HELD),
    ]


def test_a_longer_window_from_new_settings_applies_to_the_waiting_reminder() -> None:
    """The window is measured from when it became ready, with whatever the settings say now."""
    run = typing_at_twenty()
    run.policy = replace(run.policy, wait_for_pause=timedelta(minutes=3))
    run.send(ConfigChanged(), at(21))
    assert next_wakeup(run.state, run.policy) == at(23)


def test_the_forecast_does_not_guess_when_the_pause_comes() -> None:
    """While waiting, the next reminder is the waiting one, ready now; later ones are not moved."""
    run = typing_at_twenty()
    view = describe(run.state, at(20, seconds=30), run.policy)
    assert view.next_kind is Kind.POSTURE
    assert view.next_at == at(20, seconds=30)
    assert [item.at for item in view.ahead[1:]] == [at(40, seconds=30), at(45, seconds=30)]
    assert run.state.waiting_since == at(20)  # describing changed nothing


def test_losing_the_pause_source_while_busy_forgets_the_window() -> None:
    """Busy, then the source that reports pauses stops: nothing waits for a pause any more."""
    run = typing_at_twenty()
    run.send(BusyChanged(frozenset({"dnd"})), at(20, seconds=10))
    run.send(PresenceSources(idle=True, lock=False, pauses=False), at(20, seconds=20))
    assert run.state.waiting_since is None
    run.send(BusyChanged(frozenset()), at(25))
    assert [moment for moment, _ in run.shown] == [at(25)]


def test_a_snoozed_reminder_answered_while_it_waits_leaves_nothing_waiting() -> None:
    """A snooze runs out while typing (the reminder waits), then 'done': the micro-break due
    meanwhile is held by the spacing, so nothing waits and the timer does not spin."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(PAUSES, at(0))
    run.send(IdleSample(5.0), at(19))
    run.until(at(20))
    run.send(Snooze(), at(20))
    run.send(TYPING, at(29))
    run.until(at(30))
    assert run.state.waiting_since == at(30)  # the snoozed posture check waits
    run.send(Done(), at(30, seconds=10))
    assert run.state.waiting_since is None
    wake = next_wakeup(run.state, run.policy)
    assert wake == at(40)  # the micro-break, 20 min after the posture check

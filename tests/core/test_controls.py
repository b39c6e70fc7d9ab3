"""What a person does: snooze, pause, resume, skip, done, dismiss, and a changed config."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sitbreak.core import (
    Activity,
    ConfigChanged,
    Dismissed,
    Done,
    HoldReleased,
    Kind,
    NotifyReason,
    Outcome,
    Pause,
    Policy,
    Record,
    Rejected,
    Resolution,
    Resume,
    Skip,
    Snooze,
    Tick,
    describe,
    forecast,
    next_wakeup,
)
from tests.core.sim import Run, at

M = timedelta(minutes=1)


def outcomes(effects: tuple[object, ...]) -> list[Outcome]:
    """The outcomes recorded among some effects."""
    return [e.entry for e in effects if isinstance(e, Record) and isinstance(e.entry, Outcome)]


def rejected(effects: tuple[object, ...]) -> list[str]:
    """The reasons of any rejection among some effects."""
    return [e.reason for e in effects if isinstance(e, Rejected)]


def micro_pending() -> Run:
    """A run whose micro-break reminder was just shown at minute 40."""
    run = Run()
    run.send(Tick(), at(0))
    run.until(at(40))
    assert run.state.pending is not None
    assert run.state.pending.kind is Kind.MICRO
    return run


def test_snooze_shows_the_same_reminder_again_later() -> None:
    """Snoozing the micro-break for 10 minutes brings it back at 50, marked as snoozed."""
    run = micro_pending()
    effects = run.send(Snooze(), at(41))
    assert outcomes(effects) == [Outcome(Kind.MICRO, Resolution.SNOOZED, at(41))]
    assert describe(run.state, at(41), run.policy).activity is Activity.SNOOZED
    run.until(at(51))
    assert run.shown[-1] == (at(51), run.shown[-1][1])
    assert run.shown[-1][1].kind is Kind.MICRO
    assert run.shown[-1][1].reason is NotifyReason.SNOOZED


def test_snooze_limit_in_a_row_is_enforced() -> None:
    """The fourth snooze in a row is refused with a sentence that says why."""
    run = micro_pending()
    for minute in (41, 52, 63):
        assert rejected(run.send(Snooze(10 * M), at(minute))) == []
        run.until(at(minute + 10))
    refusal = rejected(run.send(Snooze(), at(74)))
    assert refusal == ["Snoozed 3 times in a row; take the break or skip it."]


def test_a_snooze_longer_than_twelve_hours_is_refused_and_says_to_pause() -> None:
    """`snooze 30d` is not a snooze: refused, nothing held, the reminder still pending."""
    run = micro_pending()
    refusal = rejected(run.send(Snooze(timedelta(days=30)), at(41)))
    assert refusal == [
        "A snooze lasts at most 12 hours; to stop reminders for longer,"
        " pause them ('sitbreak pause 2d', or --until HH:MM)."
    ]
    assert run.state.snoozed_until is None
    assert rejected(run.send(Snooze(timedelta(hours=12)), at(42))) == []


def test_snooze_count_restarts_after_a_break() -> None:
    """Done resets the snoozes-in-a-row count."""
    run = micro_pending()
    run.send(Snooze(), at(41))
    run.send(Done(), at(45))
    assert run.state.snoozes_in_a_row == 0


def test_snooze_without_a_pending_reminder_is_a_quiet_window() -> None:
    """Snooze at 15 for 10 min: the posture check due at 20 waits until 25."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Snooze(), at(15))
    run.until(at(30))
    assert run.times() == [25 * M]
    assert run.shown[0][1].reason is NotifyReason.HELD


def test_pause_stops_counting_and_reminding_until_resume() -> None:
    """Paused from 10 to 70: no reminders, no sitting; counting resumes where it stopped."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Pause(), at(10))
    run.until(at(70))
    assert run.shown == []
    assert next_wakeup(run.state, run.policy) is None
    assert describe(run.state, at(70), run.policy).activity is Activity.PAUSED
    run.send(Resume(), at(70))
    assert run.state.sitting == 10 * M
    assert forecast(run.state, at(70), run.policy) == (Kind.POSTURE, at(80))


def test_pause_until_a_time_ends_by_itself() -> None:
    """A pause until minute 30 wakes the timer at 30 and counting goes on from there."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Pause(until=at(30)), at(5))
    assert next_wakeup(run.state, run.policy) == at(30)
    run.until(at(45))
    assert not run.state.paused
    assert run.times() == [45 * M]  # 5 min before + 15 after = posture's 20


def test_pause_until_the_past_is_rejected() -> None:
    """Pausing until a time that has passed changes nothing and says so."""
    run = Run()
    run.send(Tick(), at(0))
    assert rejected(run.send(Pause(until=at(-1)), at(5))) == ["That time has already passed."]
    assert not run.state.paused


def test_resume_ends_a_snooze_and_shows_the_snoozed_reminder() -> None:
    """Resume during a snooze brings the snoozed reminder back at once."""
    run = micro_pending()
    run.send(Snooze(), at(41))
    effects = run.send(Resume(), at(43))
    assert [n.kind for _, n in run.shown][-1] is Kind.MICRO
    assert run.shown[-1][0] == at(43)
    assert not rejected(effects)


def test_resume_says_whether_it_released_a_hold() -> None:
    """Resume releases a pause or a snooze (HoldReleased, for the reply); with none, nothing."""
    run = Run()
    run.send(Tick(), at(0))
    assert not [e for e in run.send(Resume(), at(5)) if isinstance(e, HoldReleased)]
    run.send(Pause(), at(6))
    assert HoldReleased() in run.send(Resume(), at(7))
    run = micro_pending()
    run.send(Snooze(), at(41))
    assert HoldReleased() in run.send(Resume(), at(42))


def test_skip_drops_the_pending_reminder_and_keeps_counting() -> None:
    """Skip after the micro-break reminder: recorded, no repeat, stretch still at 60."""
    run = micro_pending()
    effects = run.send(Skip(), at(41))
    assert outcomes(effects) == [Outcome(Kind.MICRO, Resolution.SKIPPED, at(41))]
    assert run.state.pending is None
    assert forecast(run.state, at(41), run.policy) == (Kind.STRETCH, at(60))


def test_skip_with_nothing_showing_is_refused() -> None:
    """Skip at minute 5 has nothing to drop; it says so and changes nothing."""
    run = Run()
    run.send(Tick(), at(0))
    effects = run.send(Skip(), at(5))
    assert rejected(effects) == ["No reminder is showing or waiting; there is nothing to skip."]
    assert forecast(run.state, at(5), run.policy) == (Kind.POSTURE, at(20))


def test_skip_drops_a_reminder_held_by_a_snooze() -> None:
    """Snoozed at 15 (quiet window), skip at 22 drops the held posture check."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Snooze(), at(15))
    effects = run.send(Skip(), at(22))
    assert outcomes(effects) == [Outcome(Kind.POSTURE, Resolution.SKIPPED, at(22))]
    assert run.state.cycles[Kind.POSTURE] == 0 * M


def test_done_resets_that_kind_and_the_smaller_ones_and_the_sitting_time() -> None:
    """Done micro at 25: posture and micro restart, stretch keeps its 25 minutes."""
    run = Run()
    run.send(Tick(), at(0))
    effects = run.send(Done(Kind.MICRO), at(25))
    assert outcomes(effects) == [Outcome(Kind.MICRO, Resolution.DONE, at(25))]
    assert run.state.cycles == {Kind.POSTURE: 0 * M, Kind.MICRO: 0 * M, Kind.STRETCH: 25 * M}
    assert run.state.sitting == 0 * M


def test_done_posture_keeps_the_sitting_time() -> None:
    """A posture check is done seated: sitting time goes on."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Done(Kind.POSTURE), at(25))
    assert run.state.sitting == 25 * M


def test_done_without_a_kind_answers_the_pending_reminder() -> None:
    """`done` alone after the stretch reminder counts as the stretch."""
    run = Run(policy=Policy(max_repeats=0))
    run.send(Tick(), at(0))
    run.until(at(60))
    effects = run.send(Done(), at(62))
    assert outcomes(effects) == [Outcome(Kind.STRETCH, Resolution.DONE, at(62))]
    assert run.state.pending is None


def test_dismissed_reminder_is_not_repeated() -> None:
    """Closing the notification answers it: recorded as dismissed, no repeat follows."""
    run = micro_pending()
    effects = run.send(Dismissed(), at(41))
    assert outcomes(effects) == [Outcome(Kind.MICRO, Resolution.DISMISSED, at(41))]
    run.until(at(59))
    assert run.times()[-1] == 40 * M


def test_config_change_drops_a_pending_reminder_of_a_disabled_kind() -> None:
    """Switching micro-breaks off forgets the pending one and its count."""
    run = micro_pending()
    kinds = dict(run.policy.kinds)
    kinds[Kind.MICRO] = replace(kinds[Kind.MICRO], enabled=False)
    run.policy = Policy(kinds=kinds)
    run.send(ConfigChanged(), at(41))
    assert run.state.pending is None
    assert run.state.cycles[Kind.MICRO] == 0 * M


def test_config_change_to_a_shorter_cadence_applies_at_once() -> None:
    """At minute 12, posture every 10 min: the check is due, so it shows now."""
    run = Run()
    run.send(Tick(), at(0))
    kinds = dict(run.policy.kinds)
    kinds[Kind.POSTURE] = replace(kinds[Kind.POSTURE], every=10 * M)
    run.policy = Policy(kinds=kinds)
    run.send(ConfigChanged(), at(12))
    assert run.times() == [12 * M]


def test_snooze_while_paused_is_rejected() -> None:
    """There is nothing to snooze while paused."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(Pause(), at(1))
    assert rejected(run.send(Snooze(), at(2))) == [
        "Reminders are paused; there is nothing to snooze."
    ]

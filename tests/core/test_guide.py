"""A guided break: a state of its own, the break itself, and done at its last step."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.core import (
    Activity,
    Away,
    ClockSetBack,
    Done,
    GuideEnded,
    GuideStarted,
    GuideStep,
    IdleSample,
    Kind,
    KindPolicy,
    Locked,
    Notify,
    NotifyReason,
    Outcome,
    Pause,
    Policy,
    Presence,
    Record,
    Rejected,
    Resolution,
    SittingStretch,
    Skip,
    Snooze,
    StartGuide,
    Tick,
    WokeFromSleep,
    describe,
    kind_to_guide,
    next_wakeup,
    upcoming,
)
from tests.core.sim import Run, at

HALF_MINUTE = timedelta(seconds=30)
STRETCH_STEPS = (HALF_MINUTE,) * 6  # left and right, three rounds: 3 minutes
MICRO_STEPS = (timedelta(seconds=60), timedelta(seconds=60))


def stretch_on_screen() -> Run:
    """Sitting from 09:00; the stretch break is shown at 10:00 and nobody has answered it."""
    run = Run(policy=only(Kind.STRETCH))
    run.send(Tick(), at(0))
    run.until(at(60))
    assert run.kinds() == [Kind.STRETCH]
    assert run.state.pending is not None
    return run


def only(*kinds: Kind) -> Policy:
    """The default policy with every other kind switched off."""
    return Policy(
        kinds={
            kind: KindPolicy(kind in kinds, cadence.every, cadence.break_length)
            for kind, cadence in Policy().kinds.items()
        }
    )


def records(effects: tuple[object, ...] | list[object]) -> list[object]:
    """The history entries among ``effects``."""
    return [effect.entry for effect in effects if isinstance(effect, Record)]


def test_start_answers_the_reminder_on_screen_and_becomes_a_state() -> None:
    """Start at 10:00:05: the stretch on screen is answered, status says step 1 of 6."""
    run = stretch_on_screen()
    effects = run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    assert GuideStarted(Kind.STRETCH, at(60, seconds=5)) in effects
    assert run.state.pending is None
    view = describe(run.state, at(60, seconds=5), run.policy)
    assert view.activity is Activity.GUIDED
    assert view.guide is not None
    assert (view.guide.kind, view.guide.step, view.guide.steps) == (Kind.STRETCH, 1, 6)
    assert view.guide.step_ends_at == at(60, seconds=35)
    assert view.guide.ends_at == at(63, seconds=5)
    assert next_wakeup(run.state, run.policy) == at(60, seconds=35)  # the first step's end


def test_status_follows_the_steps_by_the_clock() -> None:
    """At 10:00:40 the guide is on step 2 of 6, at 10:02:50 on step 6 of 6."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    second = describe(run.state, at(60, seconds=40), run.policy).guide
    last = describe(run.state, at(62, seconds=50), run.policy).guide
    assert second is not None
    assert last is not None
    assert (second.step, second.step_ends_at) == (2, at(61, seconds=5))
    assert (last.step, last.step_ends_at) == (6, at(63, seconds=5))


def test_the_timer_wakes_at_each_step_and_each_step_is_announced_once() -> None:
    """Woken at each step's end: steps 2 to 6 announced at 10:00:35, 10:01:05, ... 10:02:35."""
    run = stretch_on_screen()
    started = run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    [first] = [effect for effect in started if isinstance(effect, GuideStep)]
    assert (first.view.step, first.view.steps, first.at) == (1, 6, at(60, seconds=5))
    announced = []
    wakes = []
    while run.state.guide is not None:
        wake = next_wakeup(run.state, run.policy)
        assert wake is not None
        wakes.append(wake)
        announced += [e for e in run.send(Tick(), wake) if isinstance(e, GuideStep)]
        run.send(IdleSample(1), wake)  # a second look at the same moment announces nothing new
    assert wakes == [at(60, seconds=35 + 30 * n) for n in range(6)]
    assert [(e.view.step, e.at, e.view.step_ends_at) for e in announced] == [
        (n, at(60, seconds=5 + 30 * (n - 1)), at(60, seconds=5 + 30 * n)) for n in range(2, 7)
    ]


def test_a_late_wake_announces_only_the_step_under_way() -> None:
    """Woken at 10:01:50 instead of 10:00:35: step 4 is announced, 15 s of it left; 2, 3 never."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    [late] = [e for e in run.send(Tick(), at(61, seconds=50)) if isinstance(e, GuideStep)]
    assert (late.view.step, late.view.step_ends_at - late.at) == (4, timedelta(seconds=15))
    assert not [e for e in run.send(Tick(), at(61, seconds=55)) if isinstance(e, GuideStep)]


def test_the_last_step_records_the_break_as_done() -> None:
    """The timer wakes at the guide's end: stretch done then, the bout ends at the start."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    run.send(Tick(), at(62, seconds=40))  # on the last step
    wake = next_wakeup(run.state, run.policy)
    assert wake == at(63, seconds=5)
    effects = run.send(Tick(), wake)
    assert GuideEnded(Kind.STRETCH, at(63, seconds=5), completed=True) in effects
    assert not any(isinstance(effect, GuideStep) for effect in effects)
    assert records(effects) == [
        SittingStretch(at(0), at(60, seconds=5), timedelta(minutes=60, seconds=5)),
        Outcome(Kind.STRETCH, Resolution.DONE, at(63, seconds=5)),
    ]
    state = run.state
    assert state.guide is None
    assert state.sitting == timedelta(0)
    assert state.last_break_at == at(63, seconds=5)
    assert all(spent == timedelta(0) for spent in state.cycles.values())
    assert describe(state, at(63, seconds=5), run.policy).activity is Activity.ACTIVE


def test_a_late_wake_records_the_done_at_the_guides_end_and_counts_sitting_after_it() -> None:
    """Woken 2 min late: done at 10:03:05, sitting counted only from then."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = run.send(Tick(), at(65, seconds=5))
    assert Outcome(Kind.STRETCH, Resolution.DONE, at(63, seconds=5)) in records(effects)
    assert run.state.sitting == timedelta(minutes=2)


def test_no_sitting_counts_while_the_guide_runs() -> None:
    """Typing or not, the minutes inside the guide are not sitting."""
    run = stretch_on_screen()
    before = run.state.sitting
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    run.send(IdleSample(0.2), at(61))
    run.send(Tick(), at(62, seconds=30))
    assert run.state.sitting == before + timedelta(seconds=5)


def test_time_away_during_the_guide_is_the_break_not_an_absence() -> None:
    """Away from 10:00:10 (seen at 10:01:20), back at 10:03:30: one done, no time away logged."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    run.send(IdleSample(70), at(61, seconds=20))
    run.until(at(63, seconds=20))
    run.send(IdleSample(0), at(63, seconds=30))
    entries = records(run.effects)
    outcomes = [entry for entry in entries if isinstance(entry, Outcome)]
    assert outcomes == [Outcome(Kind.STRETCH, Resolution.DONE, at(63, seconds=5))]
    assert not any(isinstance(entry, Away) for entry in entries)
    assert run.state.presence is Presence.PRESENT


def test_staying_away_after_the_guide_counts_from_its_end() -> None:
    """Still away 5 min after the guide ended: the absence runs from its end, not from before."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    run.send(IdleSample(70), at(61, seconds=20))
    run.until(at(68))
    run.send(IdleSample(0), at(68, seconds=5))
    away = [entry for entry in records(run.effects) if isinstance(entry, Away)]
    assert [(entry.start, entry.end) for entry in away] == [(at(63, seconds=5), at(68, seconds=5))]
    assert run.state.sitting == timedelta(0)


def test_a_snoozed_reminder_that_falls_due_meanwhile_waits_until_the_guide_ends() -> None:
    """A stretch snoozed to 10:01, a micro-break guided from 10:00:10: the stretch at 10:02:10."""
    run = stretch_on_screen()
    run.send(Snooze(timedelta(minutes=1)), at(60))
    run.send(StartGuide(Kind.MICRO, MICRO_STEPS), at(60, seconds=10))
    run.until(at(62, seconds=9))
    assert run.kinds() == [Kind.STRETCH]
    run.until(at(62, seconds=10))
    assert run.shown[-1] == (
        at(62, seconds=10),
        Notify(Kind.STRETCH, NotifyReason.SNOOZED, run.state.sitting),
    )


def test_skip_on_any_step_ends_the_guide_and_sitting_counts_again() -> None:
    """Skip at step 3: skipped is recorded, the bout goes on, the timer no longer waits for it."""
    run = stretch_on_screen()
    sitting = run.state.sitting
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = run.send(Skip(), at(61, seconds=10))
    assert GuideEnded(Kind.STRETCH, at(61, seconds=10), completed=False) in effects
    assert records(effects) == [Outcome(Kind.STRETCH, Resolution.SKIPPED, at(61, seconds=10))]
    assert run.state.guide is None
    run.send(Tick(), at(62, seconds=10))
    assert run.state.sitting == sitting + timedelta(seconds=5) + timedelta(minutes=1)
    assert next_wakeup(run.state, run.policy) != at(63, seconds=5)


def test_done_before_the_last_step_counts_the_break_now() -> None:
    """'sitbreak done' at step 4: done at that moment, the guide over."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = run.send(Done(), at(61, seconds=40))
    assert GuideEnded(Kind.STRETCH, at(61, seconds=40), completed=True) in effects
    outcomes = [entry for entry in records(effects) if isinstance(entry, Outcome)]
    assert outcomes == [Outcome(Kind.STRETCH, Resolution.DONE, at(61, seconds=40))]
    assert run.state.guide is None
    assert run.state.last_break_at == at(61, seconds=40)


def test_pause_ends_the_guide_without_a_record() -> None:
    """Pausing reminders mid-guide stops it; nothing is recorded as done or skipped."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = run.send(Pause(), at(61))
    assert GuideEnded(Kind.STRETCH, at(61), completed=False) in effects
    assert not any(isinstance(entry, Outcome) for entry in records(effects))
    assert describe(run.state, at(61), run.policy).activity is Activity.PAUSED


def test_snooze_and_a_second_start_are_refused_naming_the_step() -> None:
    """A guide cannot be snoozed or started twice; the refusal says where it stands."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    [snooze] = [e for e in run.send(Snooze(), at(61)) if isinstance(e, Rejected)]
    [again] = [
        e
        for e in run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(61))
        if isinstance(e, Rejected)
    ]
    assert "step 2 of 6" in snooze.reason
    assert "'sitbreak skip' ends it" in snooze.reason
    assert again.reason.startswith("A guided stretch break is under way (step 2 of 6)")
    assert run.state.guide is not None
    assert run.state.guide.started_at == at(60, seconds=5)


def test_posture_nothing_to_guide_and_a_locked_screen_are_refused() -> None:
    """Posture checks are not guided; with micro and stretch off there is no break; locked: no."""
    run = Run()
    run.send(Tick(), at(0))
    posture = run.send(StartGuide(Kind.POSTURE, (HALF_MINUTE,)), at(1))
    nothing = run.send(StartGuide(None, ()), at(1))
    no_steps = run.send(StartGuide(Kind.MICRO, ()), at(1))
    run.send(Locked(), at(2))
    locked = run.send(StartGuide(Kind.MICRO, MICRO_STEPS), at(3))
    reasons = [
        next(e.reason for e in effects if isinstance(e, Rejected))
        for effects in (posture, nothing, no_steps, locked)
    ]
    assert reasons[0].startswith("A posture check is done in place")
    assert "both switched off" in reasons[1]
    assert "needs 1 to 100 steps" in reasons[2]
    assert reasons[3].startswith("The screen is locked")
    assert run.state.guide is None


def test_starting_while_idle_brings_the_person_back() -> None:
    """Away since 09:10, Start at 09:15: the absence ends (a break), then the guide runs."""
    run = Run()
    run.send(Tick(), at(0))
    run.send(IdleSample(120), at(12))
    effects = run.send(StartGuide(Kind.MICRO, MICRO_STEPS), at(15))
    assert run.state.presence is Presence.PRESENT
    assert Away(at(10), at(15), "idle", tuple(Kind.by_size())) in records(effects)
    assert run.state.guide is not None


def test_a_suspend_inside_the_guide_is_part_of_it_and_one_past_its_end_is_time_away() -> None:
    """Asleep 1 min mid-guide: no absence; asleep past its end: done at the end, away after."""
    inside = stretch_on_screen()
    inside.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = inside.send(WokeFromSleep(timedelta(minutes=1)), at(62))
    assert not any(isinstance(entry, Away) for entry in records(effects))
    assert inside.state.guide is not None

    past = stretch_on_screen()
    past.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = past.send(WokeFromSleep(timedelta(minutes=10)), at(70, seconds=30))
    entries = records(effects)
    assert Outcome(Kind.STRETCH, Resolution.DONE, at(63, seconds=5)) in entries
    away = [entry for entry in entries if isinstance(entry, Away)]
    assert [(entry.start, entry.cause) for entry in away] == [(at(63, seconds=5), "suspend")]


def test_a_clock_set_back_moves_the_guide_with_it() -> None:
    """The clock was 1 h ahead: the guide's end moves back by an hour too."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    run.send(ClockSetBack(timedelta(hours=1)), at(1))
    assert run.state.guide is not None
    assert run.state.guide.ends_at == at(3, seconds=5)
    assert next_wakeup(run.state, run.policy) == at(1, seconds=5)  # step 3's end, moved back


def test_the_forecast_during_a_guide_counts_from_its_end() -> None:
    """During the guide the next stretch is an hour after the guide ends."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    [first, *_] = upcoming(run.state, at(61), run.policy)
    assert (first.kind, first.at) == (Kind.STRETCH, at(123, seconds=5))


def test_the_kind_to_guide_is_the_break_on_screen_or_the_next_one() -> None:
    """A stretch on screen: stretch; a posture check on screen: whichever of the two comes next."""
    run = stretch_on_screen()
    assert kind_to_guide(run.state, run.policy) is Kind.STRETCH
    plain = Run()
    plain.send(Tick(), at(0))
    plain.until(at(20))
    assert plain.state.pending is not None
    assert plain.state.pending.kind is Kind.POSTURE
    assert kind_to_guide(plain.state, plain.policy) is Kind.MICRO  # 10 min left, stretch 40
    assert kind_to_guide(plain.state, only(Kind.POSTURE, Kind.STRETCH)) is Kind.STRETCH
    assert kind_to_guide(plain.state, only(Kind.POSTURE)) is None


def test_done_said_as_the_guide_ends_counts_the_break_once() -> None:
    """'done' that arrives at the very moment the last step ends is the same break: one done."""
    run = stretch_on_screen()
    run.send(StartGuide(Kind.STRETCH, STRETCH_STEPS), at(60, seconds=5))
    effects = run.send(Done(), at(63, seconds=5))
    outcomes = [entry for entry in records(effects) if isinstance(entry, Outcome)]
    assert outcomes == [Outcome(Kind.STRETCH, Resolution.DONE, at(63, seconds=5))]

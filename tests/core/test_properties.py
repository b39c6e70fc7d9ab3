"""Invariants over random event sequences (hypothesis): the core never misbehaves."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sitbreak.core import (
    ActiveHours,
    BusyChanged,
    Dismissed,
    Done,
    Event,
    GuideEnded,
    GuideStarted,
    GuideStep,
    IdleSample,
    Kind,
    Locked,
    Notify,
    NotifyReason,
    Outcome,
    Pause,
    Policy,
    Presence,
    PresenceSources,
    Record,
    Resolution,
    Resume,
    Schedule,
    Skip,
    Snooze,
    StartGuide,
    State,
    Tick,
    Unlocked,
    WokeFromSleep,
    next_wakeup,
    step,
)
from sitbreak.core.firing import can_remind
from sitbreak.core.schedule import is_active

START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
OFFICE = Schedule(hours=ActiveHours(time(8), time(18)), days=frozenset(range(5)))
POLICIES = st.sampled_from(
    [
        Policy(),
        Policy(max_repeats=3),
        Policy(schedule=OFFICE),
        Policy(wait_for_pause=timedelta(minutes=10), pause_length=timedelta(seconds=5)),
        Policy(wait_for_pause=timedelta(0)),
    ]
)

EVENTS: st.SearchStrategy[Event] = st.one_of(
    st.just(Tick()),
    st.builds(IdleSample, st.floats(0, 900)),
    st.builds(IdleSample, st.floats(0, 8)),  # typing, and short pauses in it
    st.just(Locked()),
    st.just(Unlocked()),
    st.builds(WokeFromSleep, st.timedeltas(timedelta(0), timedelta(hours=3))),
    st.builds(
        BusyChanged, st.frozensets(st.sampled_from(["dnd", "call", "fullscreen"]), max_size=2)
    ),
    st.builds(Snooze, st.none() | st.timedeltas(timedelta(seconds=1), timedelta(minutes=30))),
    st.just(Pause()),
    st.just(Resume()),
    st.just(Skip()),
    st.builds(Done, st.none() | st.sampled_from(list(Kind))),
    st.just(Dismissed()),
    st.builds(PresenceSources, st.booleans(), st.booleans(), st.booleans()),
    st.builds(
        StartGuide,
        st.none() | st.sampled_from(list(Kind)),
        st.lists(st.timedeltas(timedelta(seconds=1), timedelta(minutes=2)), max_size=8).map(tuple),
    ),
)
# each item: wait this long (or until the timer, when None), then send the event
SCRIPT = st.lists(
    st.tuples(
        st.none()
        | st.timedeltas(timedelta(0), timedelta(minutes=40))
        | st.timedeltas(timedelta(0), timedelta(seconds=20)),
        EVENTS,
    ),
    max_size=60,
)


def play(
    policy: Policy, script: list[tuple[timedelta | None, Event]], sat: timedelta = timedelta(0)
) -> list[tuple[datetime, State, State, tuple[object, ...]]]:
    """Run a script after ``sat`` of sitting; each item yields (now, before, after, effects)."""
    state = State(sitting=sat, cycles=dict.fromkeys(Kind.by_size(), sat))
    state, _ = step(state, Tick(), START, policy)
    now = START
    log = []
    for wait, scripted in script:
        wake = next_wakeup(state, policy)
        event = scripted
        if wait is None:
            if wake is None:
                continue
            now, event = max(now, wake), Tick()
        else:
            now = now + wait
        before = state
        state, effects = step(state, event, now, policy)
        log.append((now, before, state, effects))
    return log


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_sitting_and_cycles_are_never_negative(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """No sequence of events makes any counter negative."""
    for _, _, state, _ in play(policy, script):
        assert state.sitting >= timedelta(0)
        assert all(spent >= timedelta(0) for spent in state.cycles.values())


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_never_reminds_while_paused_busy_away_or_outside_hours(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """A notification only appears when the person is present, free, unpaused and in hours."""
    for now, _, after, effects in play(policy, script):
        if any(isinstance(e, Notify) for e in effects):
            assert not after.paused
            assert not after.busy
            assert after.presence.value == "present"
            assert is_active(now, policy.schedule)


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_new_reminders_are_at_least_the_smallest_every_apart(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """Apart from repeats and snoozed ones, two reminders are never closer than min(every)."""
    last: datetime | None = None
    for now, _, _, effects in play(policy, script):
        for effect in effects:
            if isinstance(effect, Notify):
                if effect.reason in (NotifyReason.DUE, NotifyReason.HELD) and last is not None:
                    assert now - last >= policy.min_gap
                last = now


@settings(max_examples=200, deadline=None)
@given(POLICIES, SCRIPT)
def test_timer_never_spins(policy: Policy, script: list[tuple[timedelta | None, Event]]) -> None:
    """After waking at next_wakeup, the next deadline is strictly later (no busy loop)."""
    for _, _, state, _ in play(policy, script):
        wake = next_wakeup(state, policy)
        if wake is None:
            continue
        again, _ = step(state, Tick(), wake, policy)
        following = next_wakeup(again, policy)
        assert following is None or following > wake


@settings(max_examples=100, deadline=None)
@given(POLICIES, SCRIPT)
def test_at_most_one_notification_per_step(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """No burst: a single step never shows two reminders."""
    for _, _, _, effects in play(policy, script):
        assert sum(isinstance(e, Notify) for e in effects) <= 1


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_no_absence_outlasts_the_sources_that_could_end_it(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """With no idle (or lock) source running, the person is never idle (or locked) after a step."""
    for _, _, after, _ in play(policy, script):
        if not after.idle_watched:
            assert after.presence is not Presence.IDLE
        if not after.lock_watched:
            assert after.presence is not Presence.LOCKED


# a person at the keyboard with a source that reports pauses: mostly typing and short pauses,
# now and then a call, a lock, a command, or a long stretch of time for the next reminder
TYPIST_EVENTS: st.SearchStrategy[Event] = st.one_of(
    st.just(Tick()),
    st.builds(IdleSample, st.floats(0, 2.9)),
    st.builds(IdleSample, st.floats(0, 2.9)),
    st.builds(IdleSample, st.floats(3, 8)),
    st.builds(IdleSample, st.floats(0, 900)),
    st.builds(BusyChanged, st.frozensets(st.sampled_from(["dnd", "call"]), max_size=1)),
    st.just(Locked()),
    st.just(Unlocked()),
    st.just(Snooze(None)),
    st.just(Pause()),
    st.just(Resume()),
    st.just(Done(None)),
    st.builds(PresenceSources, st.just(True), st.booleans(), st.booleans()),
)
TYPIST_POLICIES = st.sampled_from(
    [
        Policy(),
        Policy(max_repeats=3, repeat_after=timedelta(minutes=2)),
        Policy(wait_for_pause=timedelta(seconds=20), pause_length=timedelta(seconds=5)),
    ]
)
NEARLY_DUE = timedelta(minutes=19, seconds=50)  # the posture check falls due 10 s in
TYPIST_SCRIPT = st.lists(
    st.tuples(
        st.none() | st.timedeltas(timedelta(0), timedelta(seconds=40)),
        TYPIST_EVENTS,
    ),
    max_size=80,
).map(lambda script: [(timedelta(0), PresenceSources(True, True, True)), *script])


@settings(max_examples=400, deadline=None)
@given(TYPIST_POLICIES, TYPIST_SCRIPT)
def test_a_reminder_waits_for_a_pause_no_longer_than_the_window(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """Nothing holding it back, a reminder never waits past ready + window; the timer wakes then."""
    for now, _, after, _ in play(policy, script, sat=NEARLY_DUE):
        if after.waiting_since is None:
            continue
        deadline = after.waiting_since + policy.wait_for_pause
        assert after.pauses_watched
        if can_remind(after, now, policy):
            assert now < deadline
            wake = next_wakeup(after, policy)
            assert wake is not None
            assert wake <= deadline


@settings(max_examples=400, deadline=None)
@given(TYPIST_POLICIES, TYPIST_SCRIPT)
def test_a_reminder_is_shown_in_a_pause_or_at_the_end_of_its_window(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """With pauses reported, a reminder comes in a reported pause or at the window's end, only
    to a person who is there, free and not paused."""
    for now, before, after, effects in play(policy, script, sat=NEARLY_DUE):
        if not any(isinstance(e, Notify) for e in effects):
            continue
        assert not after.busy
        assert not after.paused
        assert after.presence is Presence.PRESENT
        if after.pauses_watched:
            ready = before.waiting_since or now
            assert after.quiet_since is not None or now >= ready + policy.wait_for_pause


@settings(max_examples=500, deadline=None)
@given(TYPIST_POLICIES, TYPIST_SCRIPT)
def test_timer_never_spins_while_a_reminder_waits(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """Waiting for a pause never makes the timer wake again at the moment it woke."""
    for _, _, state, _ in play(policy, script, sat=NEARLY_DUE):
        wake = next_wakeup(state, policy)
        if wake is None:
            continue
        again, _ = step(state, Tick(), wake, policy)
        following = next_wakeup(again, policy)
        assert following is None or following > wake


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_a_guided_break_shows_nothing_and_counts_no_sitting_while_it_runs(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """While a guide runs no reminder is shown, no sitting accrues and no absence is logged."""
    for _, before, after, effects in play(policy, script, sat=timedelta(minutes=55)):
        if after.guide is not None:
            assert not any(isinstance(e, Notify) for e in effects)
        if before.guide is not None and after.guide is not None:
            assert after.sitting <= before.sitting
            assert not any(
                isinstance(e, Record) and not isinstance(e.entry, Outcome) for e in effects
            )


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_every_guided_break_ends_once_and_a_completed_one_is_done_once(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """Started and ended alternate; an end marked completed comes with exactly one done."""
    running = False
    for _, _, after, effects in play(policy, script, sat=timedelta(minutes=55)):
        for effect in effects:
            if isinstance(effect, GuideStarted):
                assert not running
                running = True
            elif isinstance(effect, GuideEnded):
                assert running
                running = False
                done = [
                    e.entry
                    for e in effects
                    if isinstance(e, Record)
                    and isinstance(e.entry, Outcome)
                    and e.entry.resolution is Resolution.DONE
                ]
                assert len(done) == (1 if effect.completed else 0)
        assert running == (after.guide is not None)


@settings(max_examples=300, deadline=None)
@given(POLICIES, SCRIPT)
def test_guided_steps_come_in_order_while_the_guide_runs_and_the_timer_wakes_for_each(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> None:
    """Each step is announced at most once, in order, inside its own time; the timer never
    sleeps past the end of the step under way."""
    last = 0
    for now, _, after, effects in play(policy, script, sat=timedelta(minutes=55)):
        for effect in effects:
            if isinstance(effect, GuideStarted):
                last = 0
            elif isinstance(effect, GuideStep):
                view = effect.view
                assert view.step > last
                last = view.step
                assert effect.at == now
                assert now < view.step_ends_at <= view.ends_at
        if after.guide is not None:
            wake = next_wakeup(after, policy)
            assert wake is not None
            assert wake <= after.guide.view(now).step_ends_at

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
    IdleSample,
    Kind,
    Locked,
    Notify,
    NotifyReason,
    Pause,
    Policy,
    Presence,
    PresenceSources,
    Resume,
    Resumed,
    Schedule,
    Skip,
    Snooze,
    State,
    Tick,
    Unlocked,
    next_wakeup,
    step,
)
from sitbreak.core.schedule import is_active

START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
OFFICE = Schedule(hours=ActiveHours(time(8), time(18)), days=frozenset(range(5)))
POLICIES = st.sampled_from([Policy(), Policy(max_repeats=3), Policy(schedule=OFFICE)])

EVENTS: st.SearchStrategy[Event] = st.one_of(
    st.just(Tick()),
    st.builds(IdleSample, st.floats(0, 900)),
    st.just(Locked()),
    st.just(Unlocked()),
    st.builds(Resumed, st.timedeltas(timedelta(0), timedelta(hours=3))),
    st.builds(
        BusyChanged, st.frozensets(st.sampled_from(["dnd", "call", "fullscreen"]), max_size=2)
    ),
    st.builds(Snooze, st.none() | st.timedeltas(timedelta(seconds=1), timedelta(minutes=30))),
    st.just(Pause()),
    st.just(Resume()),
    st.just(Skip()),
    st.builds(Done, st.none() | st.sampled_from(list(Kind))),
    st.just(Dismissed()),
    st.builds(PresenceSources, st.booleans(), st.booleans()),
)
# each item: wait this long (or until the timer, when None), then send the event
SCRIPT = st.lists(
    st.tuples(st.none() | st.timedeltas(timedelta(0), timedelta(minutes=40)), EVENTS), max_size=60
)


def play(
    policy: Policy, script: list[tuple[timedelta | None, Event]]
) -> list[tuple[datetime, State, State, tuple[object, ...]]]:
    """Run a script; every item yields (now, state before, state after, effects)."""
    state, _ = step(State(), Tick(), START, policy)
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

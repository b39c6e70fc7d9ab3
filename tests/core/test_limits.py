"""Requests and states at the edge of time: refused or pulled back, never an overflow."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from sitbreak.core import (
    BusyChanged,
    ClockSetBack,
    Done,
    Event,
    IdleSample,
    Kind,
    Locked,
    Pause,
    Pending,
    Policy,
    Presence,
    Rejected,
    Resume,
    Skip,
    Snooze,
    State,
    Tick,
    Unlocked,
    WokeFromSleep,
    describe,
    next_wakeup,
    step,
)
from sitbreak.core.limits import EARLIEST, LATEST, MAX_PAUSE, MAX_SNOOZE
from tests.core.sim import Run, at

M = timedelta(minutes=1)
FAR_FUTURE = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=14)))


def rejected(effects: tuple[object, ...]) -> list[str]:
    """The reasons of any rejection among some effects."""
    return [e.reason for e in effects if isinstance(e, Rejected)]


def test_a_pause_to_the_end_of_time_is_refused_and_nothing_is_kept() -> None:
    """Pause until 9999-12-31T23:59:59-14:00 is refused; the state stays unpaused and plannable."""
    run = Run()
    run.send(Tick(), at(0))
    effects = run.send(Pause(FAR_FUTURE), at(1))
    assert rejected(effects) == [
        "A pause can end at most 30 days from now; without an end it lasts until you resume."
    ]
    assert not run.state.paused
    assert next_wakeup(run.state, run.policy) == at(20)


def test_a_pause_of_exactly_the_maximum_is_accepted() -> None:
    """A pause ending 30 days from now is the longest one allowed."""
    run = Run()
    run.send(Tick(), at(0))
    assert rejected(run.send(Pause(at(0) + MAX_PAUSE), at(0))) == []
    assert next_wakeup(run.state, run.policy) == at(0) + MAX_PAUSE


def test_a_snooze_of_millions_of_days_is_refused() -> None:
    """Snooze 2,900,000 days is refused with the limit; one of exactly the limit is fine."""
    run = Run()
    run.send(Tick(), at(0))
    effects = run.send(Snooze(timedelta(days=2_900_000)), at(1))
    assert rejected(effects) == [
        "A snooze lasts at most 12 hours; to stop reminders for longer,"
        " pause them ('sitbreak pause 2d', or --until HH:MM)."
    ]
    assert run.state.snoozed_until is None
    assert rejected(run.send(Snooze(MAX_SNOOZE), at(1))) == []
    assert run.state.snoozed_until == at(1) + MAX_SNOOZE


def test_holds_beyond_the_limits_are_pulled_back() -> None:
    """A saved state holding a snooze or pause to year 2999 ends them within the limits."""
    far = datetime(2999, 1, 1, tzinfo=UTC)
    pending = Pending(Kind.MICRO, at(0), at(0), next_at=far, snoozed=True)
    state = State(updated_at=at(0), snoozed_until=far, pending=pending)
    after, _ = step(state, Tick(), at(1), Policy())
    assert after.snoozed_until == at(1) + MAX_SNOOZE
    assert after.pending is not None
    assert after.pending.next_at == at(1) + MAX_SNOOZE
    paused, _ = step(replace(state, paused=True, paused_until=far), Tick(), at(1), Policy())
    assert paused.paused_until == at(1) + MAX_PAUSE


def test_a_clock_set_back_keeps_the_cadence() -> None:
    """Set back an hour right after a posture check, the next one still comes 20 minutes later."""
    run = Run()
    run.send(Tick(), at(0))
    run.until(at(20))
    assert run.times() == [20 * M]
    back = at(21) - timedelta(hours=1)
    run.send(ClockSetBack(timedelta(hours=1)), back)
    assert run.state.last_fired_at == at(20) - timedelta(hours=1)
    run.until(back + 19 * M)
    assert [moment for moment, _ in run.shown] == [at(20), back + 19 * M]


def test_without_word_of_the_jump_the_state_is_still_not_in_the_future() -> None:
    """A Tick from a clock an hour behind the state pulls its past moments back to now."""
    run = Run()
    run.send(Tick(), at(0))
    run.until(at(20))
    back = at(21) - timedelta(hours=1)
    run.send(Tick(), back)
    assert run.state.last_fired_at == back
    wake = next_wakeup(run.state, run.policy)
    assert wake is not None
    assert wake - back <= 20 * M


def aware(moment: datetime, offset: timedelta) -> datetime:
    """``moment`` with a fixed UTC offset, when that keeps it inside datetime's range."""
    return moment.replace(tzinfo=timezone(offset))


ANY_OFFSET = st.timedeltas(-timedelta(hours=23, minutes=59), timedelta(hours=23, minutes=59))
ANY_MOMENT = st.builds(aware, st.datetimes(datetime.min, datetime.max), ANY_OFFSET)
ANY_SPAN = st.timedeltas(timedelta.min, timedelta.max)
EXTREME_EVENTS: st.SearchStrategy[Event] = st.one_of(
    st.just(Tick()),
    st.builds(IdleSample, st.floats(allow_nan=True, allow_infinity=True)),
    st.just(Locked()),
    st.just(Unlocked()),
    st.builds(WokeFromSleep, ANY_SPAN),
    st.builds(ClockSetBack, ANY_SPAN),
    st.builds(BusyChanged, st.frozensets(st.sampled_from(["dnd", "call"]), max_size=2)),
    st.builds(Snooze, st.none() | ANY_SPAN),
    st.builds(Pause, st.none() | ANY_MOMENT),
    st.just(Resume()),
    st.just(Skip()),
    st.builds(Done, st.none() | st.sampled_from(list(Kind))),
)
NOW = st.datetimes(
    EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None), timezones=st.just(UTC)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(NOW, EXTREME_EVENTS), max_size=30))
def test_no_event_at_any_moment_overflows(script: list[tuple[datetime, Event]]) -> None:
    """Any events, with any values, at moments that jump anywhere in range: no exception."""
    policy = Policy()
    state = State()
    for now, event in script:
        state, _ = step(state, event, now, policy)
        wake = next_wakeup(state, policy)
        assert wake is None or wake <= now + MAX_PAUSE
        describe(state, now, policy)


MOMENT = st.none() | NOW


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        State,
        updated_at=MOMENT,
        sitting=st.timedeltas(timedelta(0), timedelta(days=3650)),
        sitting_since=MOMENT,
        presence=st.sampled_from(list(Presence)),
        away_since=MOMENT,
        paused=st.booleans(),
        paused_until=MOMENT,
        snoozed_until=MOMENT,
        snoozes_in_a_row=st.integers(0, 10**6),
        pending=st.none()
        | st.builds(Pending, st.sampled_from(list(Kind)), NOW, NOW, MOMENT, st.integers(0, 10**6)),
        last_fired_at=MOMENT,
    ),
    NOW,
)
def test_any_state_within_range_can_be_stepped(state: State, now: datetime) -> None:
    """Whatever a snapshot holds inside the core's range, the daemon's first steps succeed."""
    policy = Policy()
    if state.updated_at is not None and state.updated_at > now:
        state, _ = step(state, ClockSetBack(state.updated_at - now), now, policy)
    elif state.updated_at is not None:
        state, _ = step(state, WokeFromSleep(now - state.updated_at), now, policy)
    state, _ = step(state, Tick(), now, policy)
    wake = next_wakeup(state, policy)
    assert wake is None or wake <= now + MAX_PAUSE
    describe(state, now, policy)

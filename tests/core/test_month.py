"""Whole-month runs through the core with simulated time: exact reminder counts."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sitbreak.core import (
    ActiveHours,
    IdleSample,
    Kind,
    Policy,
    PresenceSources,
    Schedule,
    Skip,
    Tick,
    next_wakeup,
)
from tests.core.sim import Run

MONDAY_2_NOV = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
THIRTY_DAYS = timedelta(days=30)
BERLIN = ZoneInfo("Europe/Berlin")
SECOND = timedelta(seconds=1)
WINDOW = Policy().wait_for_pause


def test_thirty_days_always_on_gives_exact_hourly_counts() -> None:
    """30 days sitting with defaults: one posture, micro and stretch every hour, 720 of each."""
    run = Run(policy=Policy(max_repeats=0))
    run.send(Tick(), MONDAY_2_NOV)
    run.until(MONDAY_2_NOV + THIRTY_DAYS)
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 720, Kind.MICRO: 720, Kind.STRETCH: 720}


def test_thirty_days_with_a_person_who_skips_every_reminder() -> None:
    """Answering each reminder at once keeps the cadence exact, with repeats switched on."""
    run = Run(policy=Policy(max_repeats=3))
    run.send(Tick(), MONDAY_2_NOV)
    end = MONDAY_2_NOV + THIRTY_DAYS
    while (wake := next_wakeup(run.state, run.policy)) is not None and wake <= end:
        if any(True for _ in run.send(Tick(), wake)) and run.state.pending is not None:
            run.send(Skip(), wake)
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 720, Kind.MICRO: 720, Kind.STRETCH: 720}


def office_month() -> Run:
    """Thirty days from Monday 2 Nov 2026 with reminders Mon-Fri 09:00-17:00 Berlin time."""
    schedule = Schedule(hours=ActiveHours(time(9), time(17)), days=frozenset(range(5)), tz=BERLIN)
    run = Run(policy=Policy(max_repeats=0, schedule=schedule))
    start = datetime(2026, 11, 2, tzinfo=BERLIN)
    run.send(Tick(), start)
    run.until(start + THIRTY_DAYS)
    return run


def test_thirty_days_of_office_hours_in_berlin() -> None:
    """Mon-Fri 09-17 in Berlin for 30 days (22 weekdays): 8 posture, 8 micro, 7 stretch a day.

    The stretch due at 17:00 sharp falls outside the window, and the night resets every kind.
    """
    run = office_month()
    counts = Counter(run.kinds())
    assert counts == {Kind.POSTURE: 22 * 8, Kind.MICRO: 22 * 8, Kind.STRETCH: 22 * 7}
    local_hours = {moment.astimezone(BERLIN).hour for moment, _ in run.shown}
    assert min(local_hours) == 9
    assert max(local_hours) == 16
    assert {moment.astimezone(BERLIN).weekday() for moment, _ in run.shown} == set(range(5))


def test_month_run_wakes_the_timer_only_when_something_can_change() -> None:
    """A month of office hours needs only a few timer wake-ups per reminder."""
    run = office_month()
    assert run.steps <= 2 * len(run.shown) + 2 * 30 + 2


def typing_month(
    seconds_idle: Callable[[datetime], float], every: timedelta = SECOND
) -> tuple[Run, list[datetime]]:
    """Thirty days always-on with a source that reports pauses, fed as a poller would feed it.

    ``seconds_idle(t)`` is the person's idle time at ``t``. A reading comes right before every
    timer wake-up, and one ``every`` second while a reminder waits for a pause. Returns the run
    and the moments each reminder became ready (started waiting, or was shown at once).
    """
    run = Run(policy=Policy(max_repeats=0))
    run.send(Tick(), MONDAY_2_NOV)
    run.send(PresenceSources(idle=True, lock=False, pauses=True), MONDAY_2_NOV)
    end = MONDAY_2_NOV + THIRTY_DAYS
    ready: list[datetime] = []
    while (wake := next_wakeup(run.state, run.policy)) is not None and wake <= end:
        waiting_before = run.state.waiting_since is not None
        shown = len(run.shown)
        run.send(IdleSample(seconds_idle(wake)), wake)
        run.send(Tick(), wake)
        if not waiting_before and (run.state.waiting_since is not None or len(run.shown) > shown):
            ready.append(wake)
        moment = wake + SECOND
        while run.state.waiting_since is not None and moment < run.state.waiting_since + WINDOW:
            run.send(IdleSample(seconds_idle(moment)), moment)
            moment += every
    return run, ready


def test_thirty_days_of_typing_without_a_pause_delay_each_reminder_by_the_window() -> None:
    """Never a pause: each reminder comes exactly 90 s after it was ready, and the 90 s add up.

    A round of posture, micro and stretch then takes 3 x (20 min + 90 s) = 64.5 min: 669 whole
    rounds in 30 days, and the posture check and micro-break of a 670th.
    """
    run, ready = typing_month(lambda _moment: 0.3, every=10 * SECOND)  # fewer readings, same
    assert Counter(run.kinds()) == {Kind.POSTURE: 670, Kind.MICRO: 670, Kind.STRETCH: 669}
    assert [moment for moment, _ in run.shown] == [moment + WINDOW for moment in ready]


def in_bursts(moment: datetime) -> float:
    """Typing 40 s, then 7 s without input, over and over: idle seconds at ``moment``.

    A 47-s rhythm, so reminders (whole minutes apart) meet it at ever different points.
    """
    into_burst = (moment - MONDAY_2_NOV).total_seconds() % 47
    return max(0.0, into_burst - 40)


def test_thirty_days_of_typing_in_bursts_show_every_reminder_in_a_pause() -> None:
    """Typing in bursts with a 7 s gap: every reminder comes in the first second of a 3 s gap.

    Shown at 3 s into a gap, the next reminder is ready 20 min = 25 rhythms + 25 s later, in the
    middle of a burst, and waits 22 s for the next gap: every reminder after the first is 22 s
    late, a reminder every 1222 s, 707 of each kind in 30 days.
    """
    run, ready = typing_month(in_bursts)
    shown = [moment for moment, _ in run.shown]
    assert len(shown) == len(ready)
    for became_ready, moment in zip(ready, shown, strict=True):
        assert 3 <= in_bursts(moment) < 4
        assert moment - became_ready < timedelta(seconds=47)
    assert {later - earlier for earlier, later in itertools.pairwise(shown)} == {
        timedelta(seconds=1222)
    }
    assert Counter(run.kinds()) == {Kind.POSTURE: 707, Kind.MICRO: 707, Kind.STRETCH: 707}


def watched_month(period: float, burst: float) -> tuple[Run, int]:
    """Thirty days always-on, pauses told by a watch as the idle monitor holds one.

    Typing ``burst`` seconds in every ``period``. The watch is held while a reminder waits or
    the core holds a pause it reported, and only while present; held, it tells when input
    has stopped for ``pause_length`` and when input comes again (at once if a pause already
    runs when it is added, as Mutter's does). No reading comes before timer wake-ups. Returns
    the run and how many samples the watch sent.
    """
    run = Run(policy=Policy(max_repeats=0))
    run.send(Tick(), MONDAY_2_NOV)
    run.send(PresenceSources(idle=True, lock=False, pauses=True), MONDAY_2_NOV)
    pause = run.policy.pause_length.total_seconds()
    end = MONDAY_2_NOV + THIRTY_DAYS
    samples = 0

    def into(moment: datetime) -> float:
        return (moment - MONDAY_2_NOV).total_seconds() % period

    def held() -> bool:
        state = run.state
        return state.waiting_since is not None or state.quiet_since is not None

    while (wake := next_wakeup(run.state, run.policy)) is not None and wake <= end:
        if not held():
            run.send(Tick(), wake)
            moment = wake
            if held() and into(moment) >= burst + pause:  # added during a pause: fires at once
                run.send(IdleSample(pause), moment)
                samples += 1
            continue
        now = run.state.updated_at
        assert now is not None
        offset = into(now)
        pause_at = now + timedelta(seconds=burst + pause - offset)
        input_at = now + timedelta(seconds=period - offset)
        pausing = run.state.quiet_since is not None
        news = input_at if pausing or pause_at <= now else pause_at
        if wake < news:
            run.send(Tick(), wake)
            continue
        run.send(IdleSample(0.0 if news == input_at else pause), news)
        samples += 1
    return run, samples


def test_thirty_days_of_bursts_told_by_a_watch_show_every_reminder_in_a_pause() -> None:
    """The same 47-s rhythm as above, told by a watch held only around reminders: every
    reminder comes 3 s into a gap, never mid-typing, the same 707 of each kind, and the watch
    sends two samples per reminder (the pause, then the input that ends it), no more."""
    run, samples = watched_month(period=47, burst=40)
    shown = [moment for moment, _ in run.shown]
    assert all(in_bursts(moment) == 3 for moment in shown)
    assert {later - earlier for earlier, later in itertools.pairwise(shown)} == {
        timedelta(seconds=1222)
    }
    assert Counter(run.kinds()) == {Kind.POSTURE: 707, Kind.MICRO: 707, Kind.STRETCH: 707}
    assert samples in (2 * len(shown) - 1, 2 * len(shown))  # (the last input: after the month)

"""The wake-up timer: fires once at the armed time, re-arms, disarms, survives its handler and
keeps time when the wall clock is set back or forward."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from sitbreak.daemon.timer import WakeTimer

WAIT = 10.0  # generous: these machines are shared and noisy


def soon(seconds: float = 0.05) -> datetime:
    """A moment a little after now."""
    return datetime.now(UTC) + timedelta(seconds=seconds)


class Wakes:
    """Counts wake-ups and lets a test wait for the n-th."""

    def __init__(self, then: Callable[[], None] = lambda: None) -> None:
        self.count = 0
        self._then = then
        self._changed = threading.Condition()

    def __call__(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()
        self._then()

    def wait_for(self, count: int, timeout: float = WAIT) -> bool:
        """Whether ``count`` wake-ups happened within ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: self.count >= count, timeout)


@pytest.fixture
def started() -> Iterator[Callable[[Callable[[], None]], WakeTimer]]:
    """Make started timers; shut them all down after the test."""
    timers: list[WakeTimer] = []

    def make(on_wake: Callable[[], None]) -> WakeTimer:
        timer = WakeTimer(on_wake)
        timer.start()
        timers.append(timer)
        return timer

    yield make
    for timer in timers:
        timer.shutdown()


def test_fires_once_at_the_armed_time(started: Callable[..., WakeTimer]) -> None:
    """An armed time fires the handler once, no earlier, and then the timer is disarmed."""
    fired_at: list[datetime] = []
    wakes = Wakes(lambda: fired_at.append(datetime.now(UTC)))
    timer = started(wakes)
    at = soon()
    timer.arm(at)
    assert timer.armed_at == at
    assert wakes.wait_for(1)
    assert fired_at[0] >= at
    assert timer.armed_at is None
    assert wakes.count == 1


def test_a_time_already_past_fires_at_once(started: Callable[..., WakeTimer]) -> None:
    """Arming a moment in the past (e.g. after a suspend) fires right away."""
    wakes = Wakes()
    started(wakes).arm(datetime.now(UTC) - timedelta(hours=1))
    assert wakes.wait_for(1)


def test_arming_again_replaces_the_time(started: Callable[..., WakeTimer]) -> None:
    """A later arm replaces an earlier, far-off one: only the new time fires."""
    wakes = Wakes()
    timer = started(wakes)
    timer.arm(datetime.now(UTC) + timedelta(hours=1))
    timer.arm(soon())
    assert wakes.wait_for(1)
    assert timer.armed_at is None


def test_disarmed_timer_does_not_fire(started: Callable[..., WakeTimer]) -> None:
    """arm(None) cancels the pending time; a later arm still works."""
    wakes = Wakes()
    timer = started(wakes)
    timer.arm(soon(0.05))
    timer.arm(None)
    assert timer.armed_at is None
    threading.Event().wait(0.5)  # well past the cancelled time
    assert wakes.count == 0
    timer.arm(soon())
    assert wakes.wait_for(1)


def test_the_handler_may_re_arm_the_timer(started: Callable[..., WakeTimer]) -> None:
    """The daemon re-arms from inside the wake-up (its dispatch); that time fires too."""
    timers: list[WakeTimer] = []
    wakes = Wakes(lambda: timers[0].arm(soon()) if wakes.count < 3 else None)
    timers.append(started(wakes))
    timers[0].arm(soon())
    assert wakes.wait_for(3)


def test_a_failing_handler_does_not_stop_the_timer(started: Callable[..., WakeTimer]) -> None:
    """An exception in the handler is logged and the next armed time still fires."""

    def fail() -> None:
        raise RuntimeError("boom")

    wakes = Wakes(fail)
    timer = started(wakes)
    timer.arm(soon())
    assert wakes.wait_for(1)
    timer.arm(soon())
    assert wakes.wait_for(2)


def test_shutdown_stops_the_timer_and_nothing_fires() -> None:
    """After shutdown the timer has stopped and an armed time never fires."""
    wakes = Wakes()
    timer = WakeTimer(wakes)
    timer.start()
    timer.arm(datetime.now(UTC) + timedelta(milliseconds=300))
    timer.shutdown()
    assert not timer.running
    assert not wakes.wait_for(1, timeout=1.0)


@dataclass
class MovedClock:
    """The machine's clocks, with a wall-clock offset the test moves by hand (monotonic stays)."""

    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        """The wall clock, moved by ``offset``."""
        return datetime.now(UTC) + self.offset

    def monotonic(self) -> float:
        """The real monotonic clock."""
        return time.monotonic()


def test_a_clock_set_back_does_not_postpone_the_wake_up() -> None:
    """Armed 0.3 s ahead, then the wall clock goes back an hour: it still fires in 0.3 s."""
    clock = MovedClock()
    wakes = Wakes()
    timer = WakeTimer(wakes, clock)
    timer.start()
    try:
        timer.arm(clock.now() + timedelta(seconds=0.3))
        clock.offset = -timedelta(hours=1)
        assert wakes.wait_for(1)
    finally:
        timer.shutdown()


def test_a_clock_set_forward_wakes_the_timer_early() -> None:
    """Armed an hour ahead, then the wall clock jumps an hour: it fires at the next look."""
    clock = MovedClock()
    wakes = Wakes()
    timer = WakeTimer(wakes, clock, check_every=0.05)
    timer.start()
    try:
        timer.arm(clock.now() + timedelta(hours=1))
        assert not wakes.wait_for(1, timeout=0.3)
        clock.offset = timedelta(hours=1)
        assert wakes.wait_for(1)
    finally:
        timer.shutdown()


def test_a_time_at_the_end_of_the_calendar_can_be_armed(started: Callable[..., WakeTimer]) -> None:
    """Arming year 9999 (which APScheduler could not convert) waits quietly; re-arming works."""
    wakes = Wakes()
    timer = started(wakes)
    timer.arm(datetime(9999, 12, 31, 23, 59, tzinfo=UTC))
    timer.arm(soon())
    assert wakes.wait_for(1)


def test_shutting_down_while_a_wake_up_fires_raises_nothing_in_any_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stopping just as a job fires never kills APScheduler's thread (JobLookupError)."""
    from apscheduler.jobstores.memory import MemoryJobStore

    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    picked_up = threading.Event()
    get_due_jobs = MemoryJobStore.get_due_jobs

    def slow_get_due_jobs(self: MemoryJobStore, now: datetime) -> list[object]:
        due: list[object] = get_due_jobs(self, now)
        if due:  # widen the window in which shutdown can land mid-round
            picked_up.set()
            time.sleep(0.3)
        return due

    monkeypatch.setattr(MemoryJobStore, "get_due_jobs", slow_get_due_jobs)
    timer = WakeTimer(lambda: None)
    timer.start()
    timer.arm(datetime.now(UTC) - timedelta(seconds=1))
    assert picked_up.wait(WAIT)
    timer.shutdown()
    time.sleep(0.6)  # let the scheduler's round end
    assert [f.exc_value for f in failures] == []


def test_a_time_re_armed_while_the_last_fires_is_never_lost(
    started: Callable[..., WakeTimer],
) -> None:
    """Re-armed from the handler (same moment the old job is cleaned up), every time fires."""
    timers: list[WakeTimer] = []
    wakes = Wakes(lambda: timers[0].arm(datetime.now(UTC)) if wakes.count < 200 else None)
    timers.append(started(wakes))
    timers[0].arm(datetime.now(UTC))
    assert wakes.wait_for(200, timeout=30.0)

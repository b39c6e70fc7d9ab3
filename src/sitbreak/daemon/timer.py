"""The daemon's clock and scheduler: APScheduler date jobs, kept honest by the monotonic clock.

The core plans in wall-clock time and APScheduler 3.x waits for wall-clock times, but the wall
clock can be set back or forward and the machine can sleep. So every armed time also becomes a
monotonic deadline, and a small guard thread pulls the job forward when that deadline passes
(the clock was set back, so APScheduler would wait too long) or when the two clocks part (the
clock jumped ahead), so the daemon wakes, notices the jump and plans again. ``JumpDetector``
notices it: the machine slept or the clock jumped when wall and monotonic time part.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["CHECK_EVERY", "Clock", "JumpDetector", "SystemClock", "WakeTimer"]


log = logging.getLogger(__name__)

CHECK_EVERY = 60.0
"""Seconds between the guard's looks at the clocks while a time is armed: a backstop for a
suspend or a clock jump that nothing else reports (an idle poll or any request notices one at
once), so a minute is soon enough and keeps an idle daemon's wake-ups low."""

JUMP = timedelta(seconds=5)
"""A difference between wall and monotonic progress this large is a jump (or a sleep)."""

_FURTHEST = timedelta(days=400)
"""APScheduler is given no date further ahead than this (year 9999 overflows its arithmetic);
a job that fires at this cap before its real time is simply armed again."""


class WakeTimer:
    """Calls ``on_wake`` once at the armed time; arming again replaces the previous time."""

    def __init__(
        self,
        on_wake: Callable[[], None],
        clock: Clock | None = None,
        *,
        check_every: float = CHECK_EVERY,
    ) -> None:
        # APScheduler is imported here, not at module level, so the CLI client stays light
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self._on_wake = on_wake
        self._clock = clock or SystemClock()
        self._check_every = check_every
        # misfire_grace_time=None: 3.x would drop a job missed by more than 1 s (in a suspend)
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._armed: datetime | None = None
        self._job_id: str | None = None  # a new id per arming: a fired job never hides a new one
        self._capped = False  # the job's date was cut to _FURTHEST
        self._pulled = False  # the guard has already brought this job forward
        self._deadline = 0.0  # monotonic seconds at which the armed time is reached
        self._armed_wall: datetime | None = None  # the clocks' readings when armed
        self._armed_mono = 0.0
        self._stopping = False
        self._guard: threading.Thread | None = None

    @property
    def armed_at(self) -> datetime | None:
        """When the timer fires next, or None when disarmed."""
        return self._armed

    @property
    def running(self) -> bool:
        """True between start() and shutdown()."""
        return bool(self._scheduler.running) and not self._stopping

    def start(self) -> None:
        """Start APScheduler's thread and the guard (both sleep until a time is armed)."""
        self._scheduler.start()
        self._guard = threading.Thread(target=self._watch, name="sitbreak-clock", daemon=True)
        self._guard.start()

    def arm(self, at: datetime | None, now: datetime | None = None) -> None:
        """Fire at ``at`` (now if it has passed), or never when ``at`` is None.

        ``now`` is the wall-clock reading ``at`` was planned from (default: read it here); a
        jump after that reading is then seen as one, however soon after it came.
        """
        with self._changed:
            if at == self._armed or self._stopping:
                return
            old, self._job_id, self._armed = self._job_id, None, at
            if at is not None:
                wall, mono = now or self._clock.now(), self._clock.monotonic()
                # a difference of two datetimes never overflows, and a float holds any of them
                self._deadline = mono + (at - wall).total_seconds()
                self._armed_wall, self._armed_mono = wall, mono
                self._job_id = self._add_job(at - wall)
            self._changed.notify_all()
        if old is not None:
            self._remove_job(old)

    def shutdown(self) -> None:
        """Stop the scheduler and the guard without waiting for a running wake-up."""
        with self._changed:
            self._stopping = True
            self._armed = self._job_id = None
            self._changed.notify_all()
        if self._scheduler.running:
            # no job may be left for APScheduler's thread to remove once it counts as stopped
            self._scheduler.remove_all_jobs()
            self._scheduler.shutdown(wait=False)

    def _add_job(self, ahead: timedelta) -> str:
        """A date job ``ahead`` of APScheduler's own clock; holds ``_changed``."""
        job_id = f"sitbreak-wake-{next(self._ids)}"
        self._capped = ahead > _FURTHEST
        self._pulled = False
        run_date = datetime.now(UTC) + min(ahead, _FURTHEST)
        self._scheduler.add_job(self._fire, "date", run_date=run_date, id=job_id, args=(job_id,))
        return job_id

    def _remove_job(self, job_id: str) -> None:
        from apscheduler.jobstores.base import JobLookupError

        # a date job that fired is removed by APScheduler itself, so it may be gone already
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(job_id)

    def _fire(self, job_id: str) -> None:
        """Runs on APScheduler's executor: the armed time came (or the guard pulled it in)."""
        with self._changed:
            if job_id != self._job_id:
                return  # replaced or disarmed after APScheduler picked it up
            if self._capped and not self._pulled and not self._reached():
                self._job_id = self._add_job(self._armed_ahead())
                return
            armed, self._armed, self._job_id = self._armed, None, None
        log.debug("waking up for %s", armed.isoformat() if armed else "now")
        try:
            self._on_wake()
        except Exception:
            log.exception("wake-up handler failed; the daemon keeps running")

    def _watch(self) -> None:
        """The guard: bring the job forward when its monotonic deadline passes or clocks part."""
        with self._changed:
            while not self._stopping:
                if self._job_id is None or self._pulled:
                    self._changed.wait(None if self._job_id is None else self._check_every)
                    continue
                left = self._deadline - self._clock.monotonic()
                if left <= 0 or self._clocks_parted():
                    self._pulled = True
                    self._pull_forward(self._job_id)
                    continue
                self._changed.wait(min(left, self._check_every))

    def _pull_forward(self, job_id: str) -> None:
        """Have APScheduler run ``job_id`` now, whatever its wall clock says."""
        from apscheduler.jobstores.base import JobLookupError

        with contextlib.suppress(JobLookupError):  # it may be running already
            self._scheduler.modify_job(job_id, next_run_time=datetime.now(UTC))

    def _reached(self) -> bool:
        """Whether the armed time has come by either clock."""
        armed = self._armed
        wall_reached = armed is not None and self._clock.now() >= armed
        return wall_reached or self._clock.monotonic() >= self._deadline

    def _armed_ahead(self) -> timedelta:
        """How far ahead the armed time still is, by the monotonic clock."""
        return timedelta(seconds=max(0.0, self._deadline - self._clock.monotonic()))

    def _clocks_parted(self) -> bool:
        """Whether the wall clock moved apart from the monotonic one since the time was armed."""
        if self._armed_wall is None:
            return False
        wall_progress = self._clock.now() - self._armed_wall
        mono_progress = timedelta(seconds=self._clock.monotonic() - self._armed_mono)
        return abs(wall_progress - mono_progress) >= JUMP


class Clock(Protocol):
    """Wall-clock and monotonic time; tests pass a fake."""

    def now(self) -> datetime:
        """The wall-clock time, aware, in UTC."""

    def monotonic(self) -> float:
        """Seconds that do not advance while the machine sleeps (CLOCK_MONOTONIC on Linux)."""


class SystemClock:
    """The machine's own clocks."""

    def now(self) -> datetime:
        """The wall-clock time, aware, in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """time.monotonic(), which stands still during suspend on Linux."""
        return time.monotonic()


@dataclass
class JumpDetector:
    """Compares wall and monotonic progress between readings: a surplus is a sleep or a jump."""

    threshold: timedelta = timedelta(seconds=5)
    _last_wall: datetime | None = None
    _last_mono: float | None = None

    def observe(self, wall: datetime, mono: float) -> timedelta | None:
        """Record a reading; return the jump since the last one, if any.

        Positive: the machine slept or the clock jumped forward; negative: it was set back.
        """
        gap = None
        if self._last_wall is not None and self._last_mono is not None:
            surplus = (wall - self._last_wall) - timedelta(seconds=mono - self._last_mono)
            if abs(surplus) >= self.threshold:
                gap = surplus
        self._last_wall, self._last_mono = wall, mono
        return gap

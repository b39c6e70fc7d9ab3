"""The single wake-up timer: armed at a wall-clock time, counted down on the monotonic clock.

The core plans in wall-clock time, but a thread can only sleep on the monotonic clock, and the
two part when the wall clock is set back or forward, or the machine sleeps. So an armed time
becomes a monotonic deadline, which a clock set back an hour does not postpone; and a long
wait wakes every ``check_every`` seconds to compare the clocks, firing early when they have
parted, so the daemon notices the jump and plans again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sitbreak.daemon.clock import Clock, SystemClock

__all__ = ["WakeTimer"]

log = logging.getLogger(__name__)

CHECK_EVERY = 30.0
"""Seconds between looks at the clocks during a long wait."""

JUMP = timedelta(seconds=5)
"""A difference between wall and monotonic progress this large is a jump (or a sleep)."""


class WakeTimer:
    """Calls ``on_wake`` once at the armed time; arming again replaces the previous time."""

    def __init__(
        self,
        on_wake: Callable[[], None],
        clock: Clock | None = None,
        *,
        check_every: float = CHECK_EVERY,
    ) -> None:
        self._on_wake = on_wake
        self._clock = clock or SystemClock()
        self._check_every = check_every
        self._changed = threading.Condition()
        self._armed: datetime | None = None
        self._deadline = 0.0  # monotonic seconds at which the armed time is reached
        self._armed_wall: datetime | None = None  # the clocks' readings when armed
        self._armed_mono = 0.0
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def armed_at(self) -> datetime | None:
        """When the timer fires next, or None when disarmed."""
        return self._armed

    def start(self) -> None:
        """Start the timer's thread (it sleeps until a time is armed and reached)."""
        self._thread = threading.Thread(target=self._run, name="sitbreak-timer", daemon=True)
        self._thread.start()

    def arm(self, at: datetime | None, now: datetime | None = None) -> None:
        """Fire at ``at`` (now if it has passed), or never when ``at`` is None.

        ``now`` is the wall-clock reading ``at`` was planned from (default: read it here); a
        jump after that reading is then seen as one, however soon after it came.
        """
        with self._changed:
            if at == self._armed:
                return
            self._armed = at
            if at is not None:
                wall, mono = now or self._clock.now(), self._clock.monotonic()
                # a difference of two datetimes never overflows, and a float holds any of them
                self._deadline = mono + (at - wall).total_seconds()
                self._armed_wall, self._armed_mono = wall, mono
            self._changed.notify_all()

    @property
    def running(self) -> bool:
        """True between start() and shutdown()."""
        return self._thread is not None and self._thread.is_alive() and not self._stopping

    def shutdown(self) -> None:
        """Stop the thread without waiting for a running wake-up."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                armed = self._next_due()
                if armed is None:
                    return
            log.debug("waking up for %s", armed.isoformat())
            try:
                self._on_wake()
            except Exception:
                log.exception("wake-up handler failed; the daemon keeps running")

    def _next_due(self) -> datetime | None:
        """Wait (holding the condition) until the armed time or a jump; None once stopping."""
        while not self._stopping:
            if self._armed is None:
                self._changed.wait()
                continue
            left = self._deadline - self._clock.monotonic()
            if left <= 0 or self._clocks_parted():
                armed, self._armed = self._armed, None
                return armed
            self._changed.wait(min(left, self._check_every))
        return None

    def _clocks_parted(self) -> bool:
        """Whether the wall clock moved apart from the monotonic one since the time was armed."""
        if self._armed_wall is None:
            return False
        wall_progress = self._clock.now() - self._armed_wall
        mono_progress = timedelta(seconds=self._clock.monotonic() - self._armed_mono)
        return abs(wall_progress - mono_progress) >= JUMP

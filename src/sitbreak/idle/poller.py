"""Asking a polling backend for the idle time every ``poll_every``, and only while it matters.

The thread sleeps on a condition: with no deadline while polling is not wanted (paused,
outside active hours, every kind off, screen locked), else until the next poll is due. It
never polls more often than the interval, except every ``QUICK_INTERVAL`` while told to be
quick (a reminder waits for a pause in typing), and stops as soon as it is closed.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable

from sitbreak.idle.base import IdleError, PollingBackend

__all__ = ["QUICK_INTERVAL", "Poller"]

log = logging.getLogger(__name__)

QUICK_INTERVAL = 1.0  # seconds between polls while a reminder waits for a pause
STUCK_AT_ZERO_AFTER = 10  # readings of exactly 0 in a row before saying the backend is blind


class Poller:
    """Samples one polling backend on a thread of its own; hands each reading to ``on_sample``."""

    def __init__(
        self,
        backend: PollingBackend,
        interval: float,
        on_sample: Callable[[float], None],
        on_answering: Callable[[bool], None] | None = None,
    ) -> None:
        """Prepare the thread; ``start`` runs it, ``set_wanted`` lets it poll.

        ``on_answering(False)`` is called when the backend stops answering, ``(True)`` when it
        answers again.
        """
        self.backend = backend
        self._on_sample = on_sample
        self._on_answering = on_answering
        self._cond = threading.Condition()
        self._interval = interval
        self._wanted = False
        self._quick = False
        self._stopped = False
        self._last_sample = -math.inf
        self._failing = False
        self._zeros_in_a_row = 0
        self.blind_warning: str | None = None
        self._thread = threading.Thread(target=self._run, name="sitbreak-idle-poll", daemon=True)

    def start(self) -> None:
        """Start the thread (it waits until polling is wanted)."""
        self._thread.start()

    def set_wanted(self, wanted: bool) -> None:
        """Poll (again) or stop polling; cheap, safe to call inside the daemon's lock."""
        with self._cond:
            if wanted != self._wanted:
                self._wanted = wanted
                self._cond.notify()

    def set_quick(self, quick: bool) -> None:
        """Poll every QUICK_INTERVAL (while wanted), or at the interval again; cheap."""
        with self._cond:
            if quick != self._quick:
                self._quick = quick
                self._cond.notify()

    @property
    def quick(self) -> bool:
        """Whether the thread polls every QUICK_INTERVAL now (while wanted)."""
        with self._cond:
            return self._quick

    @property
    def wanted(self) -> bool:
        """Whether the thread polls now."""
        with self._cond:
            return self._wanted

    def sample_now(self) -> float | None:
        """One reading now (before a reminder may fire), or None when the backend cannot say."""
        with self._cond:
            self._last_sample = time.monotonic()
        return self._read()

    def _run(self) -> None:
        """The thread: wait until a poll is due, read, hand the reading on; until closed."""
        while self._wait_until_due():
            seconds = self._read()
            if seconds is not None:
                self._on_sample(seconds)

    def _wait_until_due(self) -> bool:
        """Block until a poll is due (True) or the poller is closed (False)."""
        with self._cond:
            while not self._stopped:
                if not self._wanted:
                    self._cond.wait()
                    continue
                interval = min(QUICK_INTERVAL, self._interval) if self._quick else self._interval
                delay = self._last_sample + interval - time.monotonic()
                if delay <= 0:
                    self._last_sample = time.monotonic()
                    return True
                self._cond.wait(delay)
            return False

    def _read(self) -> float | None:
        """One reading; None (warned once) while the backend fails."""
        try:
            seconds = self.backend.seconds_idle()
        except IdleError as error:
            if not self._failing:
                log.warning(
                    "cannot read the idle time from %s: %s; you count as present until it"
                    " answers again",
                    self.backend.name,
                    error,
                )
                self._failing = True
                if self._on_answering is not None:
                    self._on_answering(False)
            return None
        if self._failing:
            log.info("%s answers again", self.backend.name)
            self._failing = False
            if self._on_answering is not None:
                self._on_answering(True)
        self._notice_stuck_at_zero(seconds)
        return seconds

    def _notice_stuck_at_zero(self, seconds: float) -> None:
        """Warn once when every reading is exactly 0: real input never lands on every poll."""
        self._zeros_in_a_row = self._zeros_in_a_row + 1 if seconds == 0.0 else 0
        if self._zeros_in_a_row == STUCK_AT_ZERO_AFTER and self.blind_warning is None:
            self.blind_warning = (
                f"{self.backend.name} answered exactly 0 s idle {STUCK_AT_ZERO_AFTER} times in a"
                " row; it probably cannot see input stop here, so breaks may go unnoticed"
            )
            log.warning("%s (see 'sitbreak doctor')", self.blind_warning)

    def close(self) -> None:
        """Stop the thread promptly and close the backend."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.backend.close()

"""The single wake-up timer: one thread asleep until the armed time; re-armed per dispatch."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["WakeTimer"]

log = logging.getLogger(__name__)


class WakeTimer:
    """Calls ``on_wake`` once at the armed time; arming again replaces the previous time.

    One thread sleeps on a condition until the armed wall-clock time or until ``arm`` or
    ``shutdown`` wakes it, then runs ``on_wake`` itself: no polling, and a time already past
    fires at once (after a suspend, too). The daemon only ever needs one date job, so this
    does the job of APScheduler's scheduler thread and executor thread with one thread and
    none of its imports (asyncio, ssl, multiprocessing, importlib.metadata: ~10 MiB of RSS).
    """

    def __init__(self, on_wake: Callable[[], None]) -> None:
        self._on_wake = on_wake
        self._condition = threading.Condition()
        self._armed: datetime | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def armed_at(self) -> datetime | None:
        """When the timer fires next, or None when disarmed."""
        return self._armed

    def start(self) -> None:
        """Start the timer's thread (it sleeps until a time is armed and due)."""
        self._thread = threading.Thread(target=self._run, name="sitbreak-timer", daemon=True)
        self._thread.start()

    def arm(self, at: datetime | None) -> None:
        """Fire at ``at`` (now if it has passed), or never when ``at`` is None."""
        with self._condition:
            if at == self._armed:
                return
            self._armed = at
            self._condition.notify()

    def shutdown(self) -> None:
        """Stop the thread without waiting for a running wake-up."""
        with self._condition:
            self._stopping = True
            self._condition.notify()

    def _run(self) -> None:
        while (due := self._wait_until_due()) is not None:
            log.debug("waking up for %s", due.isoformat())
            try:
                self._on_wake()
            except Exception:
                log.exception("wake-up handler failed; the daemon keeps running")

    def _wait_until_due(self) -> datetime | None:
        """Sleep until the armed time passes and disarm it; None once shut down."""
        with self._condition:
            while not self._stopping:
                due = self._armed
                if due is None:
                    self._condition.wait()
                    continue
                left = (due - datetime.now(UTC)).total_seconds()
                if left <= 0:
                    self._armed = None
                    return due
                self._condition.wait(left)
            return None

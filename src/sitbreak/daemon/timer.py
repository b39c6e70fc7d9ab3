"""The single wake-up timer: one APScheduler date job, re-armed after every dispatch."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["WakeTimer"]

log = logging.getLogger(__name__)

_JOB_ID = "sitbreak-wake"


class WakeTimer:
    """Calls ``on_wake`` once at the armed time; arming again replaces the previous time."""

    def __init__(self, on_wake: Callable[[], None]) -> None:
        # APScheduler is imported here, not at module level, so the CLI client stays light
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self._on_wake = on_wake
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        self._armed: datetime | None = None

    @property
    def armed_at(self) -> datetime | None:
        """When the timer fires next, or None when disarmed."""
        return self._armed

    def start(self) -> None:
        """Start the scheduler's thread (it sleeps until a job is due)."""
        self._scheduler.start()

    def arm(self, at: datetime | None) -> None:
        """Fire at ``at`` (now if it has passed), or never when ``at`` is None."""
        if at == self._armed:
            return
        self._armed = at
        if at is None:
            from apscheduler.jobstores.base import JobLookupError

            # the scheduler removes a fired date job on its own thread, so it may be gone already
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job(_JOB_ID)
            return
        # misfire_grace_time=None: 3.x would drop a job missed by more than 1 s (e.g. in suspend)
        self._scheduler.add_job(
            self._fire,
            trigger="date",
            run_date=at,
            id=_JOB_ID,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def _fire(self) -> None:
        self._armed = None
        try:
            self._on_wake()
        except Exception:
            log.exception("wake-up handler failed; the daemon keeps running")

    @property
    def running(self) -> bool:
        """True between start() and shutdown()."""
        return bool(self._scheduler.running)

    def shutdown(self) -> None:
        """Stop the scheduler without waiting for a running wake-up."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

"""The daemon listener that records history: effects become rows for the writer thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak.history.rows import Row, rows_for
from sitbreak.history.store import history_path
from sitbreak.history.writer import TRIM_EVERY, HistoryWriter

if TYPE_CHECKING:
    from sitbreak.dispatch import DispatchResult

__all__ = ["HistoryRecorder", "open_history"]

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HistoryRecorder:
    """A ``Daemon`` listener: turns each dispatch's records into rows and queues them.

    Rows older than ``keep_days()`` (by ``clock``) are deleted at start-up and then every
    ``trim_every`` seconds (a day).
    """

    def __init__(
        self,
        path: Path,
        keep_days: Callable[[], int],
        *,
        clock: Callable[[], datetime] = _utc_now,
        trim_every: float = TRIM_EVERY,
    ) -> None:
        self.path = path
        self._writer = HistoryWriter(path, keep_days, clock, trim_every)

    def start(self) -> None:
        """Start the writer thread (it opens the database and applies retention)."""
        self._writer.start()

    def after_dispatch(self, result: DispatchResult) -> None:
        """Queue the ``Record`` effects of one dispatch; called inside the daemon's lock."""
        prompt_ids = [reminder.prompt_id for reminder in result.reminders]
        rows = rows_for(result.effects, prompt_ids)
        if rows:
            self._writer.put(rows)

    def record(self, rows: list[Row]) -> None:
        """Queue rows made elsewhere (imports, tests); never blocks."""
        if rows:
            self._writer.put(rows)

    def flush(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Wait until everything queued so far is in the database; False on timeout."""
        return self._writer.flush(timeout)

    def close(self, timeout: float = STOP_TIMEOUT) -> None:
        """Write what is queued and close the database; warn if that takes too long."""
        if not self._writer.stop(timeout):
            log.warning("the history writer did not finish within %.0f s; exiting anyway", timeout)


def open_history(keep_days: Callable[[], int]) -> HistoryRecorder:
    """The user's history, its writer started; ``keep_days`` is asked at each daily trim."""
    recorder = HistoryRecorder(history_path(), keep_days)
    recorder.start()
    return recorder

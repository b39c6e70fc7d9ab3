"""Recording the history: each dispatch's effects become rows, which one writer thread puts in
the database in batches and trims to ``[history] keep_days``."""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak.history.store import (
    HistoryDamaged,
    HistoryStore,
    NewerSchema,
    Row,
    history_path,
    is_damage,
    open_store,
    rows_for,
    set_aside_damaged,
)

if TYPE_CHECKING:
    from sitbreak.dispatch import DispatchResult

__all__ = ["MAX_BATCH", "TRIM_EVERY", "HistoryRecorder", "HistoryWriter", "open_history"]


log = logging.getLogger(__name__)

MAX_BATCH = 500
TRIM_EVERY = 24 * 3600.0  # seconds between retention runs, on the monotonic clock


@dataclass(frozen=True)
class _Flush:
    """Marker: set ``done`` once everything queued before it is written."""

    done: threading.Event


class _Stop:
    """Marker: write what came before, close the database and end the thread."""


_Item = Sequence[Row] | _Flush | _Stop


class HistoryWriter:
    """A thread that writes the rows it is handed; a problem costs rows, never the daemon."""

    def __init__(
        self,
        path: Path,
        keep_days: Callable[[], int],
        clock: Callable[[], datetime],
        trim_every: float = TRIM_EVERY,
    ) -> None:
        self.path = path
        self._keep_days = keep_days
        self._clock = clock
        self._trim_every = trim_every
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="sitbreak-history", daemon=True)
        self._store: HistoryStore | None = None
        self._disabled = False  # a newer sitbreak's history: leave it alone for this run
        self._failing = False  # warned about a failure already; say so again only after a success
        self._next_trim = 0.0

    def start(self) -> None:
        """Start the thread; it opens (or sets aside and renews) the database and trims it."""
        self._thread.start()

    def put(self, rows: Sequence[Row]) -> None:
        """Queue rows for writing; never blocks."""
        self._queue.put(rows)

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued so far is written (or dropped); False on timeout."""
        done = threading.Event()
        self._queue.put(_Flush(done))
        return done.wait(timeout)

    def stop(self, timeout: float) -> bool:
        """Write what is queued, close the database and end the thread; False on timeout."""
        self._queue.put(_Stop())
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        self._open()
        self._trim_if_due()
        running = True
        while running:
            rows, flushes, running = self._take_batch()
            try:
                if rows:
                    self._write(rows)
                self._trim_if_due()
            except Exception:
                log.exception("history writer failed; %d records not kept", len(rows))
            for flush in flushes:
                flush.done.set()
        if self._store is not None:
            self._store.close()

    def _take_batch(self) -> tuple[list[Row], list[_Flush], bool]:
        """Block for the next item (waking only for the daily trim), then take what is queued."""
        wait = None if self._store is None else max(0.0, self._next_trim - time.monotonic())
        try:
            item = self._queue.get(timeout=wait)
        except queue.Empty:
            return [], [], True
        rows: list[Row] = []
        flushes: list[_Flush] = []
        while True:
            if isinstance(item, _Stop):
                return rows, flushes, False
            if isinstance(item, _Flush):
                flushes.append(item)
            else:
                rows.extend(item)
            if len(rows) >= MAX_BATCH:
                return rows, flushes, True
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return rows, flushes, True

    def _open(self) -> None:
        try:
            self._store = open_store(self.path)
        except NewerSchema as error:
            log.warning("the history %s is left as it is: %s; not recording", self.path, error)
            self._disabled = True
        except (HistoryDamaged, sqlite3.Error, OSError) as error:
            self._fail(f"cannot open the history {self.path}: {error}")
        else:
            log.info("history recorded in %s", self.path)
            self._next_trim = 0.0

    def _usable_store(self) -> HistoryStore | None:
        if self._store is not None and self._store.replaced():
            log.info("the history %s was moved or removed; starting a new one", self.path)
            self._store.close()
            self._store = None
        if self._store is None and not self._disabled:
            self._open()
        return self._store

    def _write(self, rows: list[Row]) -> None:
        store = self._usable_store()
        if store is None:
            if not self._disabled:
                self._fail(f"history not recorded: {len(rows)} records lost")
            return
        try:
            store.write(rows)
        except sqlite3.Error as error:
            if not is_damage(error):
                self._fail(f"cannot write {len(rows)} records to the history: {error}")
                return
            self._renew_damaged(store, error)
            self._write_once_more(rows)
            return
        self._recovered()

    def _renew_damaged(self, store: HistoryStore, error: sqlite3.Error) -> None:
        store.close()
        self._store = None
        if not store.replaced():
            try:
                target = set_aside_damaged(self.path)
            except OSError as failure:
                self._fail(f"the history {self.path} is damaged ({error}): {failure}")
                return
            log.warning(
                "the history %s turned out damaged (%s); kept as %s, a new one starts",
                self.path,
                error,
                target,
            )
        self._open()

    def _write_once_more(self, rows: list[Row]) -> None:
        if self._store is None:
            return
        try:
            self._store.write(rows)
        except sqlite3.Error as error:
            self._fail(f"cannot write {len(rows)} records to the new history: {error}")
        else:
            self._recovered()

    def _trim_if_due(self) -> None:
        if self._store is None or time.monotonic() < self._next_trim:
            return
        self._next_trim = time.monotonic() + self._trim_every
        keep_days = self._keep_days()
        cutoff = self._clock() - timedelta(days=keep_days)
        try:
            removed = self._store.trim(cutoff)
        except sqlite3.Error as error:
            log.warning("cannot trim the history %s: %s", self.path, error)
            return
        if removed:
            log.info("history: removed %d records older than %d days", removed, keep_days)

    def _fail(self, message: str) -> None:
        if not self._failing:
            log.warning("%s; the daemon carries on", message)
        else:
            log.debug("%s", message)
        self._failing = True

    def _recovered(self) -> None:
        if self._failing:
            log.info("the history %s is written again", self.path)
        self._failing = False


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

"""Reading the history back, read-only, while the daemon may be writing it."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sitbreak.core import (
    Away,
    AwayCause,
    Kind,
    NotifyReason,
    Outcome,
    ReminderShown,
    Resolution,
    SittingStretch,
)
from sitbreak.files import NotARegularFile, describe_file_type
from sitbreak.history.stats import History
from sitbreak.history.store import (
    COLUMNS,
    SCHEMA_VERSION,
    HistoryDamaged,
    WrongSchema,
    check_schema,
    from_ms,
    is_damage,
    to_ms,
)

__all__ = ["HistoryRead", "OlderSchema", "read_history"]

T = TypeVar("T")


class OlderSchema(Exception):
    """A history from an older sitbreak that the daemon has not upgraded yet."""


@dataclass(frozen=True)
class HistoryRead:
    """The rows read, how many were unreadable, and whether anything was ever recorded."""

    history: History
    skipped: int = 0
    recorded: bool = True


def read_history(
    path: Path, since: datetime, *, sitting_since: datetime | None = None
) -> HistoryRead:
    """Every record that ends at or after ``since``, from the history at ``path``.

    Sitting stretches are read from ``sitting_since`` when that is earlier (for streaks,
    which look back further than the other figures).

    Opens the file read-only (``mode=ro``), so it works while the daemon writes, and on a
    read-only disk as it stands. A missing file is an empty history. Raises HistoryDamaged for
    a corrupt or foreign file, NewerSchema/OlderSchema for other versions, NotARegularFile for
    a FIFO or a folder, sqlite3.Error or OSError when unreadable.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return HistoryRead(History(), recorded=False)
    if not stat.S_ISREG(mode):  # a FIFO would block the read for ever
        raise NotARegularFile(path, describe_file_type(mode))
    uri = f"{path.absolute().as_uri()}?mode=ro"
    earliest = since if sitting_since is None else min(since, sitting_since)
    try:
        return _read_uri(uri, since, earliest)
    except sqlite3.OperationalError:
        # a read-only disk or folder: SQLite cannot make the WAL index beside the file, so read
        # the file as it stands (the daemon folds the WAL back into it when it stops)
        return _read_uri(f"{uri}&immutable=1", since, earliest)


def _read_uri(uri: str, since: datetime, sitting_since: datetime) -> HistoryRead:
    connection = sqlite3.connect(uri, uri=True, timeout=5.0)
    try:
        return _read(connection, to_ms(since), to_ms(sitting_since))
    except WrongSchema as error:
        raise HistoryDamaged(str(error)) from error
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise HistoryDamaged(str(error)) from error
        raise
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, since: int, sitting_since: int) -> HistoryRead:
    version = check_schema(connection)
    if version == 0:
        return HistoryRead(History(), recorded=False)
    if version < SCHEMA_VERSION:
        raise OlderSchema(
            f"it has schema version {version}; start 'sitbreak run' once to upgrade it"
        )
    reminders, bad_reminders = _load(
        connection,
        "SELECT kind, reason, due_ms, shown_ms FROM reminders WHERE shown_ms >= ?",
        since,
        lambda k, r, d, s: ReminderShown(Kind(k), NotifyReason(r), from_ms(d), from_ms(s)),
    )
    outcomes, bad_outcomes = _load(
        connection,
        "SELECT kind, outcome, at_ms FROM outcomes WHERE at_ms >= ?",
        since,
        lambda k, o, a: Outcome(Kind(k), Resolution(o), from_ms(a)),
    )
    away, bad_away = _load(
        connection,
        "SELECT start_ms, end_ms, cause, kinds FROM time_away WHERE end_ms >= ?",
        since,
        lambda s, e, c, k: Away(from_ms(s), from_ms(e), AwayCause(c), _kinds(k)),
    )
    sitting, bad_sitting = _load(
        connection,
        "SELECT start_ms, end_ms, sitting_ms FROM sitting_stretches WHERE end_ms >= ?",
        sitting_since,
        lambda s, e, m: SittingStretch(from_ms(s), from_ms(e), _milliseconds(m)),
    )
    history = History(tuple(reminders), tuple(outcomes), tuple(away), tuple(sitting))
    skipped = bad_reminders + bad_outcomes + bad_away + bad_sitting
    return HistoryRead(history, skipped, recorded=not history.empty or _any_rows(connection))


def _any_rows(connection: sqlite3.Connection) -> bool:
    """True when any table holds a row, however old."""
    return any(
        connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None  # noqa: S608
        for table in COLUMNS
    )


def _load(
    connection: sqlite3.Connection, sql: str, since: int, build: Callable[..., T]
) -> tuple[list[T], int]:
    """Rows of ``sql`` turned into records by ``build``; rows it cannot use are counted."""
    records: list[T] = []
    skipped = 0
    for row in connection.execute(sql, (since,)):
        try:
            records.append(build(*row))
        except (ValueError, TypeError, OverflowError):
            skipped += 1
    return records, skipped


def _kinds(text: Any) -> tuple[Kind, ...]:
    if not isinstance(text, str):
        raise TypeError(f"kinds should be text, not {text!r}")
    return tuple(Kind(name) for name in text.split(",") if name)


def _milliseconds(value: Any) -> timedelta:
    if not isinstance(value, int):
        raise TypeError(f"a duration should be integer milliseconds, not {value!r}")
    return timedelta(milliseconds=value)

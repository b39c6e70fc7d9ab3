"""The history file: SQLite in WAL mode, opened, migrated, written in batches and trimmed.

Times are stored as integer milliseconds since 1970-01-01 UTC rather than ISO text: they
compare and sort as plain numbers (retention and day ranges are simple ``<`` on an index),
there is no choice of offset or format to get wrong, and ``datetime(ms / 1000, 'unixepoch')``
still reads them in the sqlite3 shell.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from sitbreak import paths
from sitbreak.files import NotARegularFile, refuse_link, set_aside
from sitbreak.history.rows import Row, to_ms
from sitbreak.history.schema import WrongSchema, check_schema, migrate

__all__ = [
    "HISTORY_FILE",
    "HistoryDamaged",
    "HistoryStore",
    "history_path",
    "is_damage",
    "open_store",
    "set_aside_damaged",
]

log = logging.getLogger(__name__)

HISTORY_FILE = "history.sqlite3"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SIDECARS = ("-wal", "-shm")
_TRIMMED_COLUMNS = {
    "reminders": "shown_ms",
    "outcomes": "at_ms",
    "time_away": "end_ms",
    "sitting_stretches": "end_ms",
}


def history_path() -> Path:
    """Where the history lives: ``data_dir()/history.sqlite3``."""
    return paths.data_dir() / HISTORY_FILE


class HistoryDamaged(Exception):
    """The history file is not a usable sitbreak history; the message says why."""


def is_damage(error: sqlite3.Error) -> bool:
    """True when SQLite says the file is corrupt or not a database at all."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def set_aside_damaged(path: Path) -> Path:
    """Rename a damaged history and its WAL files aside (never deleted); return the new path.

    The WAL files go along: left behind, SQLite could replay them into the new database.
    """
    target = set_aside(path)
    for suffix in _SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{target}{suffix}")
    return target


class HistoryStore:
    """An open history for writing, used by one thread; every write is one transaction."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        self._identity = _identity(path)

    @classmethod
    def open(cls, path: Path) -> HistoryStore:
        """Open (creating and migrating) the history at ``path``.

        Raises HistoryDamaged for a corrupt or foreign file, NewerSchema for a newer one,
        NotARegularFile for a link, FIFO or folder at the file or its WAL files (never followed),
        sqlite3.Error or OSError when it cannot be opened at all.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        for place in (path, *(Path(f"{path}{suffix}") for suffix in _SIDECARS)):
            refuse_link(place)  # SQLite would write wherever a planted link points
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, flags, 0o600))
        connection = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        try:
            _quick_check(connection)
            check_schema(connection)  # before anything writes: a stranger's file stays as it was
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against crashes
            migrate(connection)
            check_schema(connection)
        except WrongSchema as error:
            connection.close()
            raise HistoryDamaged(str(error)) from error
        except sqlite3.DatabaseError as error:
            connection.close()
            if is_damage(error):
                raise HistoryDamaged(str(error)) from error
            raise
        except BaseException:
            connection.close()
            raise
        return cls(path, connection)

    def write(self, rows: Sequence[Row]) -> None:
        """Insert ``rows`` in one transaction: all of them or, on an error, none."""
        with self._transaction():
            for row in rows:
                self._connection.execute(row.sql, row.values)

    def trim(self, cutoff: datetime) -> int:
        """Delete everything that ended before ``cutoff``; return how many rows went."""
        removed = 0
        with self._transaction():
            for table, column in _TRIMMED_COLUMNS.items():
                cursor = self._connection.execute(
                    f"DELETE FROM {table} WHERE {column} < ?",  # noqa: S608 - names are ours
                    (to_ms(cutoff),),
                )
                removed += cursor.rowcount
        return removed

    def replaced(self) -> bool:
        """True when the file at ``path`` is no longer the one open (moved, deleted, renewed)."""
        return _identity(self.path) != self._identity

    def close(self) -> None:
        """Close the database; the last connection also folds the WAL back into the file."""
        self._connection.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")


def open_store(path: Path) -> HistoryStore:
    """Open the history; a damaged file, or a link or FIFO in its place, is set aside (the link
    itself, never what it points to) with a warning, and a new one is started."""
    for _ in range(1 + len(_SIDECARS)):  # the file and each WAL file may need setting aside
        try:
            return HistoryStore.open(path)
        except HistoryDamaged as error:
            _warn_set_aside(path, error, set_aside_damaged(path))
        except NotARegularFile as error:
            aside = set_aside(error.path)
            log.warning(
                "the history file %s is not used (%s; never followed); kept as %s, a new one"
                " starts",
                error.path,
                error.strerror,
                aside,
            )
    return HistoryStore.open(path)


def _warn_set_aside(path: Path, reason: object, target: Path) -> None:
    log.warning(
        "the history %s is damaged (%s); kept as %s, a new one starts", path, reason, target
    )


def _quick_check(connection: sqlite3.Connection) -> None:
    problems = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise HistoryDamaged("; ".join(problems[:3]))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino

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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sitbreak import paths
from sitbreak.core import Away, Effect, Notify, Outcome, Record, ReminderShown, SittingStretch
from sitbreak.files import NotARegularFile, refuse_link, set_aside

__all__ = [
    "APPLICATION_ID",
    "COLUMNS",
    "EPOCH",
    "HISTORY_FILE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "HistoryDamaged",
    "HistoryStore",
    "NewerSchema",
    "Row",
    "WrongSchema",
    "check_schema",
    "from_ms",
    "history_path",
    "is_damage",
    "migrate",
    "open_store",
    "row_for",
    "rows_for",
    "set_aside_damaged",
    "to_ms",
    "user_version",
]


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


def to_ms(moment: datetime) -> int:
    """Milliseconds since 1970-01-01 UTC, the form every time takes in the database."""
    if moment.tzinfo is None:
        raise ValueError("the history stores aware datetimes only")
    return (moment - EPOCH) // _MILLISECOND


def from_ms(milliseconds: int) -> datetime:
    """The aware UTC datetime for a database time."""
    return EPOCH + milliseconds * _MILLISECOND


@dataclass(frozen=True)
class Row:
    """One INSERT: the statement and its parameters."""

    sql: str
    values: tuple[str | int | None, ...]


def row_for(entry: ReminderShown | Outcome | Away | SittingStretch, prompt_id: str | None) -> Row:
    """The row that records ``entry``; ``prompt_id`` is used for a shown reminder only."""
    if isinstance(entry, ReminderShown):
        return Row(
            "INSERT INTO reminders (kind, prompt_id, reason, due_ms, shown_ms) "
            "VALUES (?, ?, ?, ?, ?)",
            (entry.kind.value, prompt_id, entry.reason.value, to_ms(entry.due_at),
             to_ms(entry.shown_at)),
        )  # fmt: skip
    if isinstance(entry, Outcome):
        return Row(
            "INSERT INTO outcomes (kind, outcome, at_ms) VALUES (?, ?, ?)",
            (entry.kind.value, entry.resolution.value, to_ms(entry.at)),
        )
    if isinstance(entry, Away):
        return Row(
            "INSERT INTO time_away (start_ms, end_ms, cause, kinds) VALUES (?, ?, ?, ?)",
            (to_ms(entry.start), to_ms(entry.end), entry.cause.value, ",".join(entry.kinds)),
        )
    return Row(
        "INSERT INTO sitting_stretches (start_ms, end_ms, sitting_ms) VALUES (?, ?, ?)",
        (to_ms(entry.start), to_ms(entry.end), entry.sitting // _MILLISECOND),
    )


def rows_for(effects: Sequence[Effect], prompt_ids: Sequence[str]) -> list[Row]:
    """Rows for every ``Record`` in ``effects``.

    ``prompt_ids`` holds one id per ``Notify`` effect, in order (the daemon's composed
    reminders); a ``ReminderShown`` takes the id of the ``Notify`` just before it.
    """
    rows: list[Row] = []
    shown = -1
    for effect in effects:
        if isinstance(effect, Notify):
            shown += 1
        elif isinstance(effect, Record):
            prompt_id = prompt_ids[shown] if 0 <= shown < len(prompt_ids) else None
            rows.append(row_for(effect.entry, prompt_id))
    return rows


# PRAGMA application_id marks the file as a sitbreak history ("SBRH"), so a stranger's
# SQLite file in our place is recognised as such rather than written into.
APPLICATION_ID = 0x53425248

# Every time is an integer count of milliseconds since 1970-01-01 UTC (see store.py for why).
_VERSION_1 = (
    """CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        prompt_id TEXT,
        reason TEXT NOT NULL,
        due_ms INTEGER NOT NULL,
        shown_ms INTEGER NOT NULL
    )""",
    "CREATE INDEX reminders_by_shown ON reminders (shown_ms)",
    """CREATE TABLE outcomes (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        outcome TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    )""",
    "CREATE INDEX outcomes_by_at ON outcomes (at_ms)",
    """CREATE TABLE time_away (
        id INTEGER PRIMARY KEY,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        cause TEXT NOT NULL,
        kinds TEXT NOT NULL
    )""",
    "CREATE INDEX time_away_by_end ON time_away (end_ms)",
    """CREATE TABLE sitting_stretches (
        id INTEGER PRIMARY KEY,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        sitting_ms INTEGER NOT NULL
    )""",
    "CREATE INDEX sitting_stretches_by_end ON sitting_stretches (end_ms)",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

MIGRATIONS: tuple[Sequence[str], ...] = (_VERSION_1,)
"""Statements that take the database from version ``i`` to ``i + 1``, for each index ``i``."""

SCHEMA_VERSION = len(MIGRATIONS)

COLUMNS: Mapping[str, frozenset[str]] = {
    "reminders": frozenset({"id", "kind", "prompt_id", "reason", "due_ms", "shown_ms"}),
    "outcomes": frozenset({"id", "kind", "outcome", "at_ms"}),
    "time_away": frozenset({"id", "start_ms", "end_ms", "cause", "kinds"}),
    "sitting_stretches": frozenset({"id", "start_ms", "end_ms", "sitting_ms"}),
}
"""The tables of the current version and the columns each must have."""


class WrongSchema(Exception):
    """A readable SQLite file that is not a sitbreak history, or one with tables missing."""


class NewerSchema(Exception):
    """A history written by a newer sitbreak: left untouched, since this one cannot read it."""


def user_version(connection: sqlite3.Connection) -> int:
    """The schema version stored in the file (0 for a new, empty database)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _application_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA application_id").fetchone()[0])


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {str(name) for (name,) in rows}


def check_schema(connection: sqlite3.Connection, latest: int = SCHEMA_VERSION) -> int:
    """The file's version if it is a sitbreak history this code can use; raise otherwise.

    Version 0 with no tables is a new database. Raises WrongSchema for a foreign file or
    missing tables and columns, NewerSchema for a version above ``latest``.
    """
    version = user_version(connection)
    application = _application_id(connection)
    if version == 0:
        if application not in (0, APPLICATION_ID) or _tables(connection):
            raise WrongSchema("it is an SQLite database, but not a sitbreak history")
        return 0
    if application != APPLICATION_ID:
        raise WrongSchema(f"its application id is {application:#x}, not sitbreak's")
    if version > latest:
        raise NewerSchema(
            f"it has schema version {version}, written by a newer sitbreak "
            f"(this one knows up to {latest})"
        )
    if version == latest:
        _check_columns(connection)
    return version


def _check_columns(connection: sqlite3.Connection) -> None:
    for table, wanted in COLUMNS.items():
        rows = connection.execute(f"PRAGMA table_info({table})").fetchall()  # names are ours
        missing = wanted - {str(row[1]) for row in rows}
        if missing:
            detail = "is missing" if not rows else f"lacks columns {', '.join(sorted(missing))}"
            raise WrongSchema(f"table {table} {detail}")


def migrate(
    connection: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS
) -> int:
    """Bring the database to the latest version, one transaction per step; return that version.

    ``connection`` must be in autocommit mode (``isolation_level=None``). A step that fails
    is rolled back whole and leaves the previous version in place.
    """
    latest = len(migrations)
    version = check_schema(connection, latest)
    while version < latest:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in migrations[version]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        version += 1
    return version


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

"""The history database's tables, its schema version and the migrations that reach it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

__all__ = [
    "APPLICATION_ID",
    "COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NewerSchema",
    "WrongSchema",
    "check_schema",
    "migrate",
    "user_version",
]

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

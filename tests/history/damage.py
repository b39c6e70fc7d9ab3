"""Ways a history file can be bad, each made for real on disk."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sitbreak.core import Kind
from sitbreak.history.store import HistoryStore
from tests.history.records import local, sat, shown, write_records

Damage = Callable[[Path], None]


def garbage(path: Path) -> None:
    """Bytes that are no database at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\xff this is not a database \x13\x37\n" * 400)


def _healthy_with_rows(path: Path) -> None:
    day = date(2026, 11, 2)
    entries = []
    for n in range(600):
        start = local(day + timedelta(days=n % 30), "09:00") + timedelta(minutes=n)
        entries += [shown(Kind.MICRO, start), sat(start, start + timedelta(minutes=30))]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_records(path, entries)


def truncated(path: Path) -> None:
    """A real history cut to half its length, as a full disk or a crash might leave it."""
    _healthy_with_rows(path)
    data = path.read_bytes()
    assert len(data) > 8 * 4096, "the history should span many pages"
    path.write_bytes(data[: len(data) // 2])


def truncated_header(path: Path) -> None:
    """Only the first 60 bytes of a real history: not even a whole header."""
    _healthy_with_rows(path)
    path.write_bytes(path.read_bytes()[:60])


def foreign_database(path: Path) -> None:
    """A valid SQLite file that belongs to something else (its own tables, no version)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("INSERT INTO notes (text) VALUES ('buy milk')")
    connection.commit()
    connection.close()


def missing_table(path: Path) -> None:
    """Our application id and version 1, but a table dropped: the wrong schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    HistoryStore.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE outcomes")
    connection.commit()
    connection.close()


def foreign_application(path: Path) -> None:
    """A version-1 SQLite file whose application id says another program made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 42")
    connection.execute("PRAGMA user_version = 1")
    connection.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()


DAMAGES: dict[str, Damage] = {
    "garbage": garbage,
    "truncated": truncated,
    "truncated-header": truncated_header,
    "foreign-database": foreign_database,
    "missing-table": missing_table,
    "foreign-application": foreign_application,
}


def set_aside_files(path: Path) -> list[Path]:
    """The damaged copies set aside beside ``path`` (not their WAL files)."""
    return sorted(
        p
        for p in path.parent.glob(f"{path.name}.corrupt-*")
        if not p.name.endswith(("-wal", "-shm"))
    )


def break_pages_under_an_open_connection(path: Path) -> None:
    """Fold the WAL in, overwrite every page but the first, then touch the header elsewhere.

    The touch makes the open connection drop its page cache, so its next write reads the
    broken pages and SQLite reports the corruption then, as it would after a disk fault.
    """
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file first
    other.close()
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA user_version = 1")
    other.close()

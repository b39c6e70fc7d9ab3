"""The history store: schema and migrations, round trips, retention, and where it lives."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sitbreak.core import Kind, NotifyReason, Resolution
from sitbreak.history.reading import read_history
from sitbreak.history.store import (
    APPLICATION_ID,
    HISTORY_FILE,
    MIGRATIONS,
    SCHEMA_VERSION,
    HistoryStore,
    NewerSchema,
    from_ms,
    history_path,
    migrate,
    row_for,
    to_ms,
    user_version,
)
from tests.history.records import away, local, outcome, sat, shown, write_records

DAY = date(2026, 11, 23)
EARLY = datetime(2000, 1, 1, tzinfo=UTC)


def test_history_lives_in_the_data_dir(home: Path) -> None:
    """The file is history.sqlite3 under $XDG_DATA_HOME/sitbreak."""
    assert history_path() == home / "data" / "sitbreak" / HISTORY_FILE


def test_times_are_integer_milliseconds_since_the_epoch() -> None:
    """to_ms/from_ms round-trip aware times in any zone, and refuse naive ones."""
    moment = local(DAY, "09:30:15.250")
    assert to_ms(moment) == 1_795_422_615_250  # date -u -d '2026-11-23 08:30:15' +%s
    assert from_ms(to_ms(moment)) == moment
    assert from_ms(to_ms(moment)).tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        to_ms(datetime(2026, 11, 23, 9, 0))


def test_a_new_history_is_created_private_in_wal_mode_at_the_latest_version(
    tmp_path: Path,
) -> None:
    """Opening creates the folder and a 0600 file in WAL mode, migrated to the latest version."""
    path = tmp_path / "new" / "history.sqlite3"
    HistoryStore.open(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert user_version(connection) == SCHEMA_VERSION == 1
    assert connection.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    connection.close()


def test_an_empty_file_is_version_0_and_migrates(tmp_path: Path) -> None:
    """A zero-byte file (version 0, no tables) is a new database, not a damaged one."""
    path = tmp_path / HISTORY_FILE
    path.touch()
    store = HistoryStore.open(path)
    store.write([row_for(sat(local(DAY, "09:00"), local(DAY, "10:00")), None)])
    store.close()
    assert len(read_history(path, EARLY).history.sitting) == 1
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_every_record_reads_back_as_written(tmp_path: Path) -> None:
    """Reminders, outcomes, time away and sitting come back equal, prompt ids stored too."""
    path = tmp_path / HISTORY_FILE
    entries = [
        shown(Kind.STRETCH, local(DAY, "10:00"), NotifyReason.HELD),
        outcome(Kind.STRETCH, Resolution.SNOOZED, local(DAY, "10:01")),
        away(local(DAY, "10:20"), local(DAY, "10:23"), (Kind.POSTURE, Kind.MICRO)),
        sat(local(DAY, "09:00"), local(DAY, "10:20"), minutes=75.5),
    ]
    write_records(path, entries, prompt_id="chair-height")
    history = read_history(path, EARLY).history
    assert history.reminders == (entries[0],)
    assert history.outcomes == (entries[1],)
    assert history.away == (entries[2],)
    assert history.sitting == (entries[3],)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT prompt_id FROM reminders").fetchall() == [("chair-height",)]
    connection.close()


def test_reading_since_skips_what_ended_before(tmp_path: Path) -> None:
    """read_history(since) leaves out records that ended before ``since``."""
    path = tmp_path / HISTORY_FILE
    write_records(
        path,
        [
            sat(local(DAY, "08:00"), local(DAY, "08:59")),
            sat(local(DAY, "08:30"), local(DAY, "09:30")),
            shown(Kind.MICRO, local(DAY, "08:50")),
        ],
    )
    history = read_history(path, local(DAY, "09:00")).history
    assert [s.end for s in history.sitting] == [local(DAY, "09:30")]
    assert history.reminders == ()


def test_unreadable_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    """A row with an unknown kind or a non-number time is skipped, the rest still read."""
    path = tmp_path / HISTORY_FILE
    write_records(path, [shown(Kind.MICRO, local(DAY, "10:00"))])
    at = to_ms(local(DAY, "11:00"))
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO reminders VALUES (NULL, 'nap', NULL, 'due', ?, ?)", (at, at))
    connection.execute("INSERT INTO sitting_stretches VALUES (NULL, ?, ?, 'long')", (at, at))
    connection.commit()
    connection.close()
    read = read_history(path, EARLY)
    assert read.skipped == 2
    assert len(read.history.reminders) == 1


def test_trim_deletes_rows_that_ended_before_the_cutoff(tmp_path: Path) -> None:
    """trim() removes old rows from every table and keeps the rest."""
    path = tmp_path / HISTORY_FILE
    old, new = DAY - timedelta(days=400), DAY
    write_records(
        path,
        [
            shown(Kind.MICRO, local(old, "10:00")),
            outcome(Kind.MICRO, Resolution.DONE, local(old, "10:05")),
            away(local(old, "12:00"), local(old, "13:00")),
            sat(local(old, "09:00"), local(old, "12:00")),
            shown(Kind.MICRO, local(new, "10:00")),
            sat(local(new, "09:00"), local(new, "12:00")),
        ],
    )
    store = HistoryStore.open(path)
    assert store.trim(local(DAY - timedelta(days=365), "00:00")) == 4
    store.close()
    history = read_history(path, EARLY).history
    assert [r.shown_at for r in history.reminders] == [local(new, "10:00")]
    assert [s.start for s in history.sitting] == [local(new, "09:00")]
    assert history.outcomes == history.away == ()


def test_migrations_run_step_by_step_from_version_0(tmp_path: Path) -> None:
    """A later migration is applied on top of version 1, and the version counts each step."""
    connection = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert migrate(connection) == 1
    connection.execute("INSERT INTO outcomes VALUES (NULL, 'micro', 'done', 5)")
    later = (*MIGRATIONS, ("ALTER TABLE outcomes ADD COLUMN note TEXT DEFAULT ''",))
    assert migrate(connection, later) == 2
    assert user_version(connection) == 2
    assert connection.execute("SELECT kind, note FROM outcomes").fetchall() == [("micro", "")]
    connection.close()


def test_a_failing_migration_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    """A step that fails half-way is rolled back: tables and version as before."""
    connection = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    migrate(connection)
    broken = (*MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    with pytest.raises(sqlite3.OperationalError):
        migrate(connection, broken)
    assert user_version(connection) == 1
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert "extra" not in tables
    connection.close()


def test_a_newer_history_is_refused_and_left_alone(tmp_path: Path) -> None:
    """A file from a newer sitbreak raises NewerSchema and keeps its bytes."""
    path = tmp_path / HISTORY_FILE
    HistoryStore.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 7")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchema, match="version 7"):
        HistoryStore.open(path)
    with pytest.raises(NewerSchema):
        read_history(path, EARLY)
    assert path.read_bytes() == before

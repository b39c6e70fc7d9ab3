"""The history file where something else is in its place: never followed, never hung on."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitbreak.history.store import open_store
from tests.history.conftest import StatsRunner
from tests.history.records import local, sat, write_records
from tests.history.test_stats_cli import DAY, some_history
from tests.support.read_only import read_only_argv


def test_a_dangling_link_is_set_aside_and_its_target_never_made(
    history_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A link to a file outside the data folder: renamed aside; SQLite never creates the target."""
    outside = tmp_path / "outside.db"
    history_file.parent.mkdir(parents=True)
    history_file.symlink_to(outside)
    with caplog.at_level(logging.WARNING):
        store = open_store(history_file)
    store.write([])
    store.close()
    assert not outside.exists()
    assert history_file.is_file()
    assert not history_file.is_symlink()
    aside = [p for p in history_file.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].is_symlink()
    assert "it is a symbolic link, not a regular file" in caplog.text


def test_a_link_at_the_wal_file_is_set_aside_too(history_file: Path, tmp_path: Path) -> None:
    """SQLite writes history.sqlite3-wal as well; a link planted there is not followed either."""
    outside = tmp_path / "outside-wal"
    history_file.parent.mkdir(parents=True)
    write_records(history_file, [sat(local(DAY, "09:00"), local(DAY, "09:30"))])
    Path(f"{history_file}-wal").symlink_to(outside)
    store = open_store(history_file)
    store.write([])
    store.close()
    assert not outside.exists()
    assert [p.is_symlink() for p in history_file.parent.glob("*-wal.corrupt-*")] == [True]


def test_stats_refuses_a_fifo_instead_of_hanging(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """A FIFO as the history: one line, exit 1, at once."""
    history_file.parent.mkdir(parents=True)
    os.mkfifo(history_file)
    printed = sitbreak_stats()
    assert printed.status == 1
    assert printed.err == (
        f"sitbreak: cannot read the history {history_file}:"
        " it is a FIFO (named pipe), not a regular file\n"
    )


def test_stats_reads_a_history_on_a_read_only_disk(history_file: Path) -> None:
    """A valid history on a read-only mount is read as it stands (SQLite cannot add its index)."""
    history_file.parent.mkdir(parents=True)
    some_history(history_file)
    env = {**os.environ}
    argv = [sys.executable, "-m", "sitbreak", "stats", "--until", DAY.isoformat(), "--json"]
    done = subprocess.run(
        read_only_argv(history_file.parent, argv),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert '"sitting_seconds": 5400' in done.stdout, done.stdout

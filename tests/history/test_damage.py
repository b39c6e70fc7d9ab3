"""A damaged, foreign or unreadable history is set aside (never deleted) and a new one starts."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sitbreak.cli.stats_cmd import NO_HISTORY
from sitbreak.core import Kind
from sitbreak.history.reading import read_history
from sitbreak.history.recorder import HistoryRecorder
from sitbreak.history.store import HISTORY_FILE, open_store, row_for
from tests.history.conftest import StatsRunner
from tests.history.damage import (
    DAMAGES,
    Damage,
    break_pages_under_an_open_connection,
    set_aside_files,
)
from tests.history.records import local, sat, shown

DAY = date(2026, 11, 23)
EARLY = datetime(2000, 1, 1, tzinfo=UTC)


def a_stretch(clock: str) -> list:
    """One row: a half-hour sitting stretch starting at ``clock`` on DAY."""
    start = local(DAY, clock)
    return [row_for(sat(start, start.replace(minute=30)), None)]


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_opening_sets_a_damaged_history_aside_and_starts_anew(
    damage: Damage, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """open_store renames the bad file aside, bytes intact, warns, and the new one works."""
    path = tmp_path / HISTORY_FILE
    damage(path)
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="sitbreak.history"):
        store = open_store(path)
    store.write(a_stretch("09:00"))
    store.close()
    [aside] = set_aside_files(path)
    assert aside.read_bytes() == original
    assert "is damaged" in caplog.text
    assert str(aside) in caplog.text
    assert [s.start for s in read_history(path, EARLY).history.sitting] == [local(DAY, "09:00")]


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_stats_sets_a_damaged_history_aside_and_says_so(
    damage: Damage, history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """`sitbreak stats` on a bad file: exit 0, a message naming both files, no traceback."""
    damage(history_file)
    original = history_file.read_bytes()
    printed = sitbreak_stats()
    assert printed.status == 0
    [aside] = set_aside_files(history_file)
    assert aside.read_bytes() == original
    assert not history_file.exists()
    assert f"the history {history_file} is damaged" in printed.err
    assert str(aside) in printed.err
    assert printed.out.strip() == NO_HISTORY


def test_recorder_starts_anew_over_a_damaged_file(history_file: Path) -> None:
    """A recorder started on garbage sets it aside and records into a new history."""
    DAMAGES["garbage"](history_file)
    recorder = HistoryRecorder(history_file, lambda: 365)
    recorder.start()
    recorder.record(a_stretch("09:00"))
    recorder.close()
    assert len(set_aside_files(history_file)) == 1
    assert len(read_history(history_file, EARLY).history.sitting) == 1


def test_damage_found_while_writing_sets_the_file_aside_and_keeps_the_batch(
    history_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Corruption reported by a write: file set aside, that batch written to a new history."""
    recorder = HistoryRecorder(history_file, lambda: 365)
    recorder.start()
    recorder.record(
        [
            row_for(shown(Kind.MICRO, local(DAY, "08:00" if n else "08:01")), None)
            for n in range(2000)
        ]
    )
    assert recorder.flush()
    break_pages_under_an_open_connection(history_file)
    with caplog.at_level(logging.WARNING, logger="sitbreak.history"):
        recorder.record(a_stretch("09:00"))
        assert recorder.flush()
    recorder.record(a_stretch("10:00"))
    recorder.close()
    assert "turned out damaged" in caplog.text
    assert len(set_aside_files(history_file)) == 1
    starts = [s.start for s in read_history(history_file, EARLY).history.sitting]
    assert starts == [local(DAY, "09:00"), local(DAY, "10:00")]


def test_a_history_moved_away_while_running_is_started_anew(history_file: Path) -> None:
    """Renaming the file under a running recorder: later rows go to a new file, old one kept."""
    recorder = HistoryRecorder(history_file, lambda: 365)
    recorder.start()
    recorder.record(a_stretch("09:00"))
    assert recorder.flush()
    moved = history_file.with_name("kept.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{history_file}{suffix}").rename(f"{moved}{suffix}")
    recorder.record(a_stretch("10:00"))
    recorder.close()
    assert [s.start for s in read_history(history_file, EARLY).history.sitting] == [
        local(DAY, "10:00")
    ]
    assert [s.start for s in read_history(moved, EARLY).history.sitting] == [local(DAY, "09:00")]


def test_an_unopenable_history_costs_rows_not_the_daemon(
    history_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A file where its folder should be: one warning, rows dropped, flush and close still work."""
    history_file.parent.parent.mkdir(parents=True, exist_ok=True)
    history_file.parent.write_text("not a folder", encoding="utf-8")
    recorder = HistoryRecorder(history_file, lambda: 365)
    with caplog.at_level(logging.WARNING, logger="sitbreak.history"):
        recorder.start()
        for clock in ("09:00", "10:00", "11:00"):
            recorder.record(a_stretch(clock))
        assert recorder.flush()
        recorder.close()
    assert caplog.text.count("cannot open the history") == 1
    assert history_file.parent.read_text(encoding="utf-8") == "not a folder"


def test_a_newer_history_is_left_untouched_by_the_recorder(
    history_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A newer sitbreak's file: a warning, nothing written, nothing set aside."""
    history_file.parent.mkdir(parents=True)
    open_store(history_file).close()
    connection = sqlite3.connect(history_file)
    connection.execute("PRAGMA user_version = 9")
    connection.close()
    before = history_file.read_bytes()
    recorder = HistoryRecorder(history_file, lambda: 365)
    with caplog.at_level(logging.WARNING, logger="sitbreak.history"):
        recorder.start()
        recorder.record(a_stretch("09:00"))
        recorder.close()
    assert "newer sitbreak" in caplog.text
    assert history_file.read_bytes() == before
    assert set_aside_files(history_file) == []


def test_stats_refuses_a_newer_history_without_touching_it(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """`sitbreak stats` on a newer file: exit 1 with the reason; the file stays."""
    history_file.parent.mkdir(parents=True)
    open_store(history_file).close()
    connection = sqlite3.connect(history_file)
    connection.execute("PRAGMA user_version = 9")
    connection.close()
    printed = sitbreak_stats()
    assert printed.status == 1
    assert "newer sitbreak" in printed.err
    assert set_aside_files(history_file) == []

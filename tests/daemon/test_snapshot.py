"""The state snapshot survives restarts, and a corrupt one is set aside, never deleted."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sitbreak.core import Kind, Pause, Policy, Snooze, Tick, step
from sitbreak.daemon.snapshot import Snapshot, decode, encode, load_snapshot, save_snapshot
from sitbreak.guidance import ShuffleBag

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def busy_snapshot() -> Snapshot:
    """A snapshot with a pending, snoozed reminder, counters and a used shuffle bag."""
    policy = Policy()
    state, _ = step(Snapshot().state, Tick(), T0, policy)
    state, _ = step(state, Tick(), T0 + timedelta(minutes=40), policy)
    state, _ = step(state, Snooze(), T0 + timedelta(minutes=41), policy)
    _, bag = ShuffleBag().draw(Kind.MICRO, ["a", "b", "c"], random.Random(1))
    return Snapshot(state, bag, {Kind.MICRO: "a"}, safety_note_shown=True)


def test_round_trip_keeps_everything() -> None:
    """encode then decode gives back an equal snapshot."""
    snapshot = busy_snapshot()
    assert snapshot.state.pending is not None
    assert decode(encode(snapshot)) == snapshot


def test_save_is_private_and_loads_back(tmp_path: Path) -> None:
    """The file is written 0600 and reads back equal."""
    path = tmp_path / "state" / "state.json"
    snapshot = busy_snapshot()
    save_snapshot(path, snapshot)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert load_snapshot(path) == snapshot


def test_safety_note_flag_defaults_to_not_shown_in_older_files() -> None:
    """A file written before the flag existed reads as 'note not shown yet'; a shown one stays."""
    older = encode(Snapshot()).replace(b',\n "safety_note_shown": false', b"")
    assert b"safety_note_shown" not in older
    assert decode(older).safety_note_shown is False
    assert decode(encode(Snapshot(safety_note_shown=True))).safety_note_shown is True


def test_missing_file_gives_a_fresh_snapshot(tmp_path: Path) -> None:
    """No file yet is the normal first start."""
    assert load_snapshot(tmp_path / "nope.json") == Snapshot()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage",
        b'{"version": 1, "state": {',
        b"[1, 2, 3]",
        b'{"version": 99, "state": {}}',
        b'{"version": 1, "state": {"updated_at": "yesterday"}}',
        b'{"version": 1, "state": {"updated_at": null, "sitting": "lots"}}',
        encode(Snapshot()).replace(b'"safety_note_shown": false', b'"safety_note_shown": "yes"'),
    ],
)
def test_corrupt_file_is_set_aside_and_a_fresh_start_made(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """A corrupt snapshot is renamed beside the original with a warning, never deleted."""
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert load_snapshot(path) == Snapshot()
    assert not path.exists()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("state.json.corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_bytes() == content
    assert "corrupt" in caplog.text
    assert str(aside[0]) in caplog.text


def test_pause_survives_a_save_and_load(tmp_path: Path) -> None:
    """A pause until a time is still in force after a reload from disk."""
    policy = Policy()
    state, _ = step(Snapshot().state, Tick(), T0, policy)
    state, _ = step(state, Pause(until=T0 + timedelta(hours=2)), T0 + timedelta(minutes=1), policy)
    save_snapshot(tmp_path / "s.json", Snapshot(state))
    restored = load_snapshot(tmp_path / "s.json").state
    assert restored.paused
    assert restored.paused_until == T0 + timedelta(hours=2)


def test_no_temp_files_are_left_behind(tmp_path: Path) -> None:
    """Atomic saves clean up after themselves."""
    for _ in range(3):
        save_snapshot(tmp_path / "s.json", busy_snapshot())
    assert os.listdir(tmp_path) == ["s.json"]

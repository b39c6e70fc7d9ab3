"""The state snapshot survives restarts; anything unusable is set aside, never deleted or hung."""

from __future__ import annotations

import contextlib
import json
import os
import random
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitbreak.core import Kind, Pause, Policy, Snooze, Tick, step
from sitbreak.daemon.snapshot import Snapshot, decode, encode, load_snapshot, save_snapshot
from sitbreak.guidance import ShuffleBag
from tests.support.manual_daemon import ManualDaemon

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


EXTREME = [
    ("sitting", 1e300),
    ("sitting", -1),
    ("snoozes_in_a_row", 10**400),
    ("snoozes_in_a_row", 2.5),
    ("paused", "yes"),
    ("updated_at", "0001-01-01T00:00:00+00:00"),
    ("updated_at", "9999-12-31T23:59:59-14:00"),
    ("paused_until", "9999-12-31T23:59:59+00:00"),
    ("presence", 7),
    ("cycles", []),
    ("last_break_at", "0001-01-01T00:00:00+00:00"),
    ("summarized_day", "yesterday"),
    ("summarized_day", 20261123),
]


@pytest.mark.parametrize(("field", "value"), EXTREME, ids=[f"{f}={v!r:.20}" for f, v in EXTREME])
def test_a_state_that_parses_but_holds_extreme_values_is_set_aside(
    tmp_path: Path, field: str, value: object, caplog: pytest.LogCaptureFixture
) -> None:
    """1e300 seconds, 10**400 snoozes, year 1 or 9999...: set aside with a line naming the field."""
    body = json.loads(encode(busy_snapshot()))
    body["state"][field] = value
    path = tmp_path / "state.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert load_snapshot(path) == Snapshot()
    assert not path.exists()
    assert f"state.{field}" in caplog.text
    assert len(caplog.records) == 1


@pytest.mark.parametrize(
    "content",
    [b'{"version": 1, "state": {"sitting": Infinity}}', b"[" * 200_000, b" " * (2 << 20)],
    ids=["Infinity", "deep-nesting", "two-megabytes"],
)
def test_unreadable_json_is_set_aside(tmp_path: Path, content: bytes) -> None:
    """Infinity, 200,000 nested brackets or a 2 MB file: set aside, never an exception."""
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert load_snapshot(path) == Snapshot()
    assert [p.name.startswith("state.json.corrupt-") for p in tmp_path.iterdir()] == [True]


def make_fifo(path: Path) -> None:
    """A named pipe nobody writes to: reading it would block for ever."""
    os.mkfifo(path)


def make_dev_zero_link(path: Path) -> None:
    """A link to /dev/zero: reading it would never end."""
    path.symlink_to("/dev/zero")


def make_folder(path: Path) -> None:
    """A folder where the file should be: no save could replace it."""
    path.mkdir()


@pytest.mark.parametrize("make", [make_fifo, make_dev_zero_link, make_folder])
def test_something_that_is_not_a_file_is_set_aside_without_hanging(
    tmp_path: Path, make: Callable[[Path], None], caplog: pytest.LogCaptureFixture
) -> None:
    """A FIFO, a link to /dev/zero or a folder at state.json is renamed aside; saves work again."""
    path = tmp_path / "state.json"
    make(path)
    assert load_snapshot(path) == Snapshot()
    assert not os.path.lexists(path)
    assert "state.json.corrupt-" in caplog.text
    save_snapshot(path, busy_snapshot())
    assert load_snapshot(path) == busy_snapshot()


def test_a_link_to_a_good_state_is_not_followed(tmp_path: Path) -> None:
    """Even a link to a valid snapshot is set aside, the file it points to left as it was."""
    real = tmp_path / "elsewhere.json"
    save_snapshot(real, busy_snapshot())
    (tmp_path / "state.json").symlink_to(real)
    assert load_snapshot(tmp_path / "state.json") == Snapshot()
    assert load_snapshot(real) == busy_snapshot()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_value_error(data: bytes) -> None:
    """Whatever the bytes, decode gives a snapshot or a ValueError, never another exception."""
    with contextlib.suppress(ValueError):
        decode(data)


def _leaves(tree: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Paths to every value inside a JSON tree."""
    found: list[tuple[object, ...]] = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += _leaves(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += _leaves(value, (*path, index))
    return found


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "micro"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_snapshot_with_one_value_changed_lets_the_daemon_start(data: st.DataObject) -> None:
    """Replace any value of a real snapshot with any JSON: the daemon starts and answers status."""
    body = json.loads(encode(busy_snapshot()))
    where = data.draw(st.sampled_from(_leaves(body)))
    value = data.draw(JSON)
    if not where:
        body = value
    else:
        parent = body
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = value
    with tempfile.TemporaryDirectory() as folder:
        manual = ManualDaemon(Path(folder))
        (Path(folder) / "state.json").write_text(json.dumps(body), encoding="utf-8")
        manual.daemon.start()
        try:
            manual.daemon.status()
        finally:
            manual.daemon.stop()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000) | JSON.map(lambda value: json.dumps(value).encode()))
def test_any_state_file_bytes_let_the_daemon_start(data: bytes) -> None:
    """Whatever bytes state.json holds, the daemon starts, answers status and stops."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "state.json").write_bytes(data)
        manual = ManualDaemon(Path(folder))
        manual.daemon.start()
        try:
            manual.daemon.status()
        finally:
            manual.daemon.stop()


def test_last_break_and_summarized_day_survive_a_restart() -> None:
    """When the last break ended and the last day summed up are saved and read back."""
    state = replace(
        busy_snapshot().state,
        last_break_at=T0 + timedelta(minutes=5),
        summarized_day=date(2026, 11, 22),
    )
    snapshot = Snapshot(state)
    assert decode(encode(snapshot)) == snapshot


def test_a_file_from_before_last_break_and_summaries_reads_as_none() -> None:
    """A snapshot written before these keys existed loads, with neither known."""
    body = json.loads(encode(busy_snapshot()))
    del body["state"]["last_break_at"], body["state"]["summarized_day"]
    state = decode(json.dumps(body).encode()).state
    assert state.last_break_at is None
    assert state.summarized_day is None
    assert state.pending == busy_snapshot().state.pending

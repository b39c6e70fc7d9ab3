"""The daemon's state snapshot: the core's state and the prompt rotation, as atomic JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sitbreak.core import Kind, Pending, Presence, State
from sitbreak.files import set_aside, write_atomic
from sitbreak.guidance.rotation import ShuffleBag

__all__ = ["FORMAT_VERSION", "Snapshot", "decode", "encode", "load_snapshot", "save_snapshot"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """What survives a restart: counters and holds, the shuffle bag, the last prompt per kind,
    and whether the one-time safety note has been shown.
    """

    state: State = field(default_factory=State)
    bag: ShuffleBag = field(default_factory=ShuffleBag)
    last_prompt: dict[Kind, str] = field(default_factory=dict)
    safety_note_shown: bool = False


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 time, got {value!r}")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    return moment


def _seconds(value: object) -> timedelta:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"expected seconds, got {value!r}")
    return timedelta(seconds=value)


def encode(snapshot: Snapshot) -> bytes:
    """Serialise a snapshot to UTF-8 JSON."""
    state = snapshot.state
    pending = state.pending
    body = {
        "version": FORMAT_VERSION,
        "state": {
            "updated_at": _time(state.updated_at),
            "sitting": state.sitting.total_seconds(),
            "sitting_since": _time(state.sitting_since),
            "cycles": {kind.value: spent.total_seconds() for kind, spent in state.cycles.items()},
            "presence": state.presence.value,
            "away_since": _time(state.away_since),
            "paused": state.paused,
            "paused_until": _time(state.paused_until),
            "snoozed_until": _time(state.snoozed_until),
            "snoozes_in_a_row": state.snoozes_in_a_row,
            "pending": None
            if pending is None
            else {
                "kind": pending.kind.value,
                "due_at": _time(pending.due_at),
                "shown_at": _time(pending.shown_at),
                "next_at": _time(pending.next_at),
                "repeats": pending.repeats,
                "snoozed": pending.snoozed,
            },
            "last_fired_at": _time(state.last_fired_at),
        },
        "bag": snapshot.bag.to_json(),
        "last_prompt": {kind.value: prompt for kind, prompt in snapshot.last_prompt.items()},
        "safety_note_shown": snapshot.safety_note_shown,
    }
    return json.dumps(body, indent=1, sort_keys=True).encode()


def decode(data: bytes) -> Snapshot:
    """Parse a snapshot; raise ValueError naming what is wrong."""
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not JSON: {error}") from error
    if not isinstance(body, dict):
        raise ValueError("the top level is not an object")
    if body.get("version") != FORMAT_VERSION:
        raise ValueError(f"unknown format version {body.get('version')!r}")
    try:
        state = _decode_state(body["state"])
        bag = ShuffleBag.from_json(body.get("bag", {}))
        last = {
            Kind(kind): str(prompt) for kind, prompt in dict(body.get("last_prompt", {})).items()
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"missing or malformed field: {error}") from error
    shown = body.get("safety_note_shown", False)  # absent in files written before the note
    if not isinstance(shown, bool):
        raise ValueError(f"safety_note_shown must be true or false, not {shown!r}")
    return Snapshot(state, bag, last, shown)


def _decode_state(raw: Any) -> State:
    pending_raw = raw["pending"]
    pending = None
    if pending_raw is not None:
        due_at, shown_at = _parse_time(pending_raw["due_at"]), _parse_time(pending_raw["shown_at"])
        if due_at is None or shown_at is None:
            raise ValueError("a pending reminder needs due_at and shown_at")
        pending = Pending(
            kind=Kind(pending_raw["kind"]),
            due_at=due_at,
            shown_at=shown_at,
            next_at=_parse_time(pending_raw["next_at"]),
            repeats=int(pending_raw["repeats"]),
            snoozed=bool(pending_raw["snoozed"]),
        )
    cycles = {kind: _seconds(raw["cycles"].get(kind.value, 0)) for kind in Kind.by_size()}
    return State(
        updated_at=_parse_time(raw["updated_at"]),
        sitting=_seconds(raw["sitting"]),
        sitting_since=_parse_time(raw["sitting_since"]),
        cycles=cycles,
        presence=Presence(raw["presence"]),
        away_since=_parse_time(raw["away_since"]),
        paused=bool(raw["paused"]),
        paused_until=_parse_time(raw["paused_until"]),
        snoozed_until=_parse_time(raw["snoozed_until"]),
        snoozes_in_a_row=int(raw["snoozes_in_a_row"]),
        pending=pending,
        last_fired_at=_parse_time(raw["last_fired_at"]),
    )


def load_snapshot(path: Path) -> Snapshot:
    """Read the snapshot; a missing file gives a fresh one, a corrupt one is set aside."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Snapshot()
    except OSError as error:
        log.warning("cannot read state file %s (%s); starting fresh", path, error)
        return Snapshot()
    try:
        return decode(data)
    except ValueError as error:
        aside = set_aside(path)
        log.warning(
            "state file %s is corrupt (%s); moved it to %s and started fresh", path, error, aside
        )
        return Snapshot()


def save_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot atomically (0600)."""
    write_atomic(path, encode(snapshot))

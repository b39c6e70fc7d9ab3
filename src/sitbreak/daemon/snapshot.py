"""The daemon's state snapshot: the core's state and the prompt rotation, as atomic JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sitbreak.core import Kind, Pending, Presence, State
from sitbreak.core.limits import EARLIEST, LATEST, MAX_COUNTED
from sitbreak.files import FileTooLarge, NotARegularFile, read_regular, set_aside, write_atomic
from sitbreak.guidance.rotation import ShuffleBag

__all__ = [
    "FORMAT_VERSION",
    "MAX_STATE_BYTES",
    "Snapshot",
    "decode",
    "encode",
    "load_snapshot",
    "save_snapshot",
]

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


MAX_STATE_BYTES = 1024 * 1024
"""A snapshot is about a kilobyte; anything past this is not one."""

_MAX_COUNT = 1_000_000


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _short(value: object) -> str:
    """A value for an error message, cut short: a file may hold anything."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:39]}…"


def _parse_time(value: object, name: str) -> datetime | None:
    """An aware time inside the core's range (1970-3000), or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected an ISO 8601 time, got {_short(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {_short(value)} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise ValueError(f"{name}: time {_short(value)} has no UTC offset")
    try:
        inside = EARLIEST <= moment <= LATEST
    except OverflowError:
        inside = False
    if not inside:
        raise ValueError(f"{name}: {_short(value)} is not between years 1970 and 3000")
    return moment


def _parse_day(value: object, name: str) -> date | None:
    """A calendar day written ``2026-11-23``, or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected an ISO 8601 date, got {_short(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {_short(value)} is not an ISO 8601 date") from None


def _seconds(value: object, name: str) -> timedelta:
    """A count of seconds from 0 up to ten years, as a timedelta."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"{name}: expected seconds, got {_short(value)}")
    if not 0 <= value <= MAX_COUNTED.total_seconds():  # also refuses NaN
        raise ValueError(f"{name}: {_short(value)} seconds is out of range")
    return timedelta(seconds=value)


def _count(value: object, name: str) -> int:
    """A whole number from 0 to a million."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_COUNT:
        raise ValueError(f"{name}: expected a count, got {_short(value)}")
    return value


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name}: expected true or false, got {_short(value)}")
    return value


def _table(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{name}: expected an object, got {_short(value)}")
    return value


def _choice(kind: type[Kind] | type[Presence], value: object, name: str) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected a name, got {_short(value)}")
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{name}: unknown {_short(value)}") from None


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
            "last_break_at": _time(state.last_break_at),
            "summarized_day": None
            if state.summarized_day is None
            else state.summarized_day.isoformat(),
        },
        "bag": snapshot.bag.to_json(),
        "last_prompt": {kind.value: prompt for kind, prompt in snapshot.last_prompt.items()},
        "safety_note_shown": snapshot.safety_note_shown,
    }
    return json.dumps(body, indent=1, sort_keys=True).encode()


def decode(data: bytes) -> Snapshot:
    """Parse a snapshot; raise ValueError naming what is wrong, and nothing else, for any bytes."""
    try:
        body = json.loads(data, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not JSON: {error}") from error
    except (ValueError, RecursionError) as error:  # Infinity, NaN, deep nesting, huge numbers
        raise ValueError(f"not usable JSON: {_short(str(error))}") from error
    body = _table(body, "the top level")
    if body.get("version") != FORMAT_VERSION:
        raise ValueError(f"unknown format version {_short(body.get('version'))}")
    try:
        state = _decode_state(_table(body.get("state"), "state"))
        bag = ShuffleBag.from_json(body.get("bag", {}))
        last = {
            _choice(Kind, kind, "last_prompt"): _text(prompt, "last_prompt")
            for kind, prompt in _table(body.get("last_prompt", {}), "last_prompt").items()
        }
    except KeyError as error:
        raise ValueError(f"missing field {error}") from error
    # absent in files written before the note
    shown = _flag(body.get("safety_note_shown", False), "safety_note_shown")
    return Snapshot(state, bag, last, shown)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected text, got {_short(value)}")
    return value


def _decode_pending(raw: object) -> Pending | None:
    if raw is None:
        return None
    pending = _table(raw, "state.pending")
    due_at = _parse_time(pending["due_at"], "state.pending.due_at")
    shown_at = _parse_time(pending["shown_at"], "state.pending.shown_at")
    if due_at is None or shown_at is None:
        raise ValueError("a pending reminder needs due_at and shown_at")
    return Pending(
        kind=_choice(Kind, pending["kind"], "state.pending.kind"),
        due_at=due_at,
        shown_at=shown_at,
        next_at=_parse_time(pending["next_at"], "state.pending.next_at"),
        repeats=_count(pending["repeats"], "state.pending.repeats"),
        snoozed=_flag(pending["snoozed"], "state.pending.snoozed"),
    )


def _decode_state(raw: dict[str, Any]) -> State:
    cycles_raw = _table(raw["cycles"], "state.cycles")
    cycles = {
        kind: _seconds(cycles_raw.get(kind.value, 0), f"state.cycles.{kind.value}")
        for kind in Kind.by_size()
    }
    return State(
        updated_at=_parse_time(raw["updated_at"], "state.updated_at"),
        sitting=_seconds(raw["sitting"], "state.sitting"),
        sitting_since=_parse_time(raw["sitting_since"], "state.sitting_since"),
        cycles=cycles,
        presence=_choice(Presence, raw["presence"], "state.presence"),
        away_since=_parse_time(raw["away_since"], "state.away_since"),
        paused=_flag(raw["paused"], "state.paused"),
        paused_until=_parse_time(raw["paused_until"], "state.paused_until"),
        snoozed_until=_parse_time(raw["snoozed_until"], "state.snoozed_until"),
        snoozes_in_a_row=_count(raw["snoozes_in_a_row"], "state.snoozes_in_a_row"),
        pending=_decode_pending(raw["pending"]),
        last_fired_at=_parse_time(raw["last_fired_at"], "state.last_fired_at"),
        # both added later: older files have neither
        last_break_at=_parse_time(raw.get("last_break_at"), "state.last_break_at"),
        summarized_day=_parse_day(raw.get("summarized_day"), "state.summarized_day"),
    )


def load_snapshot(path: Path) -> Snapshot:
    """Read the snapshot; a missing file gives a fresh one, anything unusable is set aside.

    Set aside means renamed beside it (``state.json.corrupt-<time>``), never deleted: a
    corrupt or extreme file, a FIFO, a folder or a symbolic link (which is never followed).
    """
    try:
        data = read_regular(path, MAX_STATE_BYTES, follow_symlinks=False)
        return decode(data)
    except FileNotFoundError:
        return Snapshot()
    except (NotARegularFile, FileTooLarge, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        _set_aside(path, reason)
    except OSError as error:
        log.warning("cannot read the state file %s (%s); starting fresh", path, error.strerror)
    return Snapshot()


def _set_aside(path: Path, reason: str | None) -> None:
    """Rename an unusable state file beside it, with one line saying why and where it went."""
    try:
        aside = set_aside(path)
    except OSError as error:
        log.warning(
            "state file %s is unusable (%s) and cannot be moved aside (%s); starting fresh",
            path,
            reason,
            error.strerror,
        )
        return
    log.warning(
        "state file %s is unusable (%s); moved it to %s and started fresh", path, reason, aside
    )


def save_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot atomically (0600)."""
    write_atomic(path, encode(snapshot))

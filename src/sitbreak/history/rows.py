"""The core's ``Record`` effects as rows of the history tables, with times as integer ms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sitbreak.core import Away, Effect, Notify, Outcome, Record, ReminderShown, SittingStretch

__all__ = ["EPOCH", "Row", "from_ms", "row_for", "rows_for", "to_ms"]

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
            (entry.kind.value, entry.outcome.value, to_ms(entry.at)),
        )
    if isinstance(entry, Away):
        return Row(
            "INSERT INTO time_away (start_ms, end_ms, cause, kinds) VALUES (?, ?, ?, ?)",
            (to_ms(entry.start), to_ms(entry.end), entry.cause, ",".join(entry.kinds)),
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

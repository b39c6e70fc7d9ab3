"""What a status bar shows at a given moment, worked out from a status payload; stdlib only.

The daemon pushes a payload only when something a person would see changes. Between pushes
the follower brings the last payload forward to "now" with ``project``: countdowns run down
and sitting time grows while sitting is being counted. The daemon uses ``visible_change`` on
the same projection to decide whether a new payload is worth pushing at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sitbreak.vocabulary import COUNTING, Activity

__all__ = [
    "NOT_RUNNING",
    "BarView",
    "not_running",
    "project",
    "visible_change",
]

NOT_RUNNING = "not_running"

TOLERANCE = timedelta(seconds=30)
"""Shifts smaller than this in a countdown or in sitting time are not worth a push."""

_ZERO = timedelta(0)


@dataclass(frozen=True)
class GuideBar:
    """The guided break under way: ``step`` of ``steps`` of a ``kind``, and when it ends."""

    kind: str
    step: int
    steps: int
    step_ends_at: datetime
    text: str | None = None


@dataclass(frozen=True)
class BarView:
    """Everything a bar format needs, as of ``now``; ``left`` is the time to the next reminder."""

    now: datetime
    state: str
    sitting: timedelta = _ZERO
    next_kind: str | None = None
    next_at: datetime | None = None
    left: timedelta | None = None
    every: timedelta | None = None
    paused_until: datetime | None = None
    snoozed_until: datetime | None = None
    pending: str | None = None
    busy: tuple[str, ...] = ()
    waiting_until: datetime | None = None
    last_break_at: datetime | None = None
    guide: GuideBar | None = None
    payload: Mapping[str, object] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        """Whether a daemon answered."""
        return self.state != NOT_RUNNING

    @property
    def percentage(self) -> int:
        """Progress, 0-100, from the last reminder of the next kind to the next one (during a
        guided break: the steps done of its steps)."""
        if self.guide is not None:
            return round(100 * (self.guide.step - 1) / self.guide.steps)
        if self.state in (Activity.DUE, Activity.WAITING_FOR_PAUSE):
            return 100
        if self.left is None or not self.every:
            return 0
        done = (self.every - self.left) / self.every
        return max(0, min(100, round(100 * done)))


def not_running(now: datetime) -> BarView:
    """The view when no daemon answers."""
    return BarView(now=now, state=NOT_RUNNING, payload={"running": False})


def _moment(value: object) -> datetime | None:
    """An ISO 8601 time from the payload, or None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _seconds(value: object) -> timedelta | None:
    """A number of seconds from the payload as a duration, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return timedelta(seconds=value)


def _guide(value: object, received: datetime) -> GuideBar | None:
    """The payload's ``guide``, its step's end fixed as of ``received``."""
    if not isinstance(value, Mapping):
        return None
    step, steps, left = (
        value.get("step"),
        value.get("steps"),
        _seconds(value.get("step_left_seconds")),
    )
    if not isinstance(step, int) or not isinstance(steps, int) or steps < 1 or left is None:
        return None
    text = value.get("text")
    return GuideBar(
        str(value.get("kind")),
        step,
        steps,
        received + left,
        text if isinstance(text, str) else None,
    )


def project(payload: Mapping[str, object], received: datetime, now: datetime) -> BarView:
    """The view at ``now`` of a payload that was current at ``received``."""
    state = str(payload.get("state", Activity.ACTIVE))
    elapsed = max(_ZERO, now - received)
    sitting = _seconds(payload.get("sitting_seconds")) or _ZERO
    if state in COUNTING:
        sitting += elapsed
    upcoming = payload.get("next")
    kind = at = left = every = None
    if isinstance(upcoming, Mapping):
        kind = str(upcoming.get("kind"))
        at = _moment(upcoming.get("at"))
        every = _seconds(upcoming.get("every_seconds"))
        if state == Activity.IDLE:  # away: nothing counts, so the sitting still needed stays put
            left = _seconds(upcoming.get("in_seconds"))
        elif at is not None:
            left = max(_ZERO, at - now)
    busy = payload.get("busy_reasons")
    pending = payload.get("pending")
    return BarView(
        now=now,
        state=state,
        sitting=sitting,
        next_kind=kind,
        next_at=at,
        left=left,
        every=every,
        paused_until=_moment(payload.get("paused_until")),
        snoozed_until=_moment(payload.get("snoozed_until")),
        pending=pending if isinstance(pending, str) else None,
        busy=tuple(map(str, busy)) if isinstance(busy, list) else (),
        waiting_until=_moment(payload.get("waiting_until")),
        last_break_at=_moment(payload.get("last_break_at")),
        guide=_guide(payload.get("guide"), received),
        payload=payload,
    )


def _apart(first: timedelta | None, second: timedelta | None) -> bool:
    """Whether two durations differ by the tolerance or more (or only one exists)."""
    if first is None or second is None:
        return first is not second
    return abs(first - second) >= TOLERANCE


def visible_change(before: BarView, after: BarView) -> bool:
    """Whether a person would see a difference between two views of the same moment."""
    same = (
        before.state == after.state
        and before.next_kind == after.next_kind
        and before.paused_until == after.paused_until
        and before.snoozed_until == after.snoozed_until
        and before.pending == after.pending
        and before.busy == after.busy
        and before.waiting_until == after.waiting_until
        and before.last_break_at == after.last_break_at
        and before.guide == after.guide
    )
    return not same or _apart(before.left, after.left) or _apart(before.sitting, after.sitting)

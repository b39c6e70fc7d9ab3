"""The status as plain JSON data (the keys ``sitbreak status --json`` promises to keep), and the
feed that pushes it to ``status --follow`` clients whenever a person would see a difference."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, tzinfo

from sitbreak import __version__
from sitbreak.core import Kind, StatusView
from sitbreak.daemon.guided import GuidedPrompt, guide_status
from sitbreak.dispatch import DispatchResult
from sitbreak.guidance import Prompt
from sitbreak.log_place import LogPlace
from sitbreak.statusbar.view import project, visible_change

__all__ = ["StatusFeed", "status_payload"]


def _local(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat(timespec="seconds")


def status_payload(
    view: StatusView,
    now: datetime,
    *,
    pid: int,
    config_file: str,
    idle_backend: str,
    tz: tzinfo,
    every: Mapping[Kind, timedelta] | None = None,
    idle_detail: str = "",
    notifications: str = "",
    log_place: LogPlace | None = None,
    pending_prompt: Prompt | None = None,
    guided: GuidedPrompt | None = None,
) -> dict[str, object]:
    """Status for clients; times are ISO 8601 in local time with their UTC offset.

    ``every`` (each kind's cadence) adds ``next.every_seconds``, which status bars use to
    show progress towards the next reminder; ``pending_prompt`` is what the pending reminder
    shows (its id and title); ``guided`` words the guided break's step.
    """
    prompt = pending_prompt if view.pending_kind is not None else None
    upcoming: dict[str, object] | None = None
    if view.next_kind is not None and view.next_at is not None:
        cadence = (every or {}).get(view.next_kind)
        upcoming = {
            "kind": view.next_kind.value,
            "at": _local(view.next_at, tz),
            "in_seconds": max(0, round((view.next_at - now).total_seconds())),
            "every_seconds": None if cadence is None else round(cadence.total_seconds()),
        }
    ahead = [
        {
            "kind": item.kind.value,
            "at": _local(item.at, tz),
            "in_seconds": max(0, round((item.at - now).total_seconds())),
            "due_at": _local(item.due_at, tz),
            "repeat": item.repeat,
            "moved": None if item.moved is None else item.moved.value,
        }
        for item in view.ahead
    ]
    return {
        "running": True,
        "pid": pid,
        "version": __version__,
        "state": view.activity.value,
        "sitting_seconds": round(view.sitting.total_seconds()),
        "next": upcoming,
        "upcoming": ahead,  # the next three reminders, "next" being the first
        "paused_until": _local(view.paused_until, tz),
        "snoozed_until": _local(view.snoozed_until, tz),
        "pending": None if view.pending_kind is None else view.pending_kind.value,
        "pending_prompt": None if prompt is None else prompt.id,
        "pending_title": None if prompt is None else prompt.title,
        "busy_reasons": sorted(view.busy_reasons),
        "active_from": _local(view.active_from, tz),
        "active_until": _local(view.active_until, tz),
        "waiting_until": _local(view.waiting_until, tz),  # waiting for a pause: shown by then
        "guide": None if view.guide is None else guide_status(guided, view.guide, now),
        "last_break_at": _local(view.last_break_at, tz),
        "since_break_seconds": None
        if view.last_break_at is None
        else max(0, round((now - view.last_break_at).total_seconds())),
        "idle_backend": idle_backend,
        "idle_detail": idle_detail,  # how it works, or why there is none
        "notifications": notifications,  # where reminders go now, or why nowhere
        "config_file": config_file,
        "log_to": "stderr" if log_place is None else log_place.to,
        "log_file": None if log_place is None or log_place.file is None else str(log_place.file),
    }


log = logging.getLogger(__name__)

Publish = Callable[[Mapping[str, object]], None]
PayloadOf = Callable[[StatusView, datetime], dict[str, object]]


class StatusFeed:
    """A daemon listener: after each dispatch, publish the payload if it visibly changed.

    "Visibly" is judged on what a follower would show: the state, the next kind, pause and
    snooze ends, the waiting reminder, busy reasons, and the countdown or sitting time moving
    by 30 s or more against the last pushed payload brought forward to now. The seconds
    ticking by are not a change: followers count those down themselves.
    """

    def __init__(self, publish: Publish, payload_of: PayloadOf) -> None:
        """``publish`` must never block (``ControlServer.publish`` only queues)."""
        self._publish = publish
        self._payload_of = payload_of
        self._last: tuple[Mapping[str, object], datetime] | None = None

    def after_dispatch(self, result: DispatchResult) -> None:
        """Called inside the daemon lock: build the payload, compare, queue it if new."""
        payload = self._payload_of(result.status, result.now)
        if self._last is not None:
            before = project(self._last[0], self._last[1], result.now)
            if not visible_change(before, project(payload, result.now, result.now)):
                return
        self._last = (payload, result.now)
        log.debug("status changed: %s; pushing it to followers", payload.get("state"))
        self._publish({"event": "status", "status": payload})

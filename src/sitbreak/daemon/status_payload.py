"""The status as plain JSON data: the keys ``sitbreak status --json`` promises to keep."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo

from sitbreak import __version__
from sitbreak.core import Kind, StatusView
from sitbreak.daemon.guided import GuidedPrompt, guide_status
from sitbreak.guidance import Prompt
from sitbreak.log_place import LogPlace

__all__ = ["status_payload"]


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

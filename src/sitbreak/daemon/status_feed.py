"""Push the status to ``status --follow`` clients whenever a person would see a difference."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime

from sitbreak.core import StatusView
from sitbreak.dispatch import DispatchResult
from sitbreak.statusbar.view import project, visible_change

__all__ = ["StatusFeed"]

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

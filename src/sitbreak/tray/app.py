"""The tray icon as a whole: fed by the status stream, shown through the item and its menu.

Nothing polls. The daemon's status stream (what ``status --follow`` hears) hands each
visible change to ``publish``; between changes the icon moves only when its ring gains an
eighth, and a single timer wakes the tray at that moment (minutes apart; none at all while
the person is away, paused or outside active hours). Everything that touches the bus runs
on the bus's handler thread; clicks run on one worker thread of their own, so a slow
``xdg-open`` or notification never holds the bus or the daemon's lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sitbreak.dbus import Bus, Subscription
from sitbreak.statusbar.view import BarView, project
from sitbreak.tray.actions import TrayHooks, run_action, starts_at_login
from sitbreak.tray.icon import Look
from sitbreak.tray.item import StatusNotifierItem
from sitbreak.tray.menu import MENU_PATH, DBusMenu
from sitbreak.tray.presentation import (
    Action,
    Entry,
    look_of,
    menu_of,
    next_change,
    status_of,
    tooltip_of,
)

__all__ = ["Tray"]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Payload = Mapping[str, object]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Tray:
    """A tray icon for one daemon on ``bus``; ``start`` it, feed ``publish``, ``close`` it."""

    def __init__(
        self,
        bus: Bus,
        hooks: TrayHooks,
        payload: Callable[[], Payload],
        *,
        clock: Clock = _utc_now,
    ) -> None:
        """``payload`` gives the status now (for the start); the stream brings the rest."""
        self._bus = bus
        self._hooks = hooks
        self._payload_now = payload
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: tuple[Payload, datetime] = ({"state": "active"}, clock())
        self._shown: tuple[Look, str, tuple[str, str]] | None = None
        self._timer: threading.Timer | None = None
        self._started = False
        self._fed = False  # the status stream has brought a payload
        self._menu_export: Subscription | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitbreak-tray")
        self.menu = DBusMenu(bus, self._entries, self._click)
        self.item = StatusNotifierItem(
            bus,
            look=lambda: look_of(self.view()),
            status=lambda: status_of(self.view()),
            tooltip=lambda: tooltip_of(self.view()),
            activate=lambda: self._click(Action.STATUS),
        )

    @property
    def registered_with(self) -> str:
        """The watcher that shows the item now ("" while none does)."""
        return self.item.registered_with

    def view(self) -> BarView:
        """The last status brought forward to now."""
        with self._lock:
            payload, received = self._latest
        return project(payload, received, self._clock())

    def start(self) -> None:
        """Serve the menu and the item, then register with the watcher, if there is one."""
        # the daemon's lock is never taken under the tray's: a reminder published meanwhile
        # holds the daemon's lock and waits for the tray's (a deadlock that silenced the daemon)
        payload, read_at = self._payload_now(), self._clock()
        with self._lock:
            if not self._fed:  # a status the stream brought while we read is the newer one
                self._latest = (payload, read_at)
            self._started = True
        self._menu_export = self._bus.export(MENU_PATH, self.menu.interface)
        self.item.start()
        self._bus.post(self._refresh)

    def publish(self, message: Payload) -> None:
        """One message of the status stream; called inside the daemon's lock: never blocks."""
        status = message.get("status")
        if message.get("event") != "status" or not isinstance(status, Mapping):
            return
        with self._lock:
            self._latest = (status, self._clock())
            self._fed = True
            started = self._started
        if started:
            self._bus.post(self._refresh)

    def close(self) -> None:
        """Take the icon off the panel and stop its timer and worker."""
        with self._lock:
            self._started = False
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self.item.close()
        if self._menu_export is not None:
            self._menu_export.cancel()
        self._worker.shutdown(wait=False, cancel_futures=True)

    # --- on the bus's handler thread

    def _entries(self) -> tuple[Entry, ...]:
        return menu_of(self.view(), starts_at_login=starts_at_login())

    def _refresh(self) -> None:
        """Announce what changed since the hosts last heard, and wake again at the next step."""
        with self._lock:
            if not self._started:
                return
        view = self.view()
        shown = (look_of(view), status_of(view), tooltip_of(view))
        before, self._shown = self._shown, shown
        if before is None or before != shown:
            self.item.announce(
                icon=before is None or before[0] != shown[0],
                tooltip=before is None or before[2] != shown[2],
                status=shown[1] if before is None or before[1] != shown[1] else None,
            )
        self.menu.refresh()
        self._arm(next_change(view), view.now)

    def _arm(self, at: datetime | None, now: datetime) -> None:
        """One timer, at the ring's next step; none when the ring stands still."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if at is None or not self._started:
                return
            delay = max(0.0, (at - now).total_seconds()) + 0.5  # just past the step
            self._timer = threading.Timer(delay, self._bus.post, (self._refresh,))
            self._timer.name = "sitbreak-tray-step"
            self._timer.daemon = True
            self._timer.start()

    # --- clicks, on the worker

    def _click(self, action: Action) -> None:
        """Run the click off the handler thread: it may dispatch, open files or notify."""
        try:
            self._worker.submit(self._run, action)
        except RuntimeError:  # closing
            log.debug("tray click %s ignored: closing", action.name)

    def _run(self, action: Action) -> None:
        try:
            run_action(action, self.view(), self._hooks)
        except Exception:
            log.exception("the tray's %s failed", action.name.lower())
        if action is Action.AUTOSTART:
            self._bus.post(self._refresh)

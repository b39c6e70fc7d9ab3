"""GNOME's idle monitor (Mutter, on X11 or Wayland) over the session bus: watched, not polled.

``AddIdleWatch`` fires ``WatchFired`` once the person has been idle for the threshold;
the backend then adds a one-shot ``AddUserActiveWatch`` that fires on the next input. Nothing
is polled. A second, short watch tells pauses in typing while a reminder waits for
one. Run ``python -m sitbreak.idle.mutter`` in a GNOME session to watch it work.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sitbreak.dbus import Bus, BusError, Match, Signal, Target
from sitbreak.idle.base import IdleError, IdleReport, Unavailable

__all__ = ["BUS_NAME", "INTERFACE", "PATH", "MutterIdle", "open_backend"]

log = logging.getLogger(__name__)

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
_MONITOR = Target(BUS_NAME, PATH, INTERFACE)


@dataclass
class _Watch:
    """One idle watch and, while it says idle, the user-active watch that ends it."""

    threshold: float  # reported as given: the core compares it exactly
    report: IdleReport
    idle_id: int | None = None
    active_id: int | None = None
    idle: bool = False

    @property
    def milliseconds(self) -> int:
        """The threshold as AddIdleWatch takes it."""
        return max(1, round(self.threshold * 1000))


class MutterIdle:
    """Idle and active watches on Mutter's core idle monitor, re-added if GNOME Shell restarts.

    Two watches at most: the away watch (``watch``) and, while a reminder waits for a pause in
    typing, a short one (``watch_pauses``), added and removed on the bus's handler thread.
    """

    name = "mutter"

    def __init__(self, bus: Bus, *, owns_bus: bool = False) -> None:
        """Subscribe to WatchFired and to the monitor's bus name changing hands."""
        self._bus = bus
        self._owns_bus = owns_bus
        self._lock = threading.Lock()
        self._watches: dict[str, _Watch] = {}  # by purpose: "away", "pause"
        self._subscriptions = [
            bus.subscribe(
                Match(sender=BUS_NAME, path=PATH, interface=INTERFACE, member="WatchFired"),
                self._on_fired,
            ),
            bus.watch_name(BUS_NAME, self._on_owner_changed),
        ]

    def seconds_idle(self) -> float:
        """GetIdletime, in seconds (for ``doctor`` and the manual check)."""
        try:
            (milliseconds,) = self._bus.call(_MONITOR, "GetIdletime")
        except BusError as error:
            raise IdleError(str(error)) from error
        return float(milliseconds) / 1000.0

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Replace the away watch with one at ``threshold`` seconds."""
        self._replace("away", threshold, report)

    def watch_pauses(self, pause_length: float | None, report: IdleReport) -> None:
        """Add (or, with None, remove) the pause watch, on the bus's handler thread."""
        self._bus.post(lambda: self._replace("pause", pause_length, report))

    def _replace(self, purpose: str, threshold: float | None, report: IdleReport) -> None:
        """Replace the idle watch for ``purpose`` with one at ``threshold`` (None: remove it).

        A person idle stays so: the user-active watch carries over to the new idle watch.
        """
        with self._lock:
            old = self._watches.pop(purpose, None)
            if old is not None:
                self._remove(old.idle_id)
            if threshold is None:
                if old is not None:
                    self._remove(old.active_id)
                return
            watch = _Watch(threshold, report)
            if old is not None:
                watch.idle, watch.active_id = old.idle, old.active_id
            watch.idle_id = self._add("AddIdleWatch", "t", (watch.milliseconds,))
            self._watches[purpose] = watch

    def _add(self, method: str, signature: str | None, body: tuple[int, ...]) -> int | None:
        """Add a watch; its id, or None (logged) when GNOME refuses."""
        try:
            (watch_id,) = self._bus.call(_MONITOR, method, signature, body)
        except BusError as error:
            log.warning("cannot watch GNOME's idle monitor: %s", error)
            return None
        return int(watch_id)

    def _remove(self, watch_id: int | None) -> None:
        """Remove a watch, best effort."""
        if watch_id is None:
            return
        try:
            self._bus.call(_MONITOR, "RemoveWatch", "u", (watch_id,))
        except BusError as error:
            log.debug("could not remove idle watch %d: %s", watch_id, error)

    def _on_fired(self, signal: Signal) -> None:
        """An idle watch fired: report idle, watch for activity; its active watch: report back."""
        (watch_id,) = signal.body
        with self._lock:
            fired = self._transition(watch_id)
        if fired is not None:
            report, seconds = fired
            report(seconds)

    def _transition(self, watch_id: int) -> tuple[IdleReport, float] | None:
        """Under the lock: what ``watch_id`` firing means, and whom to tell (None: not ours)."""
        for watch in self._watches.values():
            if watch_id == watch.idle_id and not watch.idle:
                watch.idle = True
                watch.active_id = self._add("AddUserActiveWatch", None, ())
                return watch.report, watch.threshold
            if watch_id == watch.active_id and watch_id is not None:
                watch.idle, watch.active_id = False, None
                return watch.report, 0.0
        return None

    def _on_owner_changed(self, owner: str) -> None:
        """GNOME Shell (or the session bus) restarted: its watches are gone, so add them again."""
        if not owner:
            log.warning("GNOME's idle monitor left the bus; waiting for it to come back")
            return
        log.info("GNOME's idle monitor is back; watching it again")
        with self._lock:
            for watch in self._watches.values():
                watch.idle_id = self._add("AddIdleWatch", "t", (watch.milliseconds,))
                if watch.idle:
                    watch.active_id = self._add("AddUserActiveWatch", None, ())

    def close(self) -> None:
        """Remove the watches, stop listening, and close the bus if it is ours."""
        with self._lock:
            for watch in self._watches.values():
                self._remove(watch.idle_id)
                self._remove(watch.active_id)
            self._watches.clear()
        for subscription in self._subscriptions:
            subscription.cancel()
        if self._owns_bus:
            self._bus.close()


def open_backend(session: Bus | None = None) -> MutterIdle:
    """Ask GetIdletime once; raise Unavailable unless GNOME's monitor answers.

    ``session`` is the shared session bus; without one the backend opens its own.
    """
    bus = session if session is not None else Bus("SESSION")
    try:
        bus.call(_MONITOR, "GetIdletime")
    except BusError as error:
        if session is None:
            bus.close()
        raise Unavailable(f"GNOME's idle monitor does not answer ({error})") from error
    return MutterIdle(bus, owns_bus=session is None)


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend())

"""GNOME's idle monitor (Mutter, on X11 or Wayland) over the session bus: watched, not polled.

``AddIdleWatch`` fires ``WatchFired`` once the person has been idle for the threshold;
the backend then adds a one-shot ``AddUserActiveWatch`` that fires on the next input. Nothing
is polled. Run ``python -m sitbreak.idle.mutter`` in a GNOME session to watch it work.
"""

from __future__ import annotations

import logging
import threading

from sitbreak.dbus import Bus, BusError, Match, Signal, Target
from sitbreak.idle.base import IdleError, IdleReport, Unavailable

__all__ = ["BUS_NAME", "INTERFACE", "PATH", "MutterIdle", "open_backend"]

log = logging.getLogger(__name__)

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
_MONITOR = Target(BUS_NAME, PATH, INTERFACE)


class MutterIdle:
    """Idle and active watches on Mutter's core idle monitor, re-added if GNOME Shell restarts."""

    name = "mutter"

    def __init__(self, bus: Bus, *, owns_bus: bool = False) -> None:
        """Subscribe to WatchFired and to the monitor's bus name changing hands."""
        self._bus = bus
        self._owns_bus = owns_bus
        self._lock = threading.Lock()
        self._threshold = 0.0
        self._threshold_ms = 0
        self._report: IdleReport | None = None
        self._idle_watch: int | None = None
        self._active_watch: int | None = None
        self._idle = False
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
        """Replace the idle watch with one at ``threshold`` seconds."""
        with self._lock:
            self._report = report
            self._threshold = threshold  # reported as given: the core compares it exactly
            self._threshold_ms = max(1, round(threshold * 1000))
            self._remove(self._idle_watch)
            self._idle_watch = self._add("AddIdleWatch", "t", (self._threshold_ms,))

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
        """Our idle watch fired: report idle, watch for activity; our active watch: report back."""
        (watch_id,) = signal.body
        with self._lock:
            report, threshold = self._report, self._threshold
            if watch_id == self._idle_watch and not self._idle:
                self._idle = True
                self._active_watch = self._add("AddUserActiveWatch", None, ())
                seconds = threshold
            elif watch_id == self._active_watch and watch_id is not None:
                self._idle, self._active_watch = False, None
                seconds = 0.0
            else:
                return
        if report is not None:
            report(seconds)

    def _on_owner_changed(self, owner: str) -> None:
        """GNOME Shell (or the session bus) restarted: its watches are gone, so add them again."""
        if not owner:
            log.warning("GNOME's idle monitor left the bus; waiting for it to come back")
            return
        log.info("GNOME's idle monitor is back; watching it again")
        with self._lock:
            if self._report is None:
                return  # never armed
            self._idle_watch = self._add("AddIdleWatch", "t", (self._threshold_ms,))
            if self._idle:
                self._active_watch = self._add("AddUserActiveWatch", None, ())

    def close(self) -> None:
        """Remove the watches, stop listening, and close the bus if it is ours."""
        with self._lock:
            self._remove(self._idle_watch)
            self._remove(self._active_watch)
            self._idle_watch = self._active_watch = None
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

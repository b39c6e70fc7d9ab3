"""GNOME's idle monitor (Mutter, on X11 or Wayland) over the session bus: event-driven.

``AddIdleWatch`` fires ``WatchFired`` once the person has been idle for the threshold;
the backend then adds a one-shot ``AddUserActiveWatch`` that fires on the next input. Nothing
is polled. Run ``python -m sitbreak.idle.mutter`` in a GNOME session to watch it work.
"""

from __future__ import annotations

import logging
import threading

from jeepney import DBusAddress, Message

from sitbreak.idle.base import IdleError, IdleReport, Unavailable
from sitbreak.idle.dbus_link import BusCallFailed, BusLink

__all__ = ["BUS_NAME", "INTERFACE", "PATH", "MutterIdle", "open_backend"]

log = logging.getLogger(__name__)

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
_MONITOR = DBusAddress(PATH, bus_name=BUS_NAME, interface=INTERFACE)
_DBUS = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")


class MutterIdle:
    """Idle and active watches on Mutter's core idle monitor, re-added if GNOME Shell restarts."""

    name = "mutter"
    polls = False

    def __init__(self, link: BusLink) -> None:
        """Subscribe to WatchFired and to the monitor's bus name changing hands."""
        self._link = link
        self._lock = threading.Lock()
        self._threshold = 0.0
        self._threshold_ms = 0
        self._report: IdleReport | None = None
        self._idle_watch: int | None = None
        self._active_watch: int | None = None
        self._idle = False
        link.on_signal(self._on_fired, path=PATH, interface=INTERFACE, member="WatchFired")
        link.on_signal(
            self._on_owner_changed,
            sender=_DBUS.bus_name,
            interface=_DBUS.interface,
            member="NameOwnerChanged",
            arg0=BUS_NAME,
        )
        link.start()

    def seconds_idle(self) -> float:
        """GetIdletime, in seconds."""
        try:
            (milliseconds,) = self._link.call(_MONITOR, "GetIdletime")
        except BusCallFailed as error:
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
            (watch_id,) = self._link.call(_MONITOR, method, signature, body)
        except BusCallFailed as error:
            log.warning("cannot watch GNOME's idle monitor: %s", error)
            return None
        return int(watch_id)

    def _remove(self, watch_id: int | None) -> None:
        """Remove a watch, best effort."""
        if watch_id is None:
            return
        try:
            self._link.call(_MONITOR, "RemoveWatch", "u", (watch_id,), timeout=1.0)
        except BusCallFailed as error:
            log.debug("could not remove idle watch %d: %s", watch_id, error)

    def _on_fired(self, message: Message) -> None:
        """Our idle watch fired: report idle, watch for activity; our active watch: report back."""
        (watch_id,) = message.body
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

    def _on_owner_changed(self, message: Message) -> None:
        """GNOME Shell restarted (X11 Alt-F2 r): its watches are gone, so add them again."""
        _name, _old, new_owner = message.body
        if not new_owner:
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
        """Remove the watches and close the connection."""
        with self._lock:
            self._remove(self._idle_watch)
            self._remove(self._active_watch)
            self._idle_watch = self._active_watch = None
        self._link.close()


def open_backend(bus: str = "SESSION") -> MutterIdle:
    """Connect and ask GetIdletime once; raise Unavailable unless GNOME's monitor answers."""
    link = BusLink(bus, "session")
    try:
        link.call(_MONITOR, "GetIdletime", timeout=2.0)
        return MutterIdle(link)
    except BusCallFailed as error:
        link.close()
        raise Unavailable(f"GNOME's idle monitor does not answer ({error})") from error


if __name__ == "__main__":
    from sitbreak.idle.probe_loop import print_idle_seconds

    print_idle_seconds(open_backend())

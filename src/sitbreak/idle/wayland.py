"""Wayland idle notifications on a thread of their own (pywayland): two protocols, one client.

``ext-idle-notify-v1`` (KDE Plasma 6, sway >= 1.8, Hyprland, COSMIC, Wayfire) and KDE's
``org_kde_kwin_idle`` (Plasma 5, sway 1.7, wlroots < 0.16) work alike: bind a global, ask it
for an object with a timeout on the seat, receive "idle" and "resumed" events (a second,
short object tells pauses in typing while a reminder waits for one). They differ only in the
names below (``PROTOCOLS``). The connection is our own, separate from any toolkit's; a thread
sleeps in ``select`` on the display socket and a wake-up pipe, so it costs nothing between
events and can be re-armed or stopped from any thread. pywayland is imported only once a
compositor's socket exists. Run ``python -m sitbreak.idle.wayland NAME``.
"""

from __future__ import annotations

import logging
import os
import select
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitbreak.idle.base import IdleReport, Unavailable

__all__ = ["PROTOCOLS", "IdleProtocol", "WaylandIdle", "open_backend", "wayland_socket"]

log = logging.getLogger(__name__)

ARM_TIMEOUT = 2.0


@dataclass(frozen=True)
class IdleProtocol:
    """How one protocol names its global and turns a timeout into an idle object."""

    global_name: str
    interface: Callable[[], Any]  # loads the pywayland Interface class to bind
    max_version: int
    idle_event: str
    resumed_event: str
    create: Callable[[Any, int, Any, int], Any]  # (global, its version, seat, ms) -> idle object
    destructor: str  # the idle object's destructor request


def _ext_idle_notifier() -> Any:
    """ext_idle_notifier_v1, shipped in pywayland's wheel."""
    from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1

    return ExtIdleNotifierV1


def _kde_idle() -> Any:
    """org_kde_kwin_idle, generated from the XML in sitbreak/data (see kde_binding)."""
    from sitbreak.idle.kde_binding import kde_idle_module

    return kde_idle_module().OrgKdeKwinIdle


# ext-idle-notify version 2's input-only notification ignores idle inhibitors, so a playing
# video is not mistaken for a person at the desk; version 1 compositors get the older request.
PROTOCOLS = {
    "ext-idle-notify": IdleProtocol(
        global_name="ext_idle_notifier_v1",
        interface=_ext_idle_notifier,
        max_version=2,
        idle_event="idled",
        resumed_event="resumed",
        create=lambda notifier, version, seat, ms: (
            notifier.get_input_idle_notification(ms, seat)
            if version >= 2
            else notifier.get_idle_notification(ms, seat)
        ),
        destructor="destroy",
    ),
    "kwin-idle": IdleProtocol(
        global_name="org_kde_kwin_idle",
        interface=_kde_idle,
        max_version=1,
        idle_event="idle",
        resumed_event="resumed",
        create=lambda idle, _version, seat, ms: idle.get_idle_timeout(seat, ms),
        destructor="release",
    ),
}


def wayland_socket() -> Path:
    """The compositor's socket, as libwayland would find it; Unavailable if there is none."""
    name = os.environ.get("WAYLAND_DISPLAY") or "wayland-0"
    if not os.path.isabs(name):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            raise Unavailable("no Wayland display (XDG_RUNTIME_DIR is not set)")
        name = os.path.join(runtime, name)
    path = Path(name)
    if not path.is_socket():
        raise Unavailable(f"no Wayland compositor (no socket at {path})")
    return path


def open_backend(name: str) -> WaylandIdle:
    """Bind protocol ``name`` of PROTOCOLS on the session's compositor, or raise Unavailable."""
    protocol = PROTOCOLS[name]
    socket_path = wayland_socket()  # before importing pywayland: no compositor, no import
    from pywayland.client.display import Display
    from pywayland.protocol.wayland import WlSeat

    display = Display(str(socket_path))
    try:
        display.connect()
    except ValueError as error:
        raise Unavailable(f"cannot connect to the Wayland compositor at {socket_path}") from error
    offered: dict[str, tuple[int, int]] = {}

    def on_global(_registry: Any, global_id: int, interface: str, version: int) -> None:
        """Note each global the compositor offers, with its id and version."""
        offered.setdefault(interface, (global_id, version))

    registry = display.get_registry()
    registry.dispatcher["global"] = on_global
    display.roundtrip()
    missing = [g for g in (protocol.global_name, "wl_seat") if g not in offered]
    if missing:
        display.disconnect()
        raise Unavailable(f"the compositor does not offer {' or '.join(missing)}")
    global_id, offered_version = offered[protocol.global_name]
    version = min(offered_version, protocol.max_version)
    bound = registry.bind(global_id, protocol.interface(), version)
    seat = registry.bind(offered["wl_seat"][0], WlSeat, 1)
    display.roundtrip()
    return WaylandIdle(name, protocol, display, (bound, version), seat)


@dataclass
class _Slot:
    """One idle object: the threshold wanted, the one armed, and what it last said."""

    wanted: tuple[float, IdleReport] | None = None
    armed: tuple[float, IdleReport] | None = None
    notification: Any = None
    idle: bool = False


class WaylandIdle:
    """A watching idle backend over one Wayland connection, served by its own thread.

    Two idle objects at most: the away watch (``watch``) and, while a reminder waits for a
    pause in typing, a short one (``watch_pauses``).
    """

    def __init__(
        self, name: str, protocol: IdleProtocol, display: Any, bound: tuple[Any, int], seat: Any
    ) -> None:
        """Take over the connection and start the thread that serves it."""
        self.name = name
        self._protocol = protocol
        self._display, self._seat = display, seat
        self._bound, self.version = bound
        self._lock = threading.Lock()
        self._armed_changed = threading.Condition(self._lock)
        self._wake_read, self._wake_write = os.pipe()
        self._away, self._pause = _Slot(), _Slot()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"sitbreak-{self.name}", daemon=True)
        self._thread.start()

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Have the thread (re)create the away object; wait (briefly) until it has."""
        wanted = (threshold, report)
        with self._lock:
            self._away.wanted = wanted
        os.write(self._wake_write, b"w")
        if threading.current_thread() is not self._thread:
            with self._armed_changed:
                self._armed_changed.wait_for(
                    lambda: self._away.armed == wanted, timeout=ARM_TIMEOUT
                )

    def watch_pauses(self, pause_length: float | None, report: IdleReport) -> None:
        """Have the thread create (or, with None, destroy) the pause object; never waits."""
        with self._lock:
            if self._stopping:
                return
            self._pause.wanted = None if pause_length is None else (pause_length, report)
            os.write(self._wake_write, b"p")  # under the lock: close() cannot close it first

    def close(self) -> None:
        """Stop the thread, which destroys the objects and disconnects."""
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        os.write(self._wake_write, b"s")
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        os.close(self._wake_read)
        os.close(self._wake_write)

    def _run(self) -> None:
        """The thread: serve the connection until asked to stop or it fails."""
        display = self._display
        try:
            while self._serve_once(display):
                pass
        except Exception as error:
            log.warning("lost the Wayland compositor (%s); idle detection stopped", error)
            self._report_back_if_idle()
        finally:
            self._disconnect()

    def _serve_once(self, display: Any) -> bool:
        """Wait for the compositor or a request; False once asked to stop."""
        display.flush()
        fd = display.get_fd()
        readable, _, _ = select.select([fd, self._wake_read], [], [])
        if self._wake_read in readable:
            os.read(self._wake_read, 64)
            with self._lock:
                if self._stopping:
                    return False
                changed = [slot for slot in (self._away, self._pause) if slot.wanted != slot.armed]
            for slot in changed:
                self._arm(slot)
        if fd in readable and display.dispatch(block=True) < 0:
            raise RuntimeError("the connection failed")
        return True

    def _arm(self, slot: _Slot) -> None:
        """On the thread: replace the slot's idle object with the one wanted (or none)."""
        protocol = self._protocol
        with self._lock:
            wanted = slot.wanted
        if slot.notification is not None:
            getattr(slot.notification, protocol.destructor)()
            slot.notification = None
            if slot is self._away:
                self._report_back_if_idle()  # a fresh object starts "not idle": say so
            slot.idle = False
        notification = None
        if wanted is not None:
            timeout_ms = max(1, round(wanted[0] * 1000))
            notification = protocol.create(self._bound, self.version, self._seat, timeout_ms)
            notification.dispatcher[protocol.idle_event] = lambda _n: self._on_idle(slot)
            notification.dispatcher[protocol.resumed_event] = lambda _n: self._on_resumed(slot)
        self._display.flush()
        with self._lock:
            slot.notification, slot.armed = notification, wanted
            self._armed_changed.notify_all()

    def _on_idle(self, slot: _Slot) -> None:
        """The compositor says idle: report the threshold."""
        with self._lock:
            slot.idle = True
            armed = slot.armed
        if armed is not None:
            armed[1](armed[0])

    def _on_resumed(self, slot: _Slot) -> None:
        """The compositor says input came: report 0."""
        with self._lock:
            slot.idle = False
            armed = slot.armed
        if armed is not None:
            armed[1](0.0)

    def _report_back_if_idle(self) -> None:
        """Report the person back if the away object last said idle (the object is gone)."""
        if self._away.idle:
            self._on_resumed(self._away)

    def _disconnect(self) -> None:
        """Destroy the idle objects and close the connection, on the thread."""
        try:
            for slot in (self._away, self._pause):
                if slot.notification is not None:
                    getattr(slot.notification, self._protocol.destructor)()
            self._display.roundtrip()
        except Exception as error:
            log.debug("Wayland clean-up: %s", error)
        self._away.notification = self._pause.notification = None
        self._display.disconnect()


if __name__ == "__main__":
    from sitbreak.idle.base import print_idle_seconds

    print_idle_seconds(open_backend(sys.argv[1] if len(sys.argv) > 1 else "ext-idle-notify"))

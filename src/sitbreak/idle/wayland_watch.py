"""A Wayland idle-notification client on a thread of its own (pywayland), for either protocol.

ext-idle-notify-v1 and KDE's org_kde_kwin_idle work alike: bind a global, ask it for an
object with a timeout on the seat, receive "idle" and "resumed" events. This module holds
what they share: the connection (our own, separate from any toolkit's), the registry probe
and a thread that sleeps in ``select`` on the display socket and a wake-up pipe, so it costs
nothing between events and can be re-armed or stopped from any thread.
pywayland is imported only here and only once a compositor's socket exists.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitbreak.idle.base import IdleError, IdleReport, Unavailable

__all__ = ["IdleProtocol", "WaylandIdle", "open_wayland", "wayland_socket"]

log = logging.getLogger(__name__)

ARM_TIMEOUT = 2.0


@dataclass(frozen=True)
class IdleProtocol:
    """How one protocol names its global and turns a timeout into an idle object."""

    backend_name: str
    global_name: str
    interface: Any  # the pywayland Interface class to bind
    max_version: int
    idle_event: str
    resumed_event: str
    create: Callable[[Any, int, Any, int], Any]  # (global, its version, seat, ms) -> idle object
    destroy: Callable[[Any], None]


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


def open_wayland(protocol: IdleProtocol) -> WaylandIdle:
    """Connect, list the globals and bind ours and the seat; Unavailable if one is missing."""
    socket_path = wayland_socket()
    from pywayland.client.display import Display
    from pywayland.protocol.wayland import WlSeat

    display = Display(str(socket_path))
    try:
        display.connect()
    except ValueError as error:
        raise Unavailable(f"cannot connect to the Wayland compositor at {socket_path}") from error
    offered: dict[str, tuple[int, int]] = {}

    def on_global(_registry: Any, name: int, interface: str, version: int) -> None:
        """Note each global the compositor offers, with its name and version."""
        offered.setdefault(interface, (name, version))

    registry = display.get_registry()
    registry.dispatcher["global"] = on_global
    display.roundtrip()
    missing = [g for g in (protocol.global_name, "wl_seat") if g not in offered]
    if missing:
        display.disconnect()
        raise Unavailable(f"the compositor does not offer {' or '.join(missing)}")
    name, offered_version = offered[protocol.global_name]
    version = min(offered_version, protocol.max_version)
    bound = registry.bind(name, protocol.interface, version)
    seat = registry.bind(offered["wl_seat"][0], WlSeat, 1)
    display.roundtrip()
    return WaylandIdle(protocol, display, (bound, version), seat)


class WaylandIdle:
    """Event-driven idle backend over one Wayland connection, served by its own thread."""

    polls = False

    def __init__(
        self, protocol: IdleProtocol, display: Any, bound: tuple[Any, int], seat: Any
    ) -> None:
        """Take over the connection and start the thread that serves it."""
        self.name = protocol.backend_name
        self._protocol = protocol
        self._display, self._seat = display, seat
        self._bound, self.version = bound
        self._lock = threading.Lock()
        self._armed_changed = threading.Condition(self._lock)
        self._wake_read, self._wake_write = os.pipe()
        self._wanted: tuple[float, IdleReport] | None = None
        self._armed: tuple[float, IdleReport] | None = None
        self._stopping = False
        self._idle_since: float | None = None
        self._notification: Any = None
        self._thread = threading.Thread(target=self._run, name=f"sitbreak-{self.name}", daemon=True)
        self._thread.start()

    def seconds_idle(self) -> float:
        """An estimate from the last events: the compositor does not tell the idle time."""
        with self._lock:
            if self._armed is None:
                raise IdleError("event-driven: no reading until a watch is armed")
            if self._idle_since is None:
                return 0.0
            return self._armed[0] + time.monotonic() - self._idle_since

    def watch(self, threshold: float, report: IdleReport) -> None:
        """Have the thread (re)create the idle object; wait (briefly) until it has."""
        wanted = (threshold, report)
        with self._lock:
            self._wanted = wanted
        os.write(self._wake_write, b"w")
        if threading.current_thread() is not self._thread:
            with self._armed_changed:
                self._armed_changed.wait_for(lambda: self._armed == wanted, timeout=ARM_TIMEOUT)

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
                wanted = self._wanted
            if wanted is not None and wanted != self._armed:
                self._arm(*wanted)
        if fd in readable and display.dispatch(block=True) < 0:
            raise RuntimeError("the connection failed")
        return True

    def _arm(self, threshold: float, report: IdleReport) -> None:
        """On the thread: replace the idle object with one at ``threshold`` seconds."""
        protocol = self._protocol
        if self._notification is not None:
            protocol.destroy(self._notification)
            self._report_back_if_idle()  # a fresh object starts "not idle": say so
        timeout_ms = max(1, round(threshold * 1000))
        notification = protocol.create(self._bound, self.version, self._seat, timeout_ms)
        notification.dispatcher[protocol.idle_event] = lambda _n: self._on_idle()
        notification.dispatcher[protocol.resumed_event] = lambda _n: self._on_resumed()
        self._display.flush()
        with self._lock:
            self._notification, self._armed = notification, (threshold, report)
            self._armed_changed.notify_all()

    def _on_idle(self) -> None:
        """The compositor says idle: report the threshold."""
        with self._lock:
            self._idle_since = time.monotonic()
            armed = self._armed
        if armed is not None:
            armed[1](armed[0])

    def _on_resumed(self) -> None:
        """The compositor says input came: report 0."""
        with self._lock:
            self._idle_since = None
            armed = self._armed
        if armed is not None:
            armed[1](0.0)

    def _report_back_if_idle(self) -> None:
        """Report the person back if we last said idle (the object is gone)."""
        if self._idle_since is not None:
            self._on_resumed()

    def _disconnect(self) -> None:
        """Destroy the idle object and close the connection, on the thread."""
        try:
            if self._notification is not None:
                self._protocol.destroy(self._notification)
            self._display.roundtrip()
        except Exception as error:
            log.debug("Wayland clean-up: %s", error)
        self._notification = None
        self._display.disconnect()

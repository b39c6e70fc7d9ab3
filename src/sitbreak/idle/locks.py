"""Screen lock and sleep: systemd-logind on the system bus, GNOME's screen saver on the session's.

logind: the session's ``LockedHint`` (set by the screen locker) and its ``Lock``/``Unlock``
signals (``loginctl lock-session``) become Locked and Unlocked; the manager's
``PrepareForSleep(false)`` on resume becomes a plain dispatch, so the daemon notices the sleep
gap at once instead of at its next timer. ``IdleHint`` is not used: KDE does not keep it.
GNOME: ``org.gnome.ScreenSaver``'s ``ActiveChanged``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from sitbreak.core import Locked, Tick, Unlocked
from sitbreak.dbus import Bus, BusError, Match, Signal, Subscription, Target
from sitbreak.idle.base import Dispatch, Unavailable

__all__ = ["GnomeScreenSaverWatch", "LogindWatch", "open_gnome_screensaver", "open_logind"]

log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
USER_INTERFACE = "org.freedesktop.login1.User"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
_MANAGER = Target(LOGIND, MANAGER_PATH, MANAGER_INTERFACE)
SCREENSAVER = Target("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver")


class LogindWatch:
    """Turns one login session's lock signals and the machine's wake-ups into events."""

    name = "logind"

    def __init__(self, bus: Bus, session_path: str, dispatch: Dispatch) -> None:
        """Subscribe to the session's and the manager's signals; ``bus`` is closed with it."""
        self._bus = bus
        self.session_path = session_path
        self._dispatch = dispatch
        for interface, member, handler in (
            (SESSION_INTERFACE, "Lock", self._on_lock),
            (SESSION_INTERFACE, "Unlock", self._on_unlock),
            (PROPERTIES_INTERFACE, "PropertiesChanged", self._on_properties),
        ):
            match = Match(sender=LOGIND, path=session_path, interface=interface, member=member)
            bus.subscribe(match, handler)
        bus.subscribe(
            Match(
                sender=LOGIND,
                path=MANAGER_PATH,
                interface=MANAGER_INTERFACE,
                member="PrepareForSleep",
            ),
            self._on_sleep,
        )

    def locked_now(self) -> bool:
        """The session's LockedHint right now."""
        session = Target(LOGIND, self.session_path, SESSION_INTERFACE)
        return bool(self._bus.get_property(session, "LockedHint"))

    def _on_lock(self, _signal: Signal) -> None:
        """loginctl lock-session, or the locker asking: Locked."""
        self._dispatch(Locked())

    def _on_unlock(self, _signal: Signal) -> None:
        """loginctl unlock-session: Unlocked."""
        self._dispatch(Unlocked())

    def _on_properties(self, signal: Signal) -> None:
        """LockedHint changed: Locked or Unlocked."""
        interface, changed, _invalidated = signal.body
        if interface == SESSION_INTERFACE and "LockedHint" in changed:
            self._dispatch(Locked() if changed["LockedHint"][1] else Unlocked())

    def _on_sleep(self, signal: Signal) -> None:
        """Back from suspend: a plain dispatch, so the daemon measures the gap now."""
        (going_to_sleep,) = signal.body
        if not going_to_sleep:
            log.debug("logind: the machine woke up")
            self._dispatch(Tick())

    def close(self) -> None:
        """Close the system-bus connection."""
        self._bus.close()


def _session_path(bus: Bus) -> str:
    """This process's login session, or else the user's graphical one."""
    session_id = os.environ.get("XDG_SESSION_ID")
    if session_id:
        (path,) = bus.call(_MANAGER, "GetSession", "s", (session_id,))
        return str(path)
    try:
        (path,) = bus.call(_MANAGER, "GetSessionByPID", "u", (os.getpid(),))
        return str(path)
    except BusError:
        pass  # e.g. started by systemd --user, outside any session
    (user_path,) = bus.call(_MANAGER, "GetUser", "u", (os.getuid(),))
    display: Any = bus.get_property(Target(LOGIND, user_path, USER_INTERFACE), "Display")
    if display[1] == "/":  # (session id, object path); "/" when there is none
        raise Unavailable("logind knows no graphical session of this user")
    return str(display[1])


def open_logind(
    dispatch: Dispatch, _session: Bus | None = None, bus: str = "SYSTEM"
) -> LogindWatch:
    """Find the session and subscribe; dispatch Locked at once if it is locked already.

    logind lives on the system bus, which gets a connection of its own (``bus``).
    """
    system = Bus(bus, label="system")
    try:
        watch = LogindWatch(system, _session_path(system), dispatch)
        if watch.locked_now():
            dispatch(Locked())
    except BusError as error:
        system.close()
        raise Unavailable(f"logind does not answer ({error})") from error
    except Unavailable:
        system.close()
        raise
    return watch


class GnomeScreenSaverWatch:
    """Turns GNOME Shell's lock screen going up and down into Locked and Unlocked."""

    name = "gnome-screensaver"

    def __init__(self, bus: Bus, dispatch: Dispatch, *, owns_bus: bool) -> None:
        """Subscribe to ActiveChanged."""
        self._bus = bus
        self._owns_bus = owns_bus
        self._dispatch = dispatch
        match = Match(
            sender=SCREENSAVER.bus_name,
            path=SCREENSAVER.path,
            interface=SCREENSAVER.interface,
            member="ActiveChanged",
        )
        self._subscription: Subscription = bus.subscribe(match, self._on_active_changed)

    def _on_active_changed(self, signal: Signal) -> None:
        """Lock screen up: Locked; down: Unlocked."""
        (active,) = signal.body
        self._dispatch(Locked() if active else Unlocked())

    def close(self) -> None:
        """Stop listening (and close the bus if it is ours)."""
        self._subscription.cancel()
        if self._owns_bus:
            self._bus.close()


def open_gnome_screensaver(dispatch: Dispatch, session: Bus | None = None) -> GnomeScreenSaverWatch:
    """Ask GetActive once; subscribe, and dispatch Locked at once if the screen is locked."""
    bus = session if session is not None else Bus("SESSION")
    try:
        (active,) = bus.call(SCREENSAVER, "GetActive")
    except BusError as error:
        if session is None:
            bus.close()
        raise Unavailable(f"GNOME's screen saver does not answer ({error})") from error
    watch = GnomeScreenSaverWatch(bus, dispatch, owns_bus=session is None)
    if active:
        dispatch(Locked())
    return watch

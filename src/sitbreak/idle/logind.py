"""Screen lock and sleep from systemd-logind on the system bus.

The session's ``LockedHint`` (set by the screen locker), and its ``Lock``/``Unlock`` signals
(``loginctl lock-session``), become Locked and Unlocked. The manager's
``PrepareForSleep(false)`` on resume becomes a plain dispatch, so the daemon notices the sleep
gap at once instead of at its next timer. ``IdleHint`` is not used: KDE does not keep it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, Message

from sitbreak.core import Event, Locked, Tick, Unlocked
from sitbreak.idle.base import Unavailable
from sitbreak.idle.dbus_link import BusCallFailed, BusLink

__all__ = ["BUS_NAME", "MANAGER_PATH", "LogindWatch", "open_logind"]

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
USER_INTERFACE = "org.freedesktop.login1.User"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
_MANAGER = DBusAddress(MANAGER_PATH, bus_name=BUS_NAME, interface=MANAGER_INTERFACE)

Dispatch = Callable[[Event], object]


class LogindWatch:
    """Turns one login session's lock signals and the machine's wake-ups into events."""

    name = "logind"

    def __init__(self, link: BusLink, session_path: str, dispatch: Dispatch) -> None:
        """Subscribe to the session's and the manager's signals and start handling them."""
        self._link = link
        self.session_path = session_path
        self._dispatch = dispatch
        session = {"sender": BUS_NAME, "path": session_path}
        link.on_signal(self._on_lock, interface=SESSION_INTERFACE, member="Lock", **session)
        link.on_signal(self._on_unlock, interface=SESSION_INTERFACE, member="Unlock", **session)
        link.on_signal(
            self._on_properties,
            interface=PROPERTIES_INTERFACE,
            member="PropertiesChanged",
            **session,
        )
        link.on_signal(
            self._on_sleep,
            sender=BUS_NAME,
            path=MANAGER_PATH,
            interface=MANAGER_INTERFACE,
            member="PrepareForSleep",
        )
        link.start()

    def locked_now(self) -> bool:
        """The session's LockedHint right now."""
        address = DBusAddress(self.session_path, bus_name=BUS_NAME, interface=PROPERTIES_INTERFACE)
        (variant,) = self._link.call(address, "Get", "ss", (SESSION_INTERFACE, "LockedHint"))
        return bool(variant[1])

    def _on_lock(self, _message: Message) -> None:
        """loginctl lock-session, or the locker asking: Locked."""
        self._dispatch(Locked())

    def _on_unlock(self, _message: Message) -> None:
        """loginctl unlock-session: Unlocked."""
        self._dispatch(Unlocked())

    def _on_properties(self, message: Message) -> None:
        """LockedHint changed: Locked or Unlocked."""
        interface, changed, _invalidated = message.body
        if interface == SESSION_INTERFACE and "LockedHint" in changed:
            self._dispatch(Locked() if changed["LockedHint"][1] else Unlocked())

    def _on_sleep(self, message: Message) -> None:
        """Back from suspend: a plain dispatch, so the daemon measures the gap now."""
        (going_to_sleep,) = message.body
        if not going_to_sleep:
            log.debug("logind: the machine woke up")
            self._dispatch(Tick())

    def close(self) -> None:
        """Close the connection."""
        self._link.close()


def _session_path(link: BusLink) -> str:
    """This process's login session, or else the user's graphical one."""
    session_id = os.environ.get("XDG_SESSION_ID")
    if session_id:
        (path,) = link.call(_MANAGER, "GetSession", "s", (session_id,))
        return str(path)
    try:
        (path,) = link.call(_MANAGER, "GetSessionByPID", "u", (os.getpid(),))
        return str(path)
    except BusCallFailed:
        pass  # e.g. started by systemd --user, outside any session
    (user_path,) = link.call(_MANAGER, "GetUser", "u", (os.getuid(),))
    user = DBusAddress(user_path, bus_name=BUS_NAME, interface=PROPERTIES_INTERFACE)
    (variant,) = link.call(user, "Get", "ss", (USER_INTERFACE, "Display"))
    display: Any = variant[1]  # (session id, object path); path "/" when there is none
    if display[1] == "/":
        raise Unavailable("logind knows no graphical session of this user")
    return str(display[1])


def open_logind(dispatch: Dispatch, bus: str = "SYSTEM") -> LogindWatch:
    """Find the session and subscribe; dispatch Locked at once if it is locked already."""
    link = BusLink(bus, "system")
    try:
        watch = LogindWatch(link, _session_path(link), dispatch)
        if watch.locked_now():
            dispatch(Locked())
    except BusCallFailed as error:
        link.close()
        raise Unavailable(f"logind does not answer ({error})") from error
    except Unavailable:
        link.close()
        raise
    return watch

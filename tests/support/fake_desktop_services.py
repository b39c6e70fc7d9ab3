"""Stand-ins for GNOME's idle monitor and screen saver and for systemd-logind, for tests.

Each implements the real bus name, object paths, interfaces, methods and signals the
sitbreak clients use, on a private bus; the test drives them ("the user went idle", "the
screen locked", "the machine woke up") and reads back the calls they received.
"""

from __future__ import annotations

import itertools
from typing import Any

from jeepney import Message  # type: ignore[import-untyped]

from tests.support.dbus_service import FakeService, Reply, ServiceError

__all__ = ["FakeGnomeScreenSaver", "FakeLogind", "FakeMutterIdleMonitor"]

PROPERTIES = "org.freedesktop.DBus.Properties"


class FakeMutterIdleMonitor:
    """``org.gnome.Mutter.IdleMonitor`` at ``/org/gnome/Mutter/IdleMonitor/Core``."""

    BUS_NAME = INTERFACE = "org.gnome.Mutter.IdleMonitor"
    PATH = "/org/gnome/Mutter/IdleMonitor/Core"

    def __init__(self, bus_address: str, idle_ms: int = 0) -> None:
        """Serve on ``bus_address``; GetIdletime answers ``idle_ms`` until changed."""
        self.idle_ms = idle_ms
        self.idle_watches: dict[int, int] = {}  # id -> interval in ms
        self.active_watches: set[int] = set()
        self._ids = itertools.count(1)
        handlers = {
            "GetIdletime": self._get_idletime,
            "AddIdleWatch": self._add_idle_watch,
            "AddUserActiveWatch": self._add_user_active_watch,
            "RemoveWatch": self._remove_watch,
        }
        self.service = FakeService(
            bus_address,
            self.BUS_NAME,
            {(self.PATH, self.INTERFACE, member): h for member, h in handlers.items()},
        )

    def _get_idletime(self, _message: Message) -> Reply:
        return "t", (self.idle_ms,)

    def _add_idle_watch(self, message: Message) -> Reply:
        watch_id = next(self._ids)
        self.idle_watches[watch_id] = int(message.body[0])
        return "u", (watch_id,)

    def _add_user_active_watch(self, _message: Message) -> Reply:
        watch_id = next(self._ids)
        self.active_watches.add(watch_id)
        return "u", (watch_id,)

    def _remove_watch(self, message: Message) -> Reply:
        (watch_id,) = message.body
        self.idle_watches.pop(watch_id, None)
        self.active_watches.discard(watch_id)
        return None, ()

    def user_went_idle(self) -> None:
        """Fire every idle watch, as Mutter does once its interval of no input has passed."""
        for watch_id in list(self.idle_watches):
            self._fire(watch_id)

    def user_came_back(self) -> None:
        """Fire (and drop: they are one-shot) every user-active watch."""
        for watch_id in sorted(self.active_watches):
            self.active_watches.discard(watch_id)
            self._fire(watch_id)

    def _fire(self, watch_id: int) -> None:
        self.service.emit(self.PATH, self.INTERFACE, "WatchFired", "u", watch_id)

    def stop(self) -> None:
        """Leave the bus, as when GNOME Shell exits."""
        self.service.stop()


class FakeGnomeScreenSaver:
    """``org.gnome.ScreenSaver`` at ``/org/gnome/ScreenSaver``: GetActive, ActiveChanged."""

    BUS_NAME = INTERFACE = "org.gnome.ScreenSaver"
    PATH = "/org/gnome/ScreenSaver"

    def __init__(self, bus_address: str, active: bool = False) -> None:
        """Serve on ``bus_address`` with the lock screen up or down."""
        self.active = active
        self.service = FakeService(
            bus_address,
            self.BUS_NAME,
            {(self.PATH, self.INTERFACE, "GetActive"): lambda _m: ("b", (self.active,))},
        )

    def set_active(self, active: bool) -> None:
        """Raise or drop the lock screen, announcing it."""
        self.active = active
        self.service.emit(self.PATH, self.INTERFACE, "ActiveChanged", "b", active)

    def stop(self) -> None:
        """Leave the bus."""
        self.service.stop()


class FakeLogind:
    """``org.freedesktop.login1``: the manager, one session and one user."""

    BUS_NAME = "org.freedesktop.login1"
    MANAGER_PATH = "/org/freedesktop/login1"
    MANAGER = "org.freedesktop.login1.Manager"
    SESSION = "org.freedesktop.login1.Session"
    USER = "org.freedesktop.login1.User"

    def __init__(
        self, bus_address: str, session_id: str = "c7", *, locked: bool = False, by_pid: bool = True
    ) -> None:
        """Serve on ``bus_address``; ``by_pid`` false: GetSessionByPID fails, as under systemd."""
        self.session_id = session_id
        self.session_path = f"/org/freedesktop/login1/session/{session_id}"
        self.user_path = "/org/freedesktop/login1/user/_1000"
        self.locked = locked
        self.by_pid = by_pid
        manager = (self.MANAGER_PATH, self.MANAGER)
        self.service = FakeService(
            bus_address,
            self.BUS_NAME,
            {
                (*manager, "GetSession"): self._get_session,
                (*manager, "GetSessionByPID"): self._by_pid,
                (*manager, "GetUser"): lambda _m: ("o", (self.user_path,)),
                (self.session_path, PROPERTIES, "Get"): self._session_property,
                (self.user_path, PROPERTIES, "Get"): self._user_property,
            },
        )

    def _get_session(self, message: Message) -> Reply:
        if message.body[0] != self.session_id:
            raise ServiceError("org.freedesktop.login1.NoSuchSession", "No such session")
        return "o", (self.session_path,)

    def _by_pid(self, _message: Message) -> Reply:
        if not self.by_pid:
            raise ServiceError("org.freedesktop.login1.NoSessionForPID", "not in a session")
        return "o", (self.session_path,)

    def _session_property(self, message: Message) -> Reply:
        interface, name = message.body
        if (interface, name) != (self.SESSION, "LockedHint"):
            raise ServiceError("org.freedesktop.DBus.Error.UnknownProperty", name)
        return "v", (("b", self.locked),)

    def _user_property(self, message: Message) -> Reply:
        interface, name = message.body
        if (interface, name) != (self.USER, "Display"):
            raise ServiceError("org.freedesktop.DBus.Error.UnknownProperty", name)
        return "v", (("(so)", (self.session_id, self.session_path)),)

    def lock_signal(self) -> None:
        """``loginctl lock-session``: logind asks the locker to lock."""
        self.service.emit(self.session_path, self.SESSION, "Lock", "")

    def unlock_signal(self) -> None:
        """``loginctl unlock-session``."""
        self.service.emit(self.session_path, self.SESSION, "Unlock", "")

    def set_locked_hint(self, locked: bool) -> None:
        """The screen locker reports the lock screen up or down."""
        self.locked = locked
        changed: dict[str, Any] = {"LockedHint": ("b", locked)}
        self.service.emit(
            self.session_path,
            PROPERTIES,
            "PropertiesChanged",
            "sa{sv}as",
            self.SESSION,
            changed,
            [],
        )

    def prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """Before suspend (True) and after resume (False)."""
        self.service.emit(self.MANAGER_PATH, self.MANAGER, "PrepareForSleep", "b", going_to_sleep)

    def stop(self) -> None:
        """Leave the bus."""
        self.service.stop()

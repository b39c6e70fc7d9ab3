"""Stand-ins for desktop services, for tests: GNOME's, systemd-logind and xfconf.

Each implements the real bus name, object paths, interfaces, methods, properties and signals
the sitbreak clients use, on a private bus; the test drives them ("the user went idle", "the
screen locked", "the machine woke up", "Do Not Disturb is on") and reads back the calls they
received through ``service``.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.support.fake_dbus import Call, DBusError, FakeService, Reply, StandIn

__all__ = [
    "FakeGnomeScreenSaver",
    "FakeGnomeSessionManager",
    "FakeLogind",
    "FakeMutterIdleMonitor",
    "FakeXfconf",
]


class FakeMutterIdleMonitor(StandIn):
    """``org.gnome.Mutter.IdleMonitor`` at ``/org/gnome/Mutter/IdleMonitor/Core``."""

    BUS_NAME = INTERFACE = "org.gnome.Mutter.IdleMonitor"
    PATH = "/org/gnome/Mutter/IdleMonitor/Core"

    def __init__(self, bus_address: str, idle_ms: int = 0) -> None:
        """Serve on ``bus_address``; GetIdletime answers ``idle_ms`` until changed."""
        self.idle_ms = idle_ms
        self.idle_watches: dict[int, int] = {}  # id -> interval in ms
        self.active_watches: set[int] = set()
        self._ids = itertools.count(1)
        super().__init__(bus_address, self.BUS_NAME)

    def expose(self, service: FakeService) -> None:
        """The idle time and the watches."""
        handlers = {
            "GetIdletime": lambda _call: ("t", (self.idle_ms,)),
            "AddIdleWatch": self._add_idle_watch,
            "AddUserActiveWatch": self._add_user_active_watch,
            "RemoveWatch": self._remove_watch,
        }
        service.add_methods(self.PATH, self.INTERFACE, handlers)

    def user_went_idle(self, for_ms: int | None = None) -> None:
        """Fire every idle watch (with ``for_ms``: those of at most that interval), as Mutter
        does once its interval of no input has passed."""
        for watch_id, interval in list(self.idle_watches.items()):
            if for_ms is None or interval <= for_ms:
                self._fire(watch_id)

    def user_came_back(self) -> None:
        """Fire (and drop: they are one-shot) every user-active watch."""
        for watch_id in sorted(self.active_watches):
            self.active_watches.discard(watch_id)
            self._fire(watch_id)

    def _add_idle_watch(self, call: Call) -> Reply:
        """A watch that fires after ``interval`` ms without input."""
        watch_id = next(self._ids)
        self.idle_watches[watch_id] = int(call.body[0])
        return "u", (watch_id,)

    def _add_user_active_watch(self, _call: Call) -> Reply:
        """A one-shot watch that fires at the next input."""
        watch_id = next(self._ids)
        self.active_watches.add(watch_id)
        return "u", (watch_id,)

    def _remove_watch(self, call: Call) -> Reply:
        """Forget a watch of either kind."""
        (watch_id,) = call.body
        self.idle_watches.pop(watch_id, None)
        self.active_watches.discard(watch_id)
        return None, ()

    def _fire(self, watch_id: int) -> None:
        """Announce that watch ``watch_id`` fired."""
        self.service.emit(self.PATH, self.INTERFACE, "WatchFired", "u", (watch_id,))


class FakeGnomeScreenSaver(StandIn):
    """``org.gnome.ScreenSaver`` at ``/org/gnome/ScreenSaver``: GetActive, ActiveChanged."""

    BUS_NAME = INTERFACE = "org.gnome.ScreenSaver"
    PATH = "/org/gnome/ScreenSaver"

    def __init__(self, bus_address: str, active: bool = False) -> None:
        """Serve on ``bus_address`` with the lock screen up or down."""
        self.active = active
        super().__init__(bus_address, self.BUS_NAME)

    def expose(self, service: FakeService) -> None:
        """Whether the lock screen is up."""
        service.add_methods(
            self.PATH, self.INTERFACE, {"GetActive": lambda _call: ("b", (self.active,))}
        )

    def set_active(self, active: bool) -> None:
        """Raise or drop the lock screen, announcing it."""
        self.active = active
        self.service.emit(self.PATH, self.INTERFACE, "ActiveChanged", "b", (active,))


class FakeLogind(StandIn):
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
        self.by_pid = by_pid
        self._locked_at_start = locked
        super().__init__(bus_address, self.BUS_NAME)

    def expose(self, service: FakeService) -> None:
        """The manager's look-ups, the session's LockedHint and the user's Display."""
        service.add_methods(
            self.MANAGER_PATH,
            self.MANAGER,
            {
                "GetSession": self._get_session,
                "GetSessionByPID": self._get_session_by_pid,
                "GetUser": lambda _call: ("o", (self.user_path,)),
            },
        )
        locked_hint = ("b", self._locked_at_start)
        service.add_properties(self.session_path, self.SESSION, {"LockedHint": locked_hint})
        display = ("(so)", (self.session_id, self.session_path))
        service.add_properties(self.user_path, self.USER, {"Display": display})

    def lock_signal(self) -> None:
        """``loginctl lock-session``: logind asks the locker to lock."""
        self.service.emit(self.session_path, self.SESSION, "Lock", "", ())

    def unlock_signal(self) -> None:
        """``loginctl unlock-session``."""
        self.service.emit(self.session_path, self.SESSION, "Unlock", "", ())

    def set_locked_hint(self, locked: bool) -> None:
        """The screen locker reports the lock screen up or down."""
        self.service.set_property(self.session_path, self.SESSION, "LockedHint", "b", locked)

    def prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """Before suspend (True) and after resume (False)."""
        body = (going_to_sleep,)
        self.service.emit(self.MANAGER_PATH, self.MANAGER, "PrepareForSleep", "b", body)

    def _get_session(self, call: Call) -> Reply:
        """Our one session, by id."""
        if call.body[0] != self.session_id:
            raise DBusError("org.freedesktop.login1.NoSuchSession", "No such session")
        return "o", (self.session_path,)

    def _get_session_by_pid(self, _call: Call) -> Reply:
        """Our one session, unless the caller is outside it (started by systemd --user)."""
        if not self.by_pid:
            raise DBusError("org.freedesktop.login1.NoSessionForPID", "not in a session")
        return "o", (self.session_path,)


class FakeGnomeSessionManager(StandIn):
    """``org.gnome.SessionManager``: ``InhibitedActions`` and the inhibitor signals."""

    BUS_NAME = INTERFACE = "org.gnome.SessionManager"
    PATH = "/org/gnome/SessionManager"

    def __init__(self, bus_address: str) -> None:
        """Serve on ``bus_address`` with nothing inhibited."""
        super().__init__(bus_address, self.BUS_NAME)

    def expose(self, service: FakeService) -> None:
        """No action inhibited."""
        service.add_properties(self.PATH, self.INTERFACE, {"InhibitedActions": ("u", 0)})

    def set_inhibited_actions(self, flags: int) -> None:
        """Change the inhibited actions (1 logout, 2 switch user, 4 suspend, 8 idle)."""
        self.service.set_property(self.PATH, self.INTERFACE, "InhibitedActions", "u", flags)

    def inhibitor_removed(self, inhibitor: str) -> None:
        """Announce that the inhibitor at object path ``inhibitor`` went away."""
        self.service.emit(self.PATH, self.INTERFACE, "InhibitorRemoved", "o", (inhibitor,))


class FakeXfconf(StandIn):
    """``org.xfce.Xfconf``, xfconfd's settings store: GetProperty and PropertyChanged."""

    BUS_NAME = INTERFACE = "org.xfce.Xfconf"
    PATH = "/org/xfce/Xfconf"

    def __init__(self, bus_address: str) -> None:
        """Serve on ``bus_address`` with nothing set."""
        self.values: dict[tuple[str, str], tuple[str, Any]] = {}  # (channel, property) -> variant
        super().__init__(bus_address, self.BUS_NAME)

    def expose(self, service: FakeService) -> None:
        """Reading one property."""
        service.add_method(self.PATH, self.INTERFACE, "GetProperty", self._get_property)

    def set_property(self, channel: str, name: str, signature: str, value: Any) -> None:
        """Set ``name`` in ``channel`` and announce it, as ``xfconf-query --set`` does."""
        self.values[(channel, name)] = (signature, value)
        body = (channel, name, (signature, value))
        self.service.emit(self.PATH, self.INTERFACE, "PropertyChanged", "ssv", body)

    def _get_property(self, call: Call) -> Reply:
        """The stored value, or PropertyNotFound as xfconfd answers for a property never set."""
        channel, name = call.body
        if (channel, name) not in self.values:
            raise DBusError("org.xfce.Xfconf.Error.PropertyNotFound", f"no {name} in {channel}")
        return "v", (self.values[(channel, name)],)

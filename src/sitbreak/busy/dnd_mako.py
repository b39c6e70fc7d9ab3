"""mako's Do Not Disturb: the ``do-not-disturb`` mode users switch with ``makoctl mode``."""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, Switch, probe_by_reading
from sitbreak.busy.bus_listener import properties_changed_rule
from sitbreak.busy.dbus_reader import DBusError, DBusReader

__all__ = ["DND_MODE", "MakoMode"]

DND_MODE = "do-not-disturb"  # mako has no DND flag; this mode name is the documented convention

_NAME = "org.freedesktop.Notifications"
_PATH = "/fr/emersion/Mako"
_INTERFACE = "fr.emersion.Mako"


class MakoMode:
    """Busy while mako's active modes include ``do-not-disturb``."""

    name = "mako-dnd"
    switch = Switch.DND

    def __init__(self, bus: DBusReader) -> None:
        """Read through ``bus``."""
        self._bus = bus

    def probe(self) -> Availability:
        """Works when the notification server is mako."""
        return probe_by_reading(
            self,
            f"mako's modes (busy in mode {DND_MODE!r})",
            "the notification server is not mako",
        )

    def read(self) -> frozenset[str]:
        """``dnd`` while the mode is on; mako before 1.7 had one mode, read by GetMode."""
        try:
            (modes,) = self._bus.call(_NAME, _PATH, _INTERFACE, "ListModes")
        except DBusError as error:
            if error.error_name != "org.freedesktop.DBus.Error.UnknownMethod":
                raise
            (mode,) = self._bus.call(_NAME, _PATH, _INTERFACE, "GetMode")
            modes = [mode]
        return frozenset({DND}) if DND_MODE in modes else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """mako invalidates its ``Modes`` property with PropertiesChanged."""
        return (properties_changed_rule(_PATH, _INTERFACE),)

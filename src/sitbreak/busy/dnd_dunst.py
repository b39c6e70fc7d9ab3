"""dunst's Do Not Disturb: the ``paused`` property that ``dunstctl set-paused`` sets."""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, Switch, probe_by_reading
from sitbreak.busy.bus_listener import properties_changed_rule
from sitbreak.busy.dbus_reader import DBusReader

__all__ = ["DunstPaused"]

_NAME = "org.freedesktop.Notifications"
_PATH = "/org/freedesktop/Notifications"
_INTERFACE = "org.dunstproject.cmd0"


class DunstPaused:
    """Busy while dunst is paused (its pause level is above 0)."""

    name = "dunst-dnd"
    switch = Switch.DND

    def __init__(self, bus: DBusReader) -> None:
        """Read through ``bus``."""
        self._bus = bus

    def probe(self) -> Availability:
        """Works when the notification server is dunst (it offers org.dunstproject.cmd0)."""
        return probe_by_reading(
            self, "dunst's paused property", "the notification server is not dunst"
        )

    def read(self) -> frozenset[str]:
        """``dnd`` while ``paused`` is true."""
        paused = self._bus.get_property(_NAME, _PATH, _INTERFACE, "paused")
        return frozenset({DND}) if paused else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """dunst sends PropertiesChanged when paused (or pauseLevel) is set."""
        return (properties_changed_rule(_PATH, _INTERFACE),)

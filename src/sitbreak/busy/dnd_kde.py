"""KDE Plasma's Do Not Disturb: the ``Inhibited`` property of its notification server."""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, Switch, probe_by_reading
from sitbreak.busy.bus_listener import properties_changed_rule
from sitbreak.busy.dbus_reader import DBusReader

__all__ = ["KdeInhibited"]

_NAME = "org.freedesktop.Notifications"
_PATH = "/org/freedesktop/Notifications"


class KdeInhibited:
    """Busy while Plasma inhibits notifications (DND, and from 6.4 also a focused full screen).

    ``Inhibited`` is a KDE extension of the notification interface; other servers (dunst,
    GNOME Shell) answer that the property does not exist, which the probe reports.
    """

    name = "kde-dnd"
    switch = Switch.DND

    def __init__(self, bus: DBusReader) -> None:
        """Read through ``bus``."""
        self._bus = bus

    def probe(self) -> Availability:
        """Works when the notification server has an ``Inhibited`` property."""
        return probe_by_reading(
            self,
            "the notification server's Inhibited property",
            "the notification server is not KDE Plasma's",
        )

    def read(self) -> frozenset[str]:
        """``dnd`` while ``Inhibited`` is true."""
        inhibited = self._bus.get_property(_NAME, _PATH, _NAME, "Inhibited")
        return frozenset({DND}) if inhibited else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """Plasma announces changes of ``Inhibited`` with PropertiesChanged."""
        return (properties_changed_rule(_PATH, _NAME),)

"""GNOME presenting or playing video: ``org.gnome.SessionManager`` inhibits going idle.

GNOME on Wayland lets no client see other windows' full-screen state; what video players,
browsers playing video and presentation tools do is inhibit idleness through the session
manager (the approximation Safe Eyes uses too).
"""

from __future__ import annotations

from sitbreak.busy.base import FULLSCREEN, Availability, Switch, probe_by_reading
from sitbreak.busy.bus_listener import properties_changed_rule, signal_rule
from sitbreak.busy.dbus_reader import DBusReader

__all__ = ["IDLE_INHIBITED", "GnomeIdleInhibit"]

IDLE_INHIBITED = 8  # the "inhibit the session being marked as idle" flag of Inhibit()

_NAME = "org.gnome.SessionManager"
_PATH = "/org/gnome/SessionManager"


class GnomeIdleInhibit:
    """Busy while something inhibits the session going idle."""

    name = "gnome-idle-inhibit"
    switch = Switch.FULLSCREEN

    def __init__(self, bus: DBusReader) -> None:
        """Read through ``bus``."""
        self._bus = bus

    def probe(self) -> Availability:
        """Works when GNOME's session manager is on the bus."""
        return probe_by_reading(
            self,
            "the session manager's InhibitedActions",
            "no GNOME session manager",
        )

    def read(self) -> frozenset[str]:
        """``fullscreen`` while the idle bit of ``InhibitedActions`` is set."""
        actions = self._bus.get_property(_NAME, _PATH, _NAME, "InhibitedActions")
        return frozenset({FULLSCREEN}) if int(actions) & IDLE_INHIBITED else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """Inhibitors come and go with signals; newer versions also send PropertiesChanged."""
        return (
            properties_changed_rule(_PATH, _NAME),
            signal_rule(_NAME, "InhibitorAdded", _PATH),
            signal_rule(_NAME, "InhibitorRemoved", _PATH),
        )

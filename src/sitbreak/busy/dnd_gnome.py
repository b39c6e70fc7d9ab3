"""GNOME's Do Not Disturb: the setting ``org.gnome.desktop.notifications show-banners``.

GNOME Shell has no ``Inhibited`` property; its DND switch turns banners off. The value
lives in dconf, which has no read API on the bus, so it is read with ``gsettings``
(the way Stretchly does), only in a GNOME session.
"""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, SessionInfo, Switch, probe_by_reading
from sitbreak.busy.tools import find_tool, run_tool

__all__ = ["GnomeShowBanners"]

_SCHEMA = "org.gnome.desktop.notifications"
_KEY = "show-banners"


class GnomeShowBanners:
    """Busy while GNOME shows no banners (its Do Not Disturb switch)."""

    name = "gnome-dnd"
    switch = Switch.DND

    def __init__(self, info: SessionInfo) -> None:
        """Run gsettings in the session described by ``info``."""
        self._info = info

    def probe(self) -> Availability:
        """Works in a GNOME session with gsettings and the schema installed."""
        if not any(name.startswith("gnome") for name in self._info.desktops):
            current = self._info.env.get("XDG_CURRENT_DESKTOP", "") or "unset"
            return Availability(False, f"not a GNOME session (XDG_CURRENT_DESKTOP is {current})")
        if find_tool("gsettings", self._info.env) is None:
            return Availability(False, "gsettings is not installed (Debian: libglib2.0-bin)")
        return probe_by_reading(self, f"gsettings {_SCHEMA} {_KEY}")

    def read(self) -> frozenset[str]:
        """``dnd`` while show-banners is false."""
        value = run_tool(["gsettings", "get", _SCHEMA, _KEY], self._info.env)
        return frozenset({DND}) if value == "false" else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """dconf's change signal carries no key we could match cheaply; grace polling covers it."""
        return ()

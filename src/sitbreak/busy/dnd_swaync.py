"""SwayNotificationCenter's Do Not Disturb, read with its client ``swaync-client``."""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, SessionInfo, Switch, Unavailable
from sitbreak.busy.bus_listener import signal_rule
from sitbreak.busy.dbus_reader import DBusReader
from sitbreak.busy.tools import find_tool, run_tool

__all__ = ["SwayncDoNotDisturb"]

_NAME = "org.erikreider.swaync.cc"
_PATH = "/org/erikreider/swaync/cc"


class SwayncDoNotDisturb:
    """Busy while swaync's Do Not Disturb is on.

    The client is run only while swaync owns its bus name: D-Bus would otherwise start
    swaync on a desktop that does not use it, and the client would wait for it.
    """

    name = "swaync-dnd"
    switch = Switch.DND

    def __init__(self, bus: DBusReader, info: SessionInfo) -> None:
        """Check the bus through ``bus``; run the client in the session of ``info``."""
        self._bus = bus
        self._info = info

    def probe(self) -> Availability:
        """Works when swaync-client is installed and swaync runs."""
        if find_tool("swaync-client", self._info.env) is None:
            return Availability(False, "swaync-client is not installed")
        try:
            busy = self.read()
        except Unavailable as error:
            return Availability(False, str(error), may_appear=error.may_appear)
        return Availability(True, f"swaync-client --get-dnd ({'on' if busy else 'off'} now)")

    def read(self) -> frozenset[str]:
        """``dnd`` while the client prints true."""
        if not self._bus.name_has_owner(_NAME):
            raise Unavailable("swaync is not running", may_appear=True)
        value = run_tool(["swaync-client", "--skip-wait", "--get-dnd"], self._info.env)
        return frozenset({DND}) if value == "true" else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """swaync broadcasts SubscribeV2 (count, dnd, visible, inhibited) on every change."""
        return (signal_rule(_NAME, "SubscribeV2", _PATH),)

"""XFCE's Do Not Disturb: xfconf's ``/do-not-disturb`` in the ``xfce4-notifyd`` channel."""

from __future__ import annotations

from sitbreak.busy.base import DND, Availability, SessionInfo, Switch, Unavailable
from sitbreak.busy.bus_listener import signal_rule
from sitbreak.busy.dbus_reader import DBusError, DBusReader

__all__ = ["XfceDoNotDisturb"]

_NAME = "org.xfce.Xfconf"
_PATH = "/org/xfce/Xfconf"
_CHANNEL = "xfce4-notifyd"
_PROPERTY = "/do-not-disturb"
# xfconfd's answers for a property (or a whole channel) that was never set: DND is off.
_NOT_SET = frozenset(
    {"org.xfce.Xfconf.Error.PropertyNotFound", "org.xfce.Xfconf.Error.ChannelNotFound"}
)


class XfceDoNotDisturb:
    """Busy while xfce4-notifyd's Do Not Disturb is on."""

    name = "xfce-dnd"
    switch = Switch.DND

    def __init__(self, bus: DBusReader, info: SessionInfo) -> None:
        """Read through ``bus``; ``info`` tells whether this is an XFCE session."""
        self._bus = bus
        self._info = info

    def probe(self) -> Availability:
        """Works while xfconfd runs; in an XFCE session that has not started it yet, later."""
        xfce = "xfce" in self._info.desktops
        try:
            running = self._bus.name_has_owner(_NAME)
        except Unavailable as error:
            return Availability(False, str(error), may_appear=xfce)
        if not running:
            why = "xfconfd is not running" + ("" if xfce else " (not an XFCE session)")
            return Availability(False, why, may_appear=xfce)
        try:
            busy = self.read()
        except Unavailable as error:
            return Availability(False, str(error), may_appear=xfce)
        state = "busy now" if busy else "free now"
        return Availability(True, f"xfconf {_CHANNEL} {_PROPERTY} ({state})")

    def read(self) -> frozenset[str]:
        """``dnd`` while the property is true; a property never set means off."""
        try:
            (variant,) = self._bus.call(
                _NAME, _PATH, _NAME, "GetProperty", signature="ss", body=(_CHANNEL, _PROPERTY)
            )
        except DBusError as error:
            if error.error_name in _NOT_SET:
                return frozenset()
            raise
        _signature, value = variant
        return frozenset({DND}) if value is True else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """xfconfd announces each change (and removal) of the property."""
        return (
            signal_rule(_NAME, "PropertyChanged", _PATH, _CHANNEL, _PROPERTY),
            signal_rule(_NAME, "PropertyRemoved", _PATH, _CHANNEL, _PROPERTY),
        )

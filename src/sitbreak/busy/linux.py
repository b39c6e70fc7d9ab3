"""The busy signals of a Linux desktop, in the order doctor lists them.

Do Not Disturb and "presenting" states that a desktop keeps on D-Bus are rows of one table,
``BUS_SIGNALS``: where the state is read, which value means busy, and which signals say it
may have changed. Every read carries NO_AUTO_START: reading a signal must never start a
service the desktop does not run. The others need more than one read: XFCE's xfconf (a
property never set means off), swaync (its client, run only while swaync is on the bus),
GNOME's gsettings switch, and the X11 window that is full screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitbreak.busy.base import (
    DND,
    FULLSCREEN,
    Availability,
    BusySignal,
    RunningApps,
    SessionInfo,
    SignalUnavailable,
    Switch,
    find_tool,
    probe_by_reading,
    run_tool,
)
from sitbreak.busy.devices import CameraInUse, MicrophoneInUse, process_names
from sitbreak.dbus import Bus, BusError, Match, Target
from sitbreak.x11 import X11Error, active_window_fullscreen

__all__ = ["BUS_SIGNALS", "DND_MODE", "IDLE_INHIBITED", "BusRow", "linux_signals"]

DND_MODE = "do-not-disturb"  # mako has no DND flag; this mode name is the documented convention
IDLE_INHIBITED = 8  # gnome-session's "inhibit the session being marked as idle" flag
_PROPERTIES = "org.freedesktop.DBus.Properties"
_UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"

NOTIFICATIONS = Target(
    "org.freedesktop.Notifications",
    "/org/freedesktop/Notifications",
    "org.freedesktop.Notifications",
)
DUNST = Target(NOTIFICATIONS.bus_name, NOTIFICATIONS.path, "org.dunstproject.cmd0")
MAKO = Target(NOTIFICATIONS.bus_name, "/fr/emersion/Mako", "fr.emersion.Mako")
GNOME_SESSION = Target(
    "org.gnome.SessionManager", "/org/gnome/SessionManager", "org.gnome.SessionManager"
)
XFCONF = Target("org.xfce.Xfconf", "/org/xfce/Xfconf", "org.xfce.Xfconf")
SWAYNC = Target("org.erikreider.swaync.cc", "/org/erikreider/swaync/cc", "org.erikreider.swaync.cc")
_XFCE_CHANNEL = "xfce4-notifyd"
_XFCE_PROPERTY = "/do-not-disturb"
# xfconfd's answers for a property (or a whole channel) that was never set: DND is off.
_XFCE_NOT_SET = frozenset(
    {"org.xfce.Xfconf.Error.PropertyNotFound", "org.xfce.Xfconf.Error.ChannelNotFound"}
)
_GSETTINGS = ("org.gnome.desktop.notifications", "show-banners")


def _signal(target: Target, member: str, *args: str) -> Match:
    """``member`` from the owner of ``target``'s name, at its path, narrowed by ``args``."""
    return Match(target.bus_name, target.path, target.interface, member, args)


def _properties_changed(target: Target) -> Match:
    """PropertiesChanged of ``target``'s interface."""
    return Match(
        target.bus_name, target.path, _PROPERTIES, "PropertiesChanged", (target.interface,)
    )


def _property(name: str) -> Callable[[Bus, Target], Any]:
    """A reader of the property ``name``."""
    return lambda bus, target: bus.get_property(target, name, auto_start=False)


def _mako_modes(bus: Bus, target: Target) -> Any:
    """mako's active modes; before 1.7 mako had one mode, read by GetMode."""
    try:
        (modes,) = bus.call(target, "ListModes", auto_start=False)
    except BusError as error:
        if error.name != _UNKNOWN_METHOD:
            raise
        (mode,) = bus.call(target, "GetMode", auto_start=False)
        modes = [mode]
    return modes


@dataclass(frozen=True)
class BusRow:
    """One busy state a desktop service keeps on D-Bus."""

    name: str
    switch: Switch
    reason: str
    target: Target  # the service, object and interface to read
    read: Callable[[Bus, Target], Any]  # the raw value
    busy_when: Callable[[Any], bool]
    what: str  # what is read, for doctor
    not_here: str  # why it fails for good when the service is someone else's
    changes: tuple[Match, ...]  # signals that mean "read again"


BUS_SIGNALS = {
    row.name: row
    for row in (
        BusRow(
            "kde-dnd",
            Switch.DND,
            DND,
            NOTIFICATIONS,
            _property("Inhibited"),  # KDE's extension: DND, and from 6.4 a focused full screen
            bool,
            "the notification server's Inhibited property",
            "the notification server is not KDE Plasma's",
            (_properties_changed(NOTIFICATIONS),),
        ),
        BusRow(
            "dunst-dnd",
            Switch.DND,
            DND,
            DUNST,
            _property("paused"),  # dunstctl set-paused
            bool,
            "dunst's paused property",
            "the notification server is not dunst",
            (_properties_changed(DUNST),),
        ),
        BusRow(
            "mako-dnd",
            Switch.DND,
            DND,
            MAKO,
            _mako_modes,  # makoctl mode -a do-not-disturb
            lambda modes: DND_MODE in modes,
            f"mako's modes (busy in mode {DND_MODE!r})",
            "the notification server is not mako",
            (_properties_changed(MAKO),),
        ),
        # GNOME on Wayland shows no client other windows' full-screen state; video players,
        # browsers playing video and presentation tools inhibit idleness instead.
        BusRow(
            "gnome-idle-inhibit",
            Switch.FULLSCREEN,
            FULLSCREEN,
            GNOME_SESSION,
            _property("InhibitedActions"),
            lambda actions: bool(int(actions) & IDLE_INHIBITED),
            "the session manager's InhibitedActions",
            "no GNOME session manager",
            (
                _properties_changed(GNOME_SESSION),
                _signal(GNOME_SESSION, "InhibitorAdded"),
                _signal(GNOME_SESSION, "InhibitorRemoved"),
            ),
        ),
    )
}


def _unavailable(bus: Bus, target: Target, error: BusError) -> SignalUnavailable:
    """What a failed read means: a service missing for now, a bus missing, or another answer."""
    service = target.bus_name
    if error.service_absent:
        return SignalUnavailable(
            f"{service} is not on the session bus (not running yet?)", may_appear=True
        )
    if error.name is None:  # no answer at all: no bus, the bus went away, or too slow
        return SignalUnavailable(str(error), may_appear=bus.address is not None)
    return SignalUnavailable(str(error))


class BusState:
    """A busy signal read from a row of BUS_SIGNALS."""

    def __init__(self, row: BusRow, bus: Bus) -> None:
        """Read ``row`` through ``bus``."""
        self.row = row
        self.name = row.name
        self.switch = row.switch
        self._bus = bus

    def probe(self) -> Availability:
        """Works when the service answers the read."""
        return probe_by_reading(self, self.row.what, self.row.not_here)

    def read(self) -> frozenset[str]:
        """The row's reason while its value means busy."""
        try:
            value = self.row.read(self._bus, self.row.target)
        except BusError as error:
            raise _unavailable(self._bus, self.row.target, error) from error
        return frozenset({self.row.reason}) if self.row.busy_when(value) else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """The row's change signals."""
        return self.row.changes


class XfceDoNotDisturb:
    """Busy while xfce4-notifyd's Do Not Disturb is on (xfconf ``/do-not-disturb``)."""

    name = "xfce-dnd"
    switch = Switch.DND

    def __init__(self, bus: Bus, info: SessionInfo) -> None:
        """Read through ``bus``; ``info`` tells whether this is an XFCE session."""
        self._bus = bus
        self._info = info

    def probe(self) -> Availability:
        """Works while xfconfd runs; in an XFCE session that has not started it yet, later."""
        xfce = "xfce" in self._info.desktops
        try:
            running = bool(self._bus.name_owner(XFCONF.bus_name))
        except BusError as error:
            return Availability(False, str(_unavailable(self._bus, XFCONF, error)), xfce)
        if not running:
            why = "xfconfd is not running" + ("" if xfce else " (not an XFCE session)")
            return Availability(False, why, may_appear=xfce)
        try:
            busy = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error), may_appear=xfce)
        state = "busy now" if busy else "free now"
        return Availability(True, f"xfconf {_XFCE_CHANNEL} {_XFCE_PROPERTY} ({state})")

    def read(self) -> frozenset[str]:
        """``dnd`` while the property is true; a property never set means off."""
        try:
            (variant,) = self._bus.call(
                XFCONF, "GetProperty", "ss", (_XFCE_CHANNEL, _XFCE_PROPERTY), auto_start=False
            )
        except BusError as error:
            if error.name in _XFCE_NOT_SET:
                return frozenset()
            raise _unavailable(self._bus, XFCONF, error) from error
        _signature, value = variant
        return frozenset({DND}) if value is True else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """xfconfd announces each change (and removal) of the property."""
        return tuple(
            _signal(XFCONF, member, _XFCE_CHANNEL, _XFCE_PROPERTY)
            for member in ("PropertyChanged", "PropertyRemoved")
        )


class SwayncDoNotDisturb:
    """Busy while SwayNotificationCenter's Do Not Disturb is on, read with ``swaync-client``.

    The client runs only while swaync owns its bus name: D-Bus would otherwise start swaync
    on a desktop that does not use it, and the client would wait for it.
    """

    name = "swaync-dnd"
    switch = Switch.DND

    def __init__(self, bus: Bus, info: SessionInfo) -> None:
        """Check the bus through ``bus``; run the client in the session of ``info``."""
        self._bus = bus
        self._info = info

    def probe(self) -> Availability:
        """Works when swaync-client is installed and swaync runs."""
        if find_tool("swaync-client", self._info.env) is None:
            return Availability(False, "swaync-client is not installed")
        try:
            busy = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error), may_appear=error.may_appear)
        return Availability(True, f"swaync-client --get-dnd ({'on' if busy else 'off'} now)")

    def read(self) -> frozenset[str]:
        """``dnd`` while the client prints true."""
        try:
            running = bool(self._bus.name_owner(SWAYNC.bus_name))
        except BusError as error:
            raise _unavailable(self._bus, SWAYNC, error) from error
        if not running:
            raise SignalUnavailable("swaync is not running", may_appear=True)
        value = run_tool(["swaync-client", "--skip-wait", "--get-dnd"], self._info.env)
        return frozenset({DND}) if value == "true" else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """swaync broadcasts SubscribeV2 (count, dnd, visible, inhibited) on every change."""
        return (_signal(SWAYNC, "SubscribeV2"),)


class GnomeShowBanners:
    """Busy while GNOME shows no banners: its Do Not Disturb switch.

    GNOME Shell has no ``Inhibited`` property; the switch is the setting
    ``org.gnome.desktop.notifications show-banners``, which lives in dconf with no read API on
    the bus, so it is read with ``gsettings`` (as Stretchly does), only in a GNOME session.
    """

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
        return probe_by_reading(self, f"gsettings {' '.join(_GSETTINGS)}")

    def read(self) -> frozenset[str]:
        """``dnd`` while show-banners is false."""
        value = run_tool(["gsettings", "get", *_GSETTINGS], self._info.env)
        return frozenset({DND}) if value == "false" else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """dconf's change signal carries no key we could match cheaply; grace polling covers it."""
        return ()


class X11Fullscreen:
    """Busy while the active X11 window is full screen (a presentation, a shared screen)."""

    name = "x11-fullscreen"
    switch = Switch.FULLSCREEN

    def __init__(self, info: SessionInfo) -> None:
        """Look at the display of ``info``."""
        self._info = info

    def probe(self) -> Availability:
        """Works on an X11 session whose window manager follows EWMH."""
        display = self._info.display
        if display is None:
            return Availability(False, "no X display (DISPLAY is not set)")
        if self._info.wayland:
            return Availability(
                False, "a Wayland session: X11 sees only XWayland windows (see gnome/kde)"
            )
        try:
            busy = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error))
        state = "full screen now" if busy else "not full screen now"
        return Availability(True, f"active window on {display} via EWMH ({state})")

    def read(self) -> frozenset[str]:
        """``fullscreen`` while the active window is full screen."""
        display = self._info.display
        if display is None:
            raise SignalUnavailable("no X display (DISPLAY is not set)")
        try:
            fullscreen = active_window_fullscreen(display)
        except X11Error as error:
            raise SignalUnavailable(str(error)) from error
        return frozenset({FULLSCREEN}) if fullscreen else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """X11 property changes are not on D-Bus; grace polling covers them."""
        return ()


def linux_signals(apps: tuple[str, ...], info: SessionInfo, bus: Bus) -> list[BusySignal]:
    """Every signal Linux may offer; the probe then says which work on this desktop."""
    return [
        BusState(BUS_SIGNALS["kde-dnd"], bus),
        GnomeShowBanners(info),
        XfceDoNotDisturb(bus, info),
        BusState(BUS_SIGNALS["dunst-dnd"], bus),
        BusState(BUS_SIGNALS["mako-dnd"], bus),
        SwayncDoNotDisturb(bus, info),
        X11Fullscreen(info),
        BusState(BUS_SIGNALS["gnome-idle-inhibit"], bus),
        MicrophoneInUse(info),
        CameraInUse(info),
        RunningApps(apps, lambda: process_names(info.proc), f"processes in {info.proc}"),
    ]

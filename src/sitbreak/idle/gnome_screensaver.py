"""Screen lock on GNOME: ``org.gnome.ScreenSaver``'s ``ActiveChanged`` on the session bus."""

from __future__ import annotations

from collections.abc import Callable

from jeepney import DBusAddress, Message

from sitbreak.core import Event, Locked, Unlocked
from sitbreak.idle.base import Unavailable
from sitbreak.idle.dbus_link import BusCallFailed, BusLink

__all__ = ["BUS_NAME", "INTERFACE", "PATH", "GnomeScreenSaverWatch", "open_gnome_screensaver"]

BUS_NAME = "org.gnome.ScreenSaver"
PATH = "/org/gnome/ScreenSaver"
INTERFACE = "org.gnome.ScreenSaver"
_SCREENSAVER = DBusAddress(PATH, bus_name=BUS_NAME, interface=INTERFACE)

Dispatch = Callable[[Event], object]


class GnomeScreenSaverWatch:
    """Turns GNOME Shell's lock screen going up and down into Locked and Unlocked."""

    name = "gnome-screensaver"

    def __init__(self, link: BusLink, dispatch: Dispatch) -> None:
        """Subscribe to ActiveChanged on ``link`` and start handling it."""
        self._link = link
        self._dispatch = dispatch
        link.on_signal(
            self._on_active_changed,
            sender=BUS_NAME,
            path=PATH,
            interface=INTERFACE,
            member="ActiveChanged",
        )
        link.start()

    def _on_active_changed(self, message: Message) -> None:
        """Lock screen up: Locked; down: Unlocked."""
        (active,) = message.body
        self._dispatch(Locked() if active else Unlocked())

    def close(self) -> None:
        """Close the connection."""
        self._link.close()


def open_gnome_screensaver(dispatch: Dispatch, bus: str = "SESSION") -> GnomeScreenSaverWatch:
    """Ask GetActive once; subscribe, and dispatch Locked at once if the screen is locked."""
    link = BusLink(bus, "session")
    try:
        (active,) = link.call(_SCREENSAVER, "GetActive", timeout=2.0)
        watch = GnomeScreenSaverWatch(link, dispatch)
    except BusCallFailed as error:
        link.close()
        raise Unavailable(f"GNOME's screen saver does not answer ({error})") from error
    if active:
        dispatch(Locked())
    return watch

"""sitbreak's one D-Bus layer (on jeepney): calls, properties, signals, served objects, names.

Every part that talks D-Bus (notifications, idle detection, busy signals, and a tray icon)
goes through a ``Bus``: one connection with one handler thread, one timeout, one error type
(``BusError``), and reconnection when the bus restarts.
"""

from sitbreak.dbus.addressing import DRIVER, BusError, Match, Signal, Target
from sitbreak.dbus.bus import Bus, Subscription
from sitbreak.dbus.connection import CALL_TIMEOUT
from sitbreak.dbus.export import Interface, Method, Property

__all__ = [
    "CALL_TIMEOUT",
    "DRIVER",
    "Bus",
    "BusError",
    "Interface",
    "Match",
    "Method",
    "Property",
    "Signal",
    "Subscription",
    "Target",
]

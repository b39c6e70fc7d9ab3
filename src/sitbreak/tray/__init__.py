"""A tray icon on every desktop with a tray: a StatusNotifierItem with a dbusmenu, on jeepney.

``Tray`` serves the item and its menu on the daemon's session-bus connection and follows the
daemon's status stream; ``TrayHooks`` is all it may do in the daemon (it never imports it).
"""

from sitbreak.tray.actions import TrayHooks
from sitbreak.tray.app import Tray
from sitbreak.tray.item import ITEM_PATH, WATCHER, item_name

__all__ = ["ITEM_PATH", "WATCHER", "Tray", "TrayHooks", "item_name"]

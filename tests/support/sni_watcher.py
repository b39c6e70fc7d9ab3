"""A tiny StatusNotifierWatcher, exported on sitbreak's D-Bus layer: a panel's registry, stand-in.

It answers as KDE's and waybar's watchers do: ``RegisterStatusNotifierItem(name)`` adds
``name + "/StatusNotifierItem"`` to ``RegisteredStatusNotifierItems`` and announces it; an
item whose name leaves the bus is dropped. A host registers too, so items see one is there,
and reads like one: each item's icon, tooltip and menu when it registers, and the icon again
on each ``NewIcon`` (so the item draws what a panel would make it draw).
"""

from __future__ import annotations

import threading

from sitbreak.dbus import Bus, BusError, Interface, Match, Method, Property, Subscription, Target

__all__ = ["StandInWatcher"]

NAME = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"
INTERFACE = "org.kde.StatusNotifierWatcher"
ITEM_PATH = "/StatusNotifierItem"


class StandInWatcher:
    """Owns org.kde.StatusNotifierWatcher on ``address`` until ``stop``."""

    def __init__(self, address: str, *, host: bool = True) -> None:
        """Connect, serve the watcher and take its name (with a host registered if ``host``)."""
        self.bus = Bus(address, label="watcher", reconnect=False)
        self._lock = threading.Lock()
        self.items: list[str] = []
        self.registrations: list[str] = []  # every RegisterStatusNotifierItem argument, in order
        self._host = host
        self._watches: dict[str, Subscription] = {}
        self.icons_read = 0
        self.bus.export(
            PATH,
            Interface(
                INTERFACE,
                methods=(
                    Method("RegisterStatusNotifierItem", self._register_item, "s"),
                    Method("RegisterStatusNotifierHost", lambda _name: (), "s"),
                ),
                properties=(
                    Property("RegisteredStatusNotifierItems", "as", self._items),
                    Property("IsStatusNotifierHostRegistered", "b", lambda: self._host),
                    Property("ProtocolVersion", "i", lambda: 0),
                ),
                signals=(
                    ("StatusNotifierItemRegistered", "s"),
                    ("StatusNotifierItemUnregistered", "s"),
                    ("StatusNotifierHostRegistered", ""),
                    ("StatusNotifierHostUnregistered", ""),
                ),
            ),
        )
        assert self.bus.request_name(NAME), "another watcher owns the name"

    def _items(self) -> list[str]:
        with self._lock:
            return list(self.items)

    def _register_item(self, name: str) -> tuple[()]:
        entry = name + ITEM_PATH
        with self._lock:
            self.registrations.append(name)
            known = entry in self.items
            if not known:
                self.items.append(entry)
        if not known:
            self._watches[name] = self.bus.watch_name(name, lambda owner: self._gone(name, owner))
            self.bus.subscribe(
                Match(sender=name, member="NewIcon"), lambda _signal: self._read_icon(name)
            )
            self.bus.emit(PATH, INTERFACE, "StatusNotifierItemRegistered", "s", (entry,))
            self.bus.post(lambda: self._read_item(name))  # once the reply has gone
        return ()

    def _read_item(self, name: str) -> None:
        """What a host reads of a new item: the icon, the tooltip, the menu."""
        item = Target(name, ITEM_PATH, "org.kde.StatusNotifierItem")
        try:
            self._read_icon(name)
            self.bus.get_property(item, "ToolTip")
            menu = Target(name, self.bus.get_property(item, "Menu"), "com.canonical.dbusmenu")
            self.bus.call(menu, "GetLayout", "iias", (0, -1, []))
        except BusError:
            pass  # the item left meanwhile

    def _read_icon(self, name: str) -> None:
        item = Target(name, ITEM_PATH, "org.kde.StatusNotifierItem")
        try:
            self.bus.get_property(item, "IconPixmap")
        except BusError:
            return
        self.icons_read += 1

    def _gone(self, name: str, owner: str) -> None:
        if owner:
            return
        entry = name + ITEM_PATH
        with self._lock:
            if entry in self.items:
                self.items.remove(entry)
        self.bus.emit(PATH, INTERFACE, "StatusNotifierItemUnregistered", "s", (entry,))

    def stop(self) -> None:
        """Leave the bus: the name goes, as when a panel quits."""
        for watch in self._watches.values():
            watch.cancel()
        self.bus.close()

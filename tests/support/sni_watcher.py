"""A tiny StatusNotifierWatcher, exported on sitbreak's D-Bus layer: a panel's registry, stand-in.

It answers as KDE's and waybar's watchers do: ``RegisterStatusNotifierItem(name)`` adds
``name + "/StatusNotifierItem"`` to ``RegisteredStatusNotifierItems`` and announces it; an
item whose name leaves the bus is dropped. A host registers too, so items see one is there.
"""

from __future__ import annotations

import threading

from sitbreak.dbus import Bus, Interface, Method, Property, Subscription

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
            self.bus.emit(PATH, INTERFACE, "StatusNotifierItemRegistered", "s", (entry,))
        return ()

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

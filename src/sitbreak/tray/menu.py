"""The tray's menu over ``com.canonical.dbusmenu`` (version 3), the menu protocol of SNI hosts.

The host asks for the layout (``GetLayout``), may refresh it before showing it
(``AboutToShow``), and reports clicks as ``Event(id, "clicked", ...)``. When the labels or
enabled items change, ``LayoutUpdated`` with a new revision tells the host to ask again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sitbreak.dbus import Bus, BusError, Interface, Method, Property
from sitbreak.tray.presentation import Action, Entry

__all__ = ["MENU_INTERFACE", "MENU_PATH", "DBusMenu"]

log = logging.getLogger(__name__)

MENU_PATH = "/MenuBar"
MENU_INTERFACE = "com.canonical.dbusmenu"
_INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
_NODE = "(ia{sv}av)"
_ROOT = 0

Variant = tuple[str, Any]
Node = tuple[int, dict[str, Variant], list[Variant]]


def _properties(entry: Entry) -> dict[str, Variant]:
    """An item's dbusmenu properties (all of them, defaults included: hosts differ)."""
    if entry.action is None:
        return {"type": ("s", "separator")}
    found: dict[str, Variant] = {
        "type": ("s", "standard"),
        "label": ("s", entry.label.replace("_", "__")),  # "_" marks a mnemonic
        "enabled": ("b", entry.enabled),
        "visible": ("b", True),
    }
    if entry.checked is not None:
        found["toggle-type"] = ("s", "checkmark")
        found["toggle-state"] = ("i", 1 if entry.checked else 0)
    if entry.children:
        found["children-display"] = ("s", "submenu")
    return found


def _walk(entries: Iterable[Entry]) -> Iterable[Entry]:
    """Every entry, submenus included."""
    for entry in entries:
        yield entry
        yield from _walk(entry.children)


class DBusMenu:
    """The exported menu; ``entries`` gives the items now, ``on_click`` acts on one."""

    def __init__(
        self,
        bus: Bus,
        entries: Callable[[], Sequence[Entry]],
        on_click: Callable[[Action], None],
    ) -> None:
        """Build the interface; ``export`` serves it."""
        self._bus = bus
        self._entries = entries
        self._on_click = on_click
        self._lock = threading.Lock()
        self._shown: tuple[Entry, ...] = tuple(entries())
        self.revision = 1
        self.interface = Interface(
            MENU_INTERFACE,
            methods=(
                Method("GetLayout", self._get_layout, "iias", f"u{_NODE}"),
                Method("GetGroupProperties", self._group_properties, "aias", "a(ia{sv})"),
                Method("GetProperty", self._get_property, "is", "v"),
                Method("Event", self._event, "isvu", ""),
                Method("EventGroup", self._event_group, "a(isvu)", "ai"),
                Method("AboutToShow", self._about_to_show, "i", "b"),
                Method("AboutToShowGroup", self._about_to_show_group, "ai", "aiai"),
            ),
            properties=(
                Property("Version", "u", lambda: 3),
                Property("TextDirection", "s", lambda: "ltr"),
                Property("Status", "s", lambda: "normal"),
                Property("IconThemePath", "as", list),
            ),
            signals=(
                ("ItemsPropertiesUpdated", "a(ia{sv})a(ias)"),
                ("LayoutUpdated", "ui"),
                ("ItemActivationRequested", "iu"),
            ),
        )

    def refresh(self) -> bool:
        """Take the items now; when they changed, a new revision and LayoutUpdated. Changed?"""
        entries = tuple(self._entries())
        with self._lock:
            if entries == self._shown:
                return False
            self._shown = entries
            self.revision += 1
            revision = self.revision
        try:
            self._bus.emit(MENU_PATH, MENU_INTERFACE, "LayoutUpdated", "ui", (revision, _ROOT))
        except BusError as error:
            log.debug("cannot announce the new menu: %s", error)
        return True

    # --- the methods hosts call

    def _find(self, item_id: int) -> Entry | None:
        with self._lock:
            shown = self._shown
        return next((entry for entry in _walk(shown) if entry.id == item_id), None)

    def _node(self, item_id: int, depth: int, names: Sequence[str]) -> Node:
        """One item and, ``depth`` levels down (-1: all), its children."""
        if item_id == _ROOT:
            with self._lock:
                children: Sequence[Entry] = self._shown
            properties: dict[str, Variant] = {"children-display": ("s", "submenu")}
        else:
            entry = self._find(item_id)
            if entry is None:
                raise BusError(f"the menu has no item {item_id}", _INVALID_ARGS)
            children, properties = entry.children, _properties(entry)
        if names:
            properties = {key: value for key, value in properties.items() if key in names}
        below: list[Variant] = []
        if depth != 0:
            below = [(_NODE, self._node(child.id, depth - 1, names)) for child in children]
        return item_id, properties, below

    def _get_layout(self, parent: int, depth: int, names: list[str]) -> tuple[int, Node]:
        node = self._node(parent, depth, names)
        with self._lock:
            return self.revision, node

    def _group_properties(
        self, ids: list[int], names: list[str]
    ) -> tuple[list[tuple[int, dict[str, Variant]]]]:
        with self._lock:
            shown = self._shown
        wanted = set(ids)
        found = [
            (entry.id, self._node(entry.id, 0, names)[1])
            for entry in _walk(shown)
            if not wanted or entry.id in wanted
        ]
        return (found,)

    def _get_property(self, item_id: int, name: str) -> tuple[Variant]:
        properties = self._node(item_id, 0, ())[1]
        if name not in properties:
            raise BusError(f"menu item {item_id} has no property {name}", _INVALID_ARGS)
        return (properties[name],)

    def _event(self, item_id: int, event: str, _data: Variant, _timestamp: int) -> tuple[()]:
        entry = self._find(item_id)
        if item_id != _ROOT and entry is None:
            raise BusError(f"the menu has no item {item_id}", _INVALID_ARGS)
        if event == "clicked" and entry is not None and entry.action is not None:
            if entry.enabled and not entry.children:
                self._on_click(entry.action)
            else:
                log.debug("menu item %s clicked while it does nothing", entry.action.name)
        return ()

    def _event_group(self, events: list[tuple[int, str, Variant, int]]) -> tuple[list[int]]:
        errors = []
        for item_id, event, data, timestamp in events:
            try:
                self._event(item_id, event, data, timestamp)
            except BusError:
                errors.append(item_id)
        return (errors,)

    def _about_to_show(self, _item_id: int) -> tuple[bool]:
        return (self.refresh(),)

    def _about_to_show_group(self, ids: list[int]) -> tuple[list[int], list[int]]:
        changed = self.refresh()
        known = {entry.id for entry in _walk(self._shown)} | {_ROOT}
        return ([_ROOT] if changed else [], [i for i in ids if i not in known])

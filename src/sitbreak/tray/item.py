"""The StatusNotifierItem: the icon's object on the bus, and its registration with the watcher.

Protocol (freedesktop's StatusNotifierItem, the ``org.kde.`` names every host uses): the
item owns ``org.kde.StatusNotifierItem-PID-ID``, serves ``/StatusNotifierItem`` and calls
``RegisterStatusNotifierItem`` on ``org.kde.StatusNotifierWatcher``. Hosts (panels) learn
of it from the watcher, read its properties and listen for ``NewIcon``, ``NewToolTip`` and
``NewStatus``. When the watcher goes and comes back (a panel restarted, the daemon started
before the panel, the session bus restarted), the item registers again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence

from sitbreak.dbus import Bus, BusError, Interface, Method, Property, Subscription, Target
from sitbreak.tray.icon import Look, pixmaps
from sitbreak.tray.menu import MENU_PATH

__all__ = ["ITEM_INTERFACE", "ITEM_PATH", "WATCHER", "StatusNotifierItem", "item_name"]

log = logging.getLogger(__name__)

ITEM_PATH = "/StatusNotifierItem"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
WATCHER = Target(
    "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"
)
_PIXMAPS = "a(iiay)"


def item_name(pid: int | None = None) -> str:
    """The bus name an item of process ``pid`` owns, as the KDE convention names it."""
    return f"org.kde.StatusNotifierItem-{os.getpid() if pid is None else pid}-1"


class StatusNotifierItem:
    """The exported item; reads what to show from the callables on each host's request."""

    def __init__(
        self,
        bus: Bus,
        *,
        look: Callable[[], Look],
        status: Callable[[], str],
        tooltip: Callable[[], tuple[str, str]],
        activate: Callable[[], None],
    ) -> None:
        """Build the interface; ``start`` serves it and registers."""
        self._bus = bus
        self._look = look
        self._tooltip = tooltip
        self._on_activate = activate
        self._status = status
        self.name = item_name()
        self._lock = threading.Lock()
        self._registered_with = ""
        self._subscriptions: list[Subscription] = []
        attention = self._attention_pixmaps
        self.interface = Interface(
            ITEM_INTERFACE,
            methods=(
                Method("Activate", self._activate, "ii"),
                Method("SecondaryActivate", self._activate, "ii"),
                Method("ContextMenu", _nothing, "ii"),  # hosts show ``Menu`` themselves
                Method("Scroll", _nothing, "is"),
                Method("ProvideXdgActivationToken", _nothing, "s"),
            ),
            properties=(
                Property("Category", "s", lambda: "ApplicationStatus"),
                Property("Id", "s", lambda: "sitbreak"),
                Property("Title", "s", lambda: "sitbreak"),
                Property("Status", "s", status),
                Property("WindowId", "i", lambda: 0),
                Property("IconThemePath", "s", str),
                Property("IconName", "s", str),  # none: hosts then use IconPixmap
                Property("IconPixmap", _PIXMAPS, lambda: pixmaps(look())),
                Property("OverlayIconName", "s", str),
                Property("OverlayIconPixmap", _PIXMAPS, list),
                Property("AttentionIconName", "s", str),
                Property("AttentionIconPixmap", _PIXMAPS, attention),
                Property("AttentionMovieName", "s", str),
                Property("ToolTip", f"(s{_PIXMAPS}ss)", self._tooltip_value),
                Property("ItemIsMenu", "b", lambda: False),
                Property("Menu", "o", lambda: MENU_PATH),
            ),
            signals=(
                ("NewTitle", ""),
                ("NewIcon", ""),
                ("NewAttentionIcon", ""),
                ("NewOverlayIcon", ""),
                ("NewToolTip", ""),
                ("NewStatus", "s"),
            ),
        )

    @property
    def registered_with(self) -> str:
        """The unique name of the watcher that took the item, "" while none has."""
        with self._lock:
            return self._registered_with

    def _attention_pixmaps(self) -> Sequence[tuple[int, int, bytes]]:
        """While a reminder waits the icon already says so; hosts that swap in this get it too."""
        return pixmaps(self._look())

    def _activate(self, _x: int, _y: int) -> tuple[()]:
        """A left click (or a middle one): what the tray does for it."""
        self._on_activate()
        return ()

    def _tooltip_value(self) -> tuple[str, list[tuple[int, int, bytes]], str, str]:
        title, text = self._tooltip()
        return "", [], title, text

    def start(self) -> None:
        """Own the item's name, serve it, and register now and whenever a watcher appears."""
        bus = self._bus
        self._subscriptions.append(bus.export(ITEM_PATH, self.interface))
        try:
            bus.request_name(self.name)
        except BusError as error:  # the layer owns it again once the bus is back
            log.info("the tray icon waits for the session bus: %s", error)
        self._subscriptions += [
            bus.watch_name(WATCHER.bus_name, self._watcher_is),
            bus.on_reconnect(self._register),  # unique names repeat on a new bus: ask anyway
        ]
        bus.post(self._register)

    def close(self) -> None:
        """Stop serving the item; the watcher drops it when the name goes."""
        for subscription in self._subscriptions:
            subscription.cancel()
        self._subscriptions = []
        try:
            self._bus.release_name(self.name)
        except BusError as error:
            log.debug("could not give up %s: %s", self.name, error)

    def _watcher_is(self, owner: str) -> None:
        """On the handler thread: a watcher came (register with it) or went."""
        if owner:
            self._register()
        else:
            with self._lock:
                self._registered_with = ""
            log.info("the tray's watcher left; the icon comes back when a panel starts one")

    def _register(self) -> None:
        """Register with the watcher there is now, if any."""
        try:
            owner = self._bus.name_owner(WATCHER.bus_name)
            if not owner:
                log.info("no tray on this desktop yet (no StatusNotifierWatcher); waiting")
                return
            self._bus.call(WATCHER, "RegisterStatusNotifierItem", "s", (self.name,))
        except BusError as error:
            log.warning("cannot show the tray icon: %s", error)
            return
        with self._lock:
            known, self._registered_with = self._registered_with, owner
        if known != owner:
            log.info("tray icon registered with the StatusNotifierWatcher (%s)", owner)

    def announce(self, *, icon: bool, tooltip: bool, status: str | None) -> None:
        """Tell hosts what changed: they read the new values when they want them."""
        signals: list[tuple[str, str, tuple[str, ...]]] = []
        if icon:
            signals.append(("NewIcon", "", ()))
            if self._status() == "NeedsAttention":  # hosts show the attention icon only then
                signals.append(("NewAttentionIcon", "", ()))
        if tooltip:
            signals.append(("NewToolTip", "", ()))
        if status is not None:
            signals.append(("NewStatus", "s", (status,)))
        for member, signature, body in signals:
            try:
                self._bus.emit(ITEM_PATH, ITEM_INTERFACE, member, signature or None, body)
            except BusError as error:
                log.debug("cannot announce %s: %s", member, error)
                return


def _nothing(*_args: object) -> tuple[()]:
    """A call the item accepts and ignores."""
    return ()

"""Notification servers for tests: the freedesktop spec's, and KDE Plasma's and mako's additions.

``FakeNotificationServer`` owns org.freedesktop.Notifications on a private bus. It answers
GetCapabilities (with the capabilities a test chooses), GetServerInformation, Notify (recording
every call, honouring replaces_id) and CloseNotification, and emits ActionInvoked and
NotificationClosed when a test asks: to the notification's sender, as dunst does, or to
everyone, as other servers do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from tests.support.fake_dbus import Call, DBusError, FakeService, Reply, StandIn
from tests.support.notify_calls import NotifyCall
from tests.support.waiting import DEFAULT_TIMEOUT, wait_until

__all__ = [
    "NAME",
    "PATH",
    "FakeMako",
    "FakeNotificationServer",
    "FakePlasmaNotifications",
    "ReceivedCall",
]

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
_CLOSED_BY_CALL = 3  # NotificationClosed reason


@dataclass(frozen=True)
class ReceivedCall:
    """One Notify call the fake server answered: who sent it, what it said, the id it got."""

    sender: str
    call: NotifyCall
    id: int
    hint_signatures: dict[str, str]


class FakeNotificationServer(StandIn):
    """A notification server in a thread of the test process; ``stop`` ends it."""

    SERVER_INFORMATION = ("fake", "sitbreak tests", "1.0", "1.2")  # name, vendor, version, spec

    def __init__(
        self, bus_address: str, capabilities: Iterable[str] = ("body",), *, broadcast: bool = False
    ) -> None:
        """Take the notifications name on ``bus_address`` and start answering."""
        self.capabilities = list(capabilities)
        self.broadcast = broadcast
        self.calls: list[ReceivedCall] = []
        self.closed_by_call: list[int] = []
        self.refuse_next_notify = False  # answer the next Notify with an error, as a failing server
        self._senders: dict[int, str] = {}
        self._ids = itertools.count(1)
        super().__init__(bus_address, NAME)

    def expose(self, service: FakeService) -> None:
        """The methods of the notification spec."""
        service.add_methods(
            PATH,
            NAME,
            {
                "GetCapabilities": lambda _call: ("as", (self.capabilities,)),
                "GetServerInformation": lambda _call: ("ssss", self.SERVER_INFORMATION),
                "Notify": self._notify,
                "CloseNotification": self._close_notification,
            },
        )

    def wait_for_calls(self, count: int, timeout: float = DEFAULT_TIMEOUT) -> list[ReceivedCall]:
        """Wait until at least ``count`` Notify calls arrived; return all of them."""
        wait_until(
            lambda: len(self.calls) >= count,
            f"expected {count} Notify call(s)",
            timeout,
            describe=lambda: f"got {self.calls}",
        )
        return list(self.calls)

    def wait_for_close_calls(self, count: int, timeout: float = DEFAULT_TIMEOUT) -> list[int]:
        """Wait until at least ``count`` CloseNotification calls arrived; return their ids."""
        wait_until(
            lambda: len(self.closed_by_call) >= count,
            f"expected {count} close call(s)",
            timeout,
            describe=lambda: f"got {self.closed_by_call}",
        )
        return list(self.closed_by_call)

    def invoke_action(self, notification_id: int, key: str) -> None:
        """Emit ActionInvoked as if the person pressed the button ``key``."""
        self._emit(self._senders[notification_id], "ActionInvoked", "us", (notification_id, key))

    def close(self, notification_id: int, reason: int) -> None:
        """Emit NotificationClosed with ``reason`` (1 expired, 2 dismissed, 3 closed by call)."""
        body = (notification_id, reason)
        self._emit(self._senders[notification_id], "NotificationClosed", "uu", body)

    def _emit(self, client: str, member: str, signature: str, body: tuple[object, ...]) -> None:
        """Send a signal to ``client`` (the notification's sender), or to everyone broadcasting."""
        destination = None if self.broadcast else client
        self.service.emit(PATH, NAME, member, signature, body, destination=destination)

    def _notify(self, call: Call) -> Reply:
        """Remember a Notify call and answer the id it gets (the replaced one, if any)."""
        if self.refuse_next_notify:
            self.refuse_next_notify = False
            raise DBusError("org.freedesktop.DBus.Error.Failed", "out of memory")
        notify = NotifyCall.from_body(call.body)
        notification_id = notify.replaces_id or next(self._ids)
        self._senders[notification_id] = call.sender
        signatures = {key: signature for key, (signature, _value) in call.body[6].items()}
        self.calls.append(ReceivedCall(call.sender, notify, notification_id, signatures))
        return "u", (notification_id,)

    def _close_notification(self, call: Call) -> Reply:
        """Remember the id and tell the caller it is closed (reason 3: closed by call)."""
        (notification_id,) = call.body
        self.closed_by_call.append(notification_id)
        self._emit(call.sender, "NotificationClosed", "uu", (notification_id, _CLOSED_BY_CALL))
        return None, ()


class FakePlasmaNotifications(FakeNotificationServer):
    """KDE Plasma's server: the spec's, plus the ``Inhibited`` property that is its DND switch."""

    SERVER_INFORMATION = ("Plasma", "KDE", "6.0", "1.2")

    def __init__(self, bus_address: str) -> None:
        """Serve on ``bus_address``, not inhibited."""
        super().__init__(bus_address, ["actions", "body", "body-markup", "inhibitions"])

    def expose(self, service: FakeService) -> None:
        """The spec's methods and the ``Inhibited`` property."""
        super().expose(service)
        service.add_properties(PATH, NAME, {"Inhibited": ("b", False)})

    def set_inhibited(self, inhibited: bool) -> None:
        """Switch Do Not Disturb on or off, announcing it with PropertiesChanged."""
        self.service.set_property(PATH, NAME, "Inhibited", "b", inhibited)


class FakeMako(FakeNotificationServer):
    """mako: the spec's server plus ``fr.emersion.Mako``, whose modes hold its DND."""

    SERVER_INFORMATION = ("mako", "emersion", "1.8.0", "1.2")
    PATH = "/fr/emersion/Mako"
    INTERFACE = "fr.emersion.Mako"

    def __init__(self, bus_address: str, modes: Iterable[str] = ("default",)) -> None:
        """Serve on ``bus_address`` with ``modes`` active (a test may change ``modes``)."""
        self.modes = list(modes)
        super().__init__(bus_address, ["actions", "body", "body-markup"])

    def expose(self, service: FakeService) -> None:
        """The spec's methods and ListModes."""
        super().expose(service)
        service.add_method(self.PATH, self.INTERFACE, "ListModes", self._list_modes)

    def _list_modes(self, _call: Call) -> Reply:
        """The active modes."""
        return "as", (list(self.modes),)

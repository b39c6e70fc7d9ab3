"""Naming things on a bus: an interface to call, the signals to hear, and the one error type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jeepney import MatchRule

__all__ = [
    "DRIVER",
    "NAME_HAS_NO_OWNER",
    "SERVICE_UNKNOWN",
    "BusError",
    "Match",
    "Signal",
    "Target",
]

SERVICE_UNKNOWN = "org.freedesktop.DBus.Error.ServiceUnknown"
NAME_HAS_NO_OWNER = "org.freedesktop.DBus.Error.NameHasNoOwner"


class BusError(Exception):
    """A call or send failed: an error reply (``name`` is its D-Bus name), or none came.

    ``name`` is None when no answer came at all: no connection, the bus went away, or
    nothing within the timeout. The message says what was asked and what went wrong.
    """

    def __init__(self, message: str, name: str | None = None) -> None:
        """Keep the message and the D-Bus error name, if the peer gave one."""
        super().__init__(message)
        self.name = name

    @property
    def service_absent(self) -> bool:
        """Nobody owns the name called (yet): the service may still start later."""
        return self.name in (SERVICE_UNKNOWN, NAME_HAS_NO_OWNER)


@dataclass(frozen=True)
class Target:
    """One interface of one object, owned by ``bus_name``: where a call goes."""

    bus_name: str
    path: str
    interface: str


DRIVER = Target("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")


@dataclass(frozen=True)
class Signal:
    """A signal as handlers receive it; ``sender`` is the unique name of the connection."""

    sender: str
    path: str
    interface: str
    member: str
    body: tuple[Any, ...]


@dataclass(frozen=True)
class Match:
    """Which signals a subscription wants; None matches anything, ``args`` the first strings.

    A well-known ``sender`` (``org.freedesktop.Notifications``) matches only signals from the
    connection that owns that name now, as the bus itself would match it.
    """

    sender: str | None = None
    path: str | None = None
    interface: str | None = None
    member: str | None = None
    args: tuple[str, ...] = ()

    def rule(self) -> str:
        """The match rule for the bus's AddMatch."""
        rule = MatchRule(
            type="signal",
            sender=self.sender,
            path=self.path,
            interface=self.interface,
            member=self.member,
        )
        for number, value in enumerate(self.args):
            rule.add_arg_condition(number, value)
        return str(rule.serialise())

    @property
    def names_sender(self) -> bool:
        """Whether ``sender`` is a well-known name, whose owner must be followed to match."""
        return self.sender is not None and not self.sender.startswith(":")

    def matches(self, signal: Signal, sender_owner: str | None) -> bool:
        """Whether ``signal`` is wanted; ``sender_owner`` is the owner of a well-known sender."""
        if self.sender is not None and signal.sender not in (self.sender, sender_owner):
            return False
        wanted = ((self.path, signal.path), (self.interface, signal.interface))
        if any(want is not None and want != got for want, got in wanted):
            return False
        if self.member is not None and self.member != signal.member:
            return False
        body = signal.body
        return all(
            number < len(body) and body[number] == value for number, value in enumerate(self.args)
        )

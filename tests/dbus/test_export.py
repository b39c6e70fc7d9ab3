"""The D-Bus layer as a server: a tiny exported object, called by another program's connection.

This is what a tray icon (StatusNotifierItem with a dbusmenu) needs from the layer: methods,
read-only properties with PropertiesChanged, signals, introspection and an owned name.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MatchRule,
    Message,
    MessageType,
    new_method_call,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]

from sitbreak.dbus import Bus, Interface, Method, Property
from sitbreak.dbus.export import split_signature
from tests.support.desktop import DesktopSession
from tests.support.waiting import wait_until

NAME = "org.sitbreak.Counter"
PATH = "/org/sitbreak/Counter"
INTERFACE = "org.sitbreak.Counter"
PROPERTIES = "org.freedesktop.DBus.Properties"
TIMEOUT = 10.0


class Counter:
    """A tiny object: Add(u) -> u, the properties Count and Label, the signal Changed(u)."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.count = 0
        self.threads: list[str] = []
        self.interface = Interface(
            INTERFACE,
            methods=(
                Method("Add", self.add, "u", "u"),
                Method("Negative", lambda: (-1,), "", "u"),
                Method("Broken", self.broken),
            ),
            properties=(
                Property("Count", "u", lambda: self.count),
                Property("Label", "s", lambda: f"{self.count} so far"),
            ),
            signals=(("Changed", "u"),),
        )
        self.export = bus.export(PATH, self.interface)

    def broken(self) -> tuple[()]:
        """A handler with a bug."""
        raise RuntimeError("a bug")

    def add(self, amount: int) -> tuple[int]:
        """Add and announce the new count, both as a signal and as changed properties."""
        self.threads.append(threading.current_thread().name)
        self.count += amount
        self.bus.emit(PATH, INTERFACE, "Changed", "u", (self.count,))
        self.bus.emit_properties_changed(PATH, INTERFACE, ["Count", "Label"])
        return (self.count,)


@pytest.fixture
def counter(bare_bus: DesktopSession) -> Iterator[Counter]:
    """The counter served under NAME on the private bus."""
    bus = Bus(bare_bus.bus_address)
    try:
        served = Counter(bus)
        assert bus.request_name(NAME)
        yield served
    finally:
        bus.close()


@pytest.fixture
def caller(bare_bus: DesktopSession) -> Iterator[DBusConnection]:
    """Another program's plain jeepney connection."""
    connection = open_dbus_connection(bus=bare_bus.bus_address)
    try:
        yield connection
    finally:
        connection.close()


def call(
    caller: DBusConnection,
    member: str,
    signature: str | None = None,
    body: tuple[Any, ...] = (),
    *,
    interface: str = INTERFACE,
    path: str = PATH,
) -> Message:
    """Call the counter by its name; the reply (or error) message."""
    address = DBusAddress(path, bus_name=NAME, interface=interface)
    return caller.send_and_get_reply(
        new_method_call(address, member, signature, body), timeout=TIMEOUT
    )


def error_name(reply: Message) -> str | None:
    """The error name of an error reply, None for a method return."""
    if reply.header.message_type is MessageType.error:
        return str(reply.header.fields[HeaderFields.error_name])
    return None


def test_a_method_is_answered_on_the_handler_thread(
    counter: Counter, caller: DBusConnection
) -> None:
    """Add(2) then Add(3) answer 2 and 5, run on the bus's handler thread."""
    assert call(caller, "Add", "u", (2,)).body == (2,)
    assert call(caller, "Add", "u", (3,)).body == (5,)
    assert counter.threads == ["sitbreak-dbus-private"] * 2


def test_properties_are_read_with_get_and_get_all(counter: Counter, caller: DBusConnection) -> None:
    """Get answers a variant, GetAll every property; Set is refused: they are read-only."""
    counter.count = 4
    get = call(caller, "Get", "ss", (INTERFACE, "Count"), interface=PROPERTIES)
    assert get.body == (("u", 4),)
    get_all = call(caller, "GetAll", "s", (INTERFACE,), interface=PROPERTIES)
    assert get_all.body == ({"Count": ("u", 4), "Label": ("s", "4 so far")},)
    refused = call(caller, "Set", "ssv", (INTERFACE, "Count", ("u", 9)), interface=PROPERTIES)
    assert error_name(refused) == "org.freedesktop.DBus.Error.PropertyReadOnly"
    missing = call(caller, "Get", "ss", (INTERFACE, "Nope"), interface=PROPERTIES)
    assert error_name(missing) == "org.freedesktop.DBus.Error.UnknownProperty"


def test_signals_and_property_changes_reach_listeners(
    counter: Counter, caller: DBusConnection, bare_bus: DesktopSession
) -> None:
    """Changed(u) and PropertiesChanged with both new values go out after Add."""
    listener = open_dbus_connection(bus=bare_bus.bus_address)
    try:
        for member in ("Changed", "PropertiesChanged"):
            rule = MatchRule(type="signal", sender=NAME, member=member)
            listener.send_and_get_reply(message_bus.AddMatch(rule), timeout=TIMEOUT)
        call(caller, "Add", "u", (7,))
        received = [listener.receive(timeout=TIMEOUT) for _ in range(2)]
    finally:
        listener.close()
    by_member = {message.header.fields[HeaderFields.member]: message.body for message in received}
    assert by_member["Changed"] == (7,)
    assert by_member["PropertiesChanged"] == (
        INTERFACE,
        {"Count": ("u", 7), "Label": ("s", "7 so far")},
        [],
    )


def test_introspection_describes_the_object_and_its_parents(
    counter: Counter, caller: DBusConnection
) -> None:
    """Introspect lists the interface with typed arguments; "/" lists the path down to it."""
    introspectable = "org.freedesktop.DBus.Introspectable"
    xml = call(caller, "Introspect", interface=introspectable).body[0]
    node = ET.fromstring(xml)  # noqa: S314 - our own object's answer
    [counter_xml] = [i for i in node.iter("interface") if i.get("name") == INTERFACE]
    [add] = [m for m in counter_xml.iter("method") if m.get("name") == "Add"]
    assert [(a.get("type"), a.get("direction")) for a in add] == [("u", "in"), ("u", "out")]
    assert {p.get("name"): p.get("access") for p in counter_xml.iter("property")} == {
        "Count": "read",
        "Label": "read",
    }
    assert [s.get("name") for s in counter_xml.iter("signal")] == ["Changed"]
    top = call(caller, "Introspect", interface=introspectable, path="/").body[0]
    root = ET.fromstring(top)  # noqa: S314 - our own object's answer
    assert [child.get("name") for child in root.findall("node")] == ["org"]


def test_wrong_calls_get_errors_not_silence(counter: Counter, caller: DBusConnection) -> None:
    """Unknown method, wrong arguments, unknown object, and a failing handler: D-Bus errors."""
    assert error_name(call(caller, "Subtract", "u", (1,))) == (
        "org.freedesktop.DBus.Error.UnknownMethod"
    )
    assert error_name(call(caller, "Add", "s", ("one",))) == (
        "org.freedesktop.DBus.Error.InvalidArgs"
    )
    assert error_name(call(caller, "Add", "u", (1,), path="/elsewhere")) == (
        "org.freedesktop.DBus.Error.UnknownObject"
    )
    assert error_name(call(caller, "Broken")) == "org.freedesktop.DBus.Error.Failed"
    assert error_name(call(caller, "Negative")) == "org.freedesktop.DBus.Error.Failed"
    assert call(caller, "Ping", interface="org.freedesktop.DBus.Peer").body == ()


def test_the_name_and_object_come_back_after_the_bus_restarts(
    counter: Counter, bare_bus: DesktopSession
) -> None:
    """A restarted bus: the name is owned again and the object answers through it."""
    bare_bus.restart_bus()
    caller = open_dbus_connection(bus=bare_bus.bus_address)
    try:
        wait_until(
            lambda: caller.send_and_get_reply(message_bus.NameHasOwner(NAME)).body == (True,),
            "the name owned again",
        )
        assert call(caller, "Add", "u", (1,)).body == (1,)
    finally:
        caller.close()


def test_split_signature_yields_complete_types() -> None:
    """Containers count as one type each."""
    assert split_signature("sa{sv}(ia(ii))as") == ["s", "a{sv}", "(ia(ii))", "as"]
    assert split_signature("") == []


def test_a_name_given_up_is_free_for_another(counter: Counter, bare_bus: DesktopSession) -> None:
    """release_name gives the name back: another connection can own it, and the bus says so."""
    other = Bus(bare_bus.bus_address)
    try:
        assert not other.request_name(NAME), "owned by the counter's connection"
        counter.bus.release_name(NAME)
        assert other.request_name(NAME)
        assert counter.bus.name_owner(NAME) != ""
    finally:
        other.close()

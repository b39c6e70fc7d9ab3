"""The tests' fake D-Bus service answers like a real one: methods, errors, properties, names."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MatchRule,
    Message,
    MessageType,
    Properties,
    new_method_call,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]

from tests.support.desktop import DesktopSession
from tests.support.fake_dbus import Call, DBusError, FakeService, Reply

NAME = "org.sitbreak.TestService"
PATH = "/org/sitbreak/Test"
INTERFACE = "org.sitbreak.Test"
OBJECT = DBusAddress(PATH, bus_name=NAME, interface=INTERFACE)


@pytest.fixture
def client(bare_bus: DesktopSession) -> Iterator[DBusConnection]:
    """A plain client connection to the private bus."""
    connection = open_dbus_connection(bus=bare_bus.bus_address)
    yield connection
    connection.close()


def started(
    session: DesktopSession, setup: Callable[[FakeService], None] | None = None
) -> FakeService:
    """A fake owning NAME, with what ``setup`` adds before it takes the name."""
    service = FakeService(session.bus_address, NAME)
    if setup is not None:
        setup(service)
    service.start()
    return service


def ask(client: DBusConnection, message: Message) -> Message:
    """The reply (or error) to ``message``."""
    return client.send_and_get_reply(message, timeout=10)


def test_methods_answer_and_calls_are_recorded(
    bare_bus: DesktopSession, client: DBusConnection
) -> None:
    """A handler's reply reaches the caller, with or without an interface; calls are kept."""

    def add(call: Call) -> Reply:
        """The sum of the two numbers."""
        return "u", (call.body[0] + call.body[1],)

    service = started(bare_bus, lambda s: s.add_method(PATH, INTERFACE, "Add", add))
    try:
        assert ask(client, new_method_call(OBJECT, "Add", "uu", (2, 3))).body == (5,)
        bare = DBusAddress(PATH, bus_name=NAME)
        assert ask(client, new_method_call(bare, "Add", "uu", (1, 1))).body == (2,)
        assert [call.body for call in service.calls_to("Add")] == [(2, 3), (1, 1)]
        assert service.calls[0].sender == client.unique_name
    finally:
        service.stop()


def test_errors_are_d_bus_errors(bare_bus: DesktopSession, client: DBusConnection) -> None:
    """Unknown methods, DBusError from a handler and a crashing handler all answer an error."""

    def refuse(_call: Call) -> Reply:
        """Refuse, as a service does with its own error."""
        raise DBusError("org.sitbreak.Error.No", "not today")

    def crash(_call: Call) -> Reply:
        """Fail as a buggy handler would."""
        raise KeyError("oops")

    def setup(service: FakeService) -> None:
        """Both handlers."""
        service.add_methods(PATH, INTERFACE, {"Refuse": refuse, "Crash": crash})

    service = started(bare_bus, setup)
    try:
        for member, name in (
            ("Missing", "org.freedesktop.DBus.Error.UnknownMethod"),
            ("Refuse", "org.sitbreak.Error.No"),
            ("Crash", "org.freedesktop.DBus.Error.Failed"),
        ):
            reply = ask(client, new_method_call(OBJECT, member))
            assert reply.header.message_type is MessageType.error, member
            assert reply.header.fields[HeaderFields.error_name] == name
        refused = ask(client, new_method_call(OBJECT, "Refuse"))
        assert refused.body == ("not today",)
    finally:
        service.stop()


def test_properties_get_set_and_announce(bare_bus: DesktopSession, client: DBusConnection) -> None:
    """Get, GetAll and Set work, a change is announced, and unknown names are errors."""
    service = started(bare_bus, lambda s: s.add_properties(PATH, INTERFACE, {"Level": ("u", 1)}))
    properties = Properties(OBJECT)
    rule = MatchRule(type="signal", interface="org.freedesktop.DBus.Properties", path=PATH)
    ask(client, message_bus.AddMatch(rule))
    try:
        assert ask(client, properties.get("Level")).body == (("u", 1),)
        with client.filter(rule) as signals:
            set_reply = ask(client, properties.set("Level", "u", 7))
            changed = client.recv_until_filtered(signals, timeout=10)
        assert set_reply.header.message_type is MessageType.method_return
        assert changed.body == (INTERFACE, {"Level": ("u", 7)}, [])
        assert ask(client, properties.get_all()).body == ({"Level": ("u", 7)},)
        unknown = ask(client, properties.get("Nope"))
        assert unknown.header.message_type is MessageType.error
    finally:
        service.stop()


def test_stop_gives_the_name_back_at_once(bare_bus: DesktopSession) -> None:
    """After stop a successor owns the name at once; while it is owned, a second fake cannot."""
    first = started(bare_bus)
    first.stop()
    first.stop()  # idempotent
    second = started(bare_bus)
    try:
        with pytest.raises(RuntimeError, match="could not own"):
            started(bare_bus)  # while the name is taken
    finally:
        second.stop()

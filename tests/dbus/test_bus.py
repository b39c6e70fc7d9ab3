"""The D-Bus layer as a client, on a private bus: calls, properties, signals, owners, restarts."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from jeepney import DBusAddress, new_signal  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from sitbreak.dbus import Bus, BusError, Match, Signal, Target
from tests.support.desktop import DesktopSession
from tests.support.fake_dbus import Call, DBusError, FakeService
from tests.support.waiting import wait_until

NAME = "org.sitbreak.Test"
PATH = "/org/sitbreak/Test"
INTERFACE = "org.sitbreak.Test"
TARGET = Target(NAME, PATH, INTERFACE)


RELEASE_SLOW = threading.Event()


def start_service(address: str, **properties: tuple[str, object]) -> FakeService:
    """A service at NAME answering Echo, Fail and Slow (until RELEASE_SLOW), with ``properties``."""
    service = FakeService(address, NAME)

    def fail(_call: Call) -> tuple[str | None, tuple[object, ...]]:
        raise DBusError("org.sitbreak.Error.Nope", "not today")

    def slow(_call: Call) -> tuple[str | None, tuple[object, ...]]:
        RELEASE_SLOW.wait(30)
        return None, ()

    service.add_methods(
        PATH,
        INTERFACE,
        {"Echo": lambda call: ("s", (call.body[0],)), "Fail": fail, "Slow": slow},
    )
    service.add_properties(PATH, INTERFACE, dict(properties))
    service.start()
    return service


@pytest.fixture
def bus(bare_bus: DesktopSession) -> Iterator[Bus]:
    """A Bus on the private session bus."""
    opened = Bus(bare_bus.bus_address)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def service(bare_bus: DesktopSession) -> Iterator[FakeService]:
    """The test service, with one property."""
    started = start_service(bare_bus.bus_address, Level=("u", 3))
    try:
        yield started
    finally:
        started.stop()


def test_a_call_returns_the_reply_body(bus: Bus, service: FakeService) -> None:
    """Echo answers what it was given; the service saw the call from this connection."""
    assert bus.connected
    assert bus.call(TARGET, "Echo", "s", ("hello",)) == ("hello",)
    assert service.calls_to("Echo")[0].body == ("hello",)


def test_an_error_reply_is_a_bus_error_naming_it(bus: Bus, service: FakeService) -> None:
    """The peer's error name and text are in the BusError."""
    with pytest.raises(BusError, match=r"org\.sitbreak\.Error\.Nope: not today") as raised:
        bus.call(TARGET, "Fail")
    assert raised.value.name == "org.sitbreak.Error.Nope"
    assert not raised.value.service_absent


def test_no_answer_in_time_is_a_bus_error(bare_bus: DesktopSession, service: FakeService) -> None:
    """A call slower than the one timeout fails, naming the call and the time waited."""
    impatient = Bus(bare_bus.bus_address, timeout=0.5)
    RELEASE_SLOW.clear()
    try:
        with pytest.raises(BusError, match=r"org\.sitbreak\.Test Slow: no answer within 0\.5 s"):
            impatient.call(TARGET, "Slow")
        RELEASE_SLOW.set()
        assert impatient.call(TARGET, "Echo", "s", ("after",)) == ("after",)
    finally:
        impatient.close()


def test_calls_without_auto_start_never_ask_for_activation(bus: Bus) -> None:
    """auto_start=False carries NO_AUTO_START: the bus answers NameHasNoOwner, not ServiceUnknown.

    ServiceUnknown is what the bus says after it looked for a service file to start.
    """
    names = []
    for auto_start in (True, False):
        with pytest.raises(BusError) as raised:
            bus.call(TARGET, "Echo", "s", ("x",), auto_start=auto_start)
        assert raised.value.service_absent, "either way: no such service (yet)"
        names.append(raised.value.name)
    assert names == [
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
    ]


def test_a_property_is_read_unwrapped(bus: Bus, service: FakeService) -> None:
    """Get's variant comes back as the plain value."""
    assert bus.get_property(TARGET, "Level") == 3
    with pytest.raises(BusError, match="UnknownProperty"):
        bus.get_property(TARGET, "Nothing")


def test_signals_from_the_owner_of_a_name_reach_the_handler_thread(
    bare_bus: DesktopSession, bus: Bus, service: FakeService
) -> None:
    """A subscription by well-known sender hears the owner, not an impostor sending the same."""
    heard: list[tuple[Signal, str]] = []
    bus.subscribe(
        Match(sender=NAME, interface=INTERFACE, member="Changed"),
        lambda signal: heard.append((signal, threading.current_thread().name)),
    )
    impostor = open_dbus_connection(bus=bare_bus.bus_address)
    try:
        impostor.send(new_signal(DBusAddress(PATH, interface=INTERFACE), "Changed", "s", ("fake",)))
        service.emit(PATH, INTERFACE, "Changed", "s", ("real",))
        wait_until(lambda: heard, "the signal")
        time.sleep(0.5)
    finally:
        impostor.close()
    [(signal, thread)] = heard
    assert signal.body == ("real",)
    assert signal.sender == service.unique_name
    assert thread == "sitbreak-dbus-private"


def test_args_narrow_a_subscription_and_cancel_ends_it(bus: Bus, service: FakeService) -> None:
    """arg0 must match; after cancel nothing more arrives."""
    heard: list[object] = []
    subscription = bus.subscribe(
        Match(interface=INTERFACE, member="Changed", args=("wanted",)),
        lambda signal: heard.append(signal.body),
    )
    service.emit(PATH, INTERFACE, "Changed", "s", ("other",))
    service.emit(PATH, INTERFACE, "Changed", "s", ("wanted",))
    wait_until(lambda: heard == [("wanted",)], "the matching signal")
    subscription.cancel()
    service.emit(PATH, INTERFACE, "Changed", "s", ("wanted",))
    bus.call(TARGET, "Echo", "s", ("sync",))  # the signal, if sent to us, came before this reply
    time.sleep(0.3)
    assert heard == [("wanted",)]


def test_a_handler_may_call_and_wait(bus: Bus, service: FakeService) -> None:
    """On the handler thread a call still gets its reply (the receiver is another thread)."""
    answers: list[tuple[object, ...]] = []
    bus.subscribe(
        Match(interface=INTERFACE, member="Changed"),
        lambda _signal: answers.append(bus.call(TARGET, "Echo", "s", ("inside",))),
    )
    service.emit(PATH, INTERFACE, "Changed", "s", ("go",))
    wait_until(lambda: answers == [("inside",)], "the call made by a handler")


def test_a_failing_handler_is_logged_and_the_next_still_runs(
    bus: Bus, service: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    """One broken handler never stops the handler thread."""
    heard: list[object] = []

    def broken(_signal: Signal) -> None:
        raise RuntimeError("a bug")

    bus.subscribe(Match(interface=INTERFACE, member="Changed"), broken)
    bus.subscribe(Match(interface=INTERFACE, member="Changed"), lambda s: heard.append(s.body))
    with caplog.at_level(logging.ERROR, logger="sitbreak.dbus.bus"):
        service.emit(PATH, INTERFACE, "Changed", "s", ("one",))
        service.emit(PATH, INTERFACE, "Changed", "s", ("two",))
        wait_until(lambda: len(heard) == 2, "both signals")
    assert sum("a D-Bus handler failed" in r.getMessage() for r in caplog.records) == 2


def test_watch_name_reports_owners_coming_and_going(bare_bus: DesktopSession, bus: Bus) -> None:
    """A name's owner appearing, leaving and a new one appearing, in order."""
    owners: list[str] = []
    bus.watch_name(NAME, owners.append)
    assert bus.name_owner(NAME) == ""
    first = start_service(bare_bus.bus_address)
    wait_until(lambda: owners == [first.unique_name], "the first owner")
    first.stop()
    wait_until(lambda: owners[-1:] == [""], "the name left")
    second = start_service(bare_bus.bus_address)
    try:
        wait_until(lambda: owners[-1:] == [second.unique_name], "the second owner")
        assert bus.name_owner(NAME) == second.unique_name
    finally:
        second.stop()
    assert owners == [first.unique_name, "", second.unique_name, ""][: len(owners)]


def test_without_a_session_bus_calls_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a desktop session (no address) every call fails with the reason."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    bus = Bus()
    try:
        assert not bus.connected
        with pytest.raises(BusError, match="DBUS_SESSION_BUS_ADDRESS is not set"):
            bus.call(TARGET, "Echo", "s", ("x",))
    finally:
        bus.close()


def test_close_ends_both_threads(bare_bus: DesktopSession) -> None:
    """After close no thread of this bus is left, and calls fail saying it is closed."""
    bus = Bus(bare_bus.bus_address, label="closing")
    bus.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("sitbreak-dbus-closing")]
    with pytest.raises(BusError, match="closed"):
        bus.call(TARGET, "Echo", "s", ("x",))


def test_a_restarted_bus_is_joined_again_with_rules_and_owners(
    bare_bus: DesktopSession, caplog: pytest.LogCaptureFixture
) -> None:
    """dbus-daemon killed and started again at its address: the Bus connects again by itself.

    Subscriptions hear the new bus, a watched name reports its new owner, the reconnect hook
    runs, and no thread prints a traceback.
    """
    bus = Bus(bare_bus.bus_address)
    heard: list[object] = []
    owners: list[str] = []
    reconnected = threading.Event()
    try:
        bus.subscribe(Match(sender=NAME, member="Changed"), lambda s: heard.append(s.body))
        bus.watch_name(NAME, owners.append)
        bus.on_reconnect(reconnected.set)
        with caplog.at_level(logging.INFO, logger="sitbreak.dbus"):
            bare_bus.restart_bus()
            wait_until(reconnected.is_set, "the reconnect hook")
            service = start_service(bare_bus.bus_address)
            try:
                wait_until(lambda: owners[-1:] == [service.unique_name], "the new owner")
                service.emit(PATH, INTERFACE, "Changed", "s", ("after",))
                wait_until(lambda: heard == [("after",)], "a signal on the new bus")
            finally:
                service.stop()
    finally:
        bus.close()
    assert "lost the private D-Bus bus" in caplog.text
    assert "connected to the private D-Bus bus again" in caplog.text
    assert "Traceback" not in caplog.text


def test_calls_fail_at_once_while_the_bus_is_gone(bare_bus: DesktopSession) -> None:
    """Between the loss and the reconnect a call fails saying so, not after the timeout."""
    bus = Bus(bare_bus.bus_address)
    try:
        for process in [p for p in bare_bus.processes if p.name == "dbus"]:
            process.stop()
        wait_until(lambda: not bus.connected, "the loss noticed")
        with pytest.raises(BusError, match="lost the private D-Bus bus") as raised:
            bus.call(TARGET, "Echo", "s", ("x",))
    finally:
        bus.close()
    assert raised.value.name is None

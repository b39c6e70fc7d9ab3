"""Choosing the backend: our D-Bus client on Linux (plyer for servers without buttons)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sitbreak.dbus import Bus
from sitbreak.notify import ActionableNotifier, Notifier, open_notifier
from sitbreak.notify.freedesktop import FreedesktopNotifier
from sitbreak.notify.plyer_backend import PlyerNotifier
from sitbreak.settings.model import NotificationSettings, Settings
from tests.support.desktop import DesktopSession
from tests.support.fake_notifications import FakeNotificationServer


@contextmanager
def chosen(
    bare_bus: DesktopSession, settings: Settings | None = None, platform: str = "linux"
) -> Iterator[Notifier]:
    """open_notifier on a connection to the private bus; closed afterwards."""
    bus = Bus(bare_bus.bus_address)
    notifier = open_notifier(settings, bus=bus, platform=platform)
    try:
        yield notifier
    finally:
        notifier.close()
        bus.close()


def test_a_server_with_actions_gets_the_dbus_backend_with_buttons(bare_bus: DesktopSession) -> None:
    """GetCapabilities lists "actions": the freedesktop backend, Done/Snooze/Skip on."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions", "body"])
    try:
        with chosen(bare_bus) as notifier:
            assert isinstance(notifier, FreedesktopNotifier)
            assert isinstance(notifier, ActionableNotifier)
            assert [key for key, _label in notifier.buttons] == ["done", "snooze", "skip"]
            assert (
                notifier.detail == "fake 1.0 (sitbreak tests), with Done, Snooze and Skip buttons"
                " (and Start on micro-breaks and stretches)"
            )
    finally:
        server.stop()


def test_actions_false_keeps_the_dbus_backend_without_buttons(bare_bus: DesktopSession) -> None:
    """`[notifications] actions = false`: same backend (a reload can turn buttons back on)."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions"])
    settings = Settings(notifications=NotificationSettings(actions=False))
    try:
        with chosen(bare_bus, settings) as notifier:
            assert isinstance(notifier, FreedesktopNotifier)
            assert notifier.buttons == ()
            assert notifier.detail.endswith("buttons off")
    finally:
        server.stop()


def test_a_server_without_actions_goes_through_plyer(bare_bus: DesktopSession) -> None:
    """No "actions" capability: reminders go through plyer, as before this backend existed."""
    server = FakeNotificationServer(bare_bus.bus_address, ["body"])
    try:
        with chosen(bare_bus) as notifier:
            assert notifier.name == "plyer"
            assert notifier.detail.endswith("without buttons (through plyer)")
    finally:
        server.stop()


def test_no_server_says_so(bare_bus: DesktopSession) -> None:
    """Nobody owns the notifications name: the status says reminders go to the log, and why."""
    with chosen(bare_bus) as notifier:
        assert notifier.detail == (
            "none: no notification server on the session bus; reminders go to the log"
        )


def test_other_platforms_get_plyer(bare_bus: DesktopSession) -> None:
    """macOS and Windows use plyer even when a D-Bus server with buttons is reachable."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions"])
    try:
        for platform in ("darwin", "win32"):
            with chosen(bare_bus, platform=platform) as notifier:
                assert isinstance(notifier, PlyerNotifier)
        assert server.calls == []
    finally:
        server.stop()

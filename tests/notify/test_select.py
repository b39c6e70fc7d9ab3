"""Choosing the backend: our D-Bus client where the server has buttons, plyer everywhere else."""

from __future__ import annotations

from sitbreak.notify.base import ActionableNotifier
from sitbreak.notify.freedesktop import FreedesktopNotifier
from sitbreak.notify.plyer_backend import PlyerNotifier
from sitbreak.notify.select import choose_notifier
from sitbreak.settings.model import NotificationSettings, Settings
from tests.support.desktop import DesktopSession
from tests.support.fake_notifications import FakeNotificationServer


def choose(bare_bus: DesktopSession, settings: Settings | None = None, platform: str = "linux"):  # type: ignore[no-untyped-def]
    """choose_notifier on the private bus."""
    return choose_notifier(settings, bus=bare_bus.bus_address, platform=platform)


def test_a_server_with_actions_gets_the_dbus_backend_with_buttons(bare_bus: DesktopSession) -> None:
    """GetCapabilities lists "actions": the freedesktop backend, Done/Snooze/Skip on."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions", "body"])
    try:
        notifier = choose(bare_bus)
        try:
            assert isinstance(notifier, FreedesktopNotifier)
            assert isinstance(notifier, ActionableNotifier)
            assert [key for key, _label in notifier.buttons] == ["done", "snooze", "skip"]
        finally:
            notifier.close()
    finally:
        server.stop()


def test_actions_false_keeps_the_dbus_backend_without_buttons(bare_bus: DesktopSession) -> None:
    """`[notifications] actions = false`: same backend (a reload can turn buttons back on)."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions"])
    settings = Settings(notifications=NotificationSettings(actions=False))
    try:
        notifier = choose(bare_bus, settings)
        try:
            assert isinstance(notifier, FreedesktopNotifier)
            assert notifier.buttons == ()
        finally:
            notifier.close()
    finally:
        server.stop()


def test_a_server_without_actions_gets_plyer(bare_bus: DesktopSession) -> None:
    """No "actions" capability: plyer, as before this backend existed."""
    server = FakeNotificationServer(bare_bus.bus_address, ["body"])
    try:
        assert isinstance(choose(bare_bus), PlyerNotifier)
    finally:
        server.stop()


def test_no_server_gets_plyer(bare_bus: DesktopSession) -> None:
    """Nobody owns the notifications name: plyer (whose send then reports the missing server)."""
    assert isinstance(choose(bare_bus), PlyerNotifier)


def test_other_platforms_get_plyer(bare_bus: DesktopSession) -> None:
    """macOS and Windows use plyer even when a D-Bus server with buttons is reachable."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions"])
    try:
        assert isinstance(choose(bare_bus, platform="darwin"), PlyerNotifier)
        assert isinstance(choose(bare_bus, platform="win32"), PlyerNotifier)
        assert server.calls == []
    finally:
        server.stop()

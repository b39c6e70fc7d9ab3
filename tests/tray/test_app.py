"""The tray against the daemon's lock: starting it never waits for a reminder being published."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitbreak.core import Schedule
from sitbreak.dbus import Bus
from sitbreak.tray import Tray, TrayHooks
from tests.support.desktop import DesktopSession


@pytest.fixture
def bus(bare_bus: DesktopSession) -> Iterator[Bus]:
    """The daemon's connection to a private session bus."""
    connection = Bus(bare_bus.bus_address, label="tray-test")
    try:
        yield connection
    finally:
        connection.close()


def _hooks() -> TrayHooks:
    return TrayHooks(
        dispatch=lambda _event: None,
        notify=lambda _title, _text: None,
        stop=lambda: None,
        config_file=lambda: Path("/nonexistent/config.toml"),
        schedule=Schedule,
    )


def test_a_reminder_published_while_the_tray_starts_is_neither_blocked_nor_lost(
    bus: Bus,
) -> None:
    """start() reads the status without its own lock held, and a newer published one wins.

    The daemon publishes inside its lock; start() reads the status through that same lock.
    Before the fix start() held the tray's lock while reading, so the publisher (holding the
    daemon's lock) and the starter waited for each other and the daemon fell silent.
    """
    published: list[bool] = []
    tray: Tray

    def publish_a_reminder() -> None:
        tray.publish({"event": "status", "status": {"state": "due"}})
        published.append(True)

    def payload_now() -> dict[str, object]:
        # stands for the daemon's lock: a reminder is being published while we read
        publisher = threading.Thread(target=publish_a_reminder)
        publisher.start()
        publisher.join(timeout=5)
        assert published, "publish() waited for start(): the two locks are taken in both orders"
        return {"state": "active"}

    tray = Tray(bus, _hooks(), payload_now, clock=lambda: datetime(2026, 12, 5, 9, tzinfo=UTC))
    try:
        tray.start()
        assert tray.view().state == "due"
    finally:
        tray.close()

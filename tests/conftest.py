"""Shared fixtures: a real private desktop (Xvfb, D-Bus session bus, dunst), a bare bus, a user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.desktop import (
    DESKTOP_TOOLS,
    NOTIFICATION_SERVER_TOOLS,
    DesktopSession,
    start_desktop,
)
from tests.support.tools import require_tools
from tests.support.user_env import UserEnvironment

_DESKTOP_FIXTURES = frozenset({"desktop", "bare_bus"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a desktop fixture `desktop`, so `-m 'not desktop'` skips them."""
    for item in items:
        if _DESKTOP_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.desktop)


@pytest.fixture
def dunst_dmenu() -> str:
    """The command dunst runs on `dunstctl context` to pick an action; override it in a module."""
    return "/bin/false"


@pytest.fixture
def desktop(tmp_path: Path, dunst_dmenu: str) -> Iterator[DesktopSession]:
    """A private desktop with Xvfb, a session bus and dunst; stopped (by pid) after the test."""
    require_tools({**DESKTOP_TOOLS, **NOTIFICATION_SERVER_TOOLS})
    session = start_desktop(tmp_path / "desktop", dmenu=dunst_dmenu)
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture
def bare_bus(tmp_path: Path) -> Iterator[DesktopSession]:
    """A private desktop with Xvfb and a session bus but no notification server."""
    require_tools(DESKTOP_TOOLS)
    session = start_desktop(tmp_path / "desktop", notification_server=False)
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture
def user(tmp_path: Path) -> Iterator[UserEnvironment]:
    """A private user: HOME and XDG folders under tmp_path, nothing of the real user's."""
    environment = UserEnvironment(tmp_path / "user")
    try:
        yield environment
    finally:
        environment.cleanup()

"""Shared fixtures: a real private desktop (Xvfb, D-Bus session bus, dunst) and a bare bus."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.support.desktop import (
    DESKTOP_TOOLS,
    NOTIFICATION_SERVER_TOOLS,
    DesktopSession,
    missing_tools,
    start_desktop,
)

_DESKTOP_FIXTURES = frozenset({"desktop", "bare_bus"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a desktop fixture `desktop`, so `-m 'not desktop'` skips them."""
    for item in items:
        if _DESKTOP_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.desktop)


def _require_tools(tools: Mapping[str, str]) -> None:
    """Skip when a tool is missing; under CI fail instead, since CI must have installed it."""
    missing = missing_tools(tools)
    if not missing:
        return
    message = "needs " + ", ".join(missing) + "; scripts/test installs them"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def dunst_dmenu() -> str:
    """The command dunst runs on `dunstctl context` to pick an action; override it in a module."""
    return "/bin/false"


@pytest.fixture
def desktop(tmp_path: Path, dunst_dmenu: str) -> Iterator[DesktopSession]:
    """A private desktop with Xvfb, a session bus and dunst; stopped (by pid) after the test."""
    _require_tools({**DESKTOP_TOOLS, **NOTIFICATION_SERVER_TOOLS})
    session = start_desktop(tmp_path / "desktop", dmenu=dunst_dmenu)
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture
def bare_bus(tmp_path: Path) -> Iterator[DesktopSession]:
    """A private desktop with Xvfb and a session bus but no notification server."""
    _require_tools(DESKTOP_TOOLS)
    session = start_desktop(tmp_path / "desktop", notification_server=False)
    try:
        yield session
    finally:
        session.stop()

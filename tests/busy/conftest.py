"""Fixtures for the busy-signal tests: a real window manager on Xvfb."""

from __future__ import annotations

import pytest

from tests.support.desktop import DesktopSession
from tests.support.window_manager import start_openbox


@pytest.fixture
def openbox(bare_bus: DesktopSession) -> DesktopSession:
    """The bare desktop with openbox managing it (an EWMH window manager), ready."""
    start_openbox(bare_bus)
    return bare_bus

"""Fixtures for the idle tests: a headless Wayland compositor inside the private desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.desktop import DesktopSession
from tests.support.tools import require_tools
from tests.support.wayland import WAYLAND_TOOLS, headless_sway


@pytest.fixture
def sway(bare_bus: DesktopSession) -> Iterator[Path]:
    """Headless sway 1.7 (offers org_kde_kwin_idle); yields its socket path."""
    require_tools(WAYLAND_TOOLS)
    with headless_sway(bare_bus) as socket:
        yield socket

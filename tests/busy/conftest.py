"""Fixtures for the busy-signal tests: tools they need, and a real window manager on Xvfb."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

import pytest

from tests.support.desktop import DesktopSession, missing_tools

WM_TIMEOUT = 30.0

# Tools the window-manager tests run, with their Debian packages.
WINDOW_TOOLS = {
    "openbox": "openbox",
    "wmctrl": "wmctrl",
    "xmessage": "x11-utils",
    "xprop": "x11-utils",
}
GSETTINGS_TOOLS = {"gsettings": "libglib2.0-bin"}


def require_tools(tools: Mapping[str, str]) -> None:
    """Skip when a tool is missing; under CI fail instead, since CI must have installed it."""
    missing = missing_tools(tools)
    if not missing:
        return
    message = "needs " + ", ".join(missing) + "; scripts/test installs them"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def wait_until(condition: Callable[[], bool], what: str, session: DesktopSession) -> None:
    """Poll ``condition`` until true, failing with ``what`` and the session's output."""
    deadline = time.monotonic() + WM_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {WM_TIMEOUT} s\n{session.describe()}")
        time.sleep(0.1)


@pytest.fixture
def openbox(bare_bus: DesktopSession) -> DesktopSession:
    """The bare desktop with openbox managing it (an EWMH window manager), ready."""
    require_tools(WINDOW_TOOLS)
    bare_bus.spawn("openbox", ["openbox"])

    def managing() -> bool:
        """Whether a window manager announces itself on the root window."""
        done = bare_bus.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"])
        return "window id" in done.stdout

    wait_until(managing, "openbox did not take over the display", bare_bus)
    return bare_bus

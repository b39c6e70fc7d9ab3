"""The X11 binding against a real Xvfb: requests as protocol bytes, errors as values."""

from __future__ import annotations

import time

import pytest

from sitbreak.x11 import X11Connection, X11Error, idle_milliseconds, is_xwayland
from tests.support.desktop import DesktopSession


def test_idle_time_grows_while_nobody_types(bare_bus: DesktopSession) -> None:
    """MIT-SCREEN-SAVER's QueryInfo, sent as bytes, answers milliseconds that grow."""
    connection = X11Connection(bare_bus.display)
    try:
        first = idle_milliseconds(connection)
        time.sleep(1.2)
        assert idle_milliseconds(connection) >= first + 1000
    finally:
        connection.close()


def test_xvfb_is_no_xwayland(bare_bus: DesktopSession) -> None:
    """Neither the XWAYLAND extension nor RandR outputs named XWAYLAND<n> on Xvfb."""
    connection = X11Connection(bare_bus.display)
    try:
        assert not is_xwayland(connection)
    finally:
        connection.close()


def test_missing_atoms_and_windows_are_values_not_crashes(bare_bus: DesktopSession) -> None:
    """An atom nobody created is 0; a property of a window that does not exist is empty."""
    connection = X11Connection(bare_bus.display)
    try:
        assert connection.atom("_SITBREAK_NEVER_CREATED") == 0
        wm_name = connection.atom("WM_NAME")
        assert wm_name != 0
        assert connection.cardinals(0x7FFFFFF, wm_name, 31) == []  # BadWindow, as a value
        assert not connection.broken
    finally:
        connection.close()


def test_a_lost_server_breaks_the_connection_not_the_process(bare_bus: DesktopSession) -> None:
    """Xvfb gone: requests raise X11Error and ``broken`` says to reconnect (Xlib would exit)."""
    connection = X11Connection(bare_bus.display)
    try:
        idle_milliseconds(connection)
        bare_bus.stop()
        with pytest.raises(X11Error):
            idle_milliseconds(connection)
        assert connection.broken
    finally:
        connection.close()


def test_no_such_display() -> None:
    """A display nobody serves: X11Error naming it."""
    with pytest.raises(X11Error, match=":4097"):
        X11Connection(":4097")

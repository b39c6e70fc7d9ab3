"""The X11 backend against a real Xvfb: idle time grows untouched and input resets it."""

from __future__ import annotations

import sys
import time

import pytest

from sitbreak.idle import IdleError, Unavailable
from sitbreak.idle.x11 import X11Idle
from tests.support.desktop import DesktopSession


def test_idle_grows_untouched_and_drops_after_input(bare_bus: DesktopSession) -> None:
    """Seconds idle grow while nobody touches Xvfb; xdotool mousemove brings them near zero."""
    backend = X11Idle(bare_bus.display)
    try:
        first = backend.seconds_idle()
        time.sleep(1.5)
        second = backend.seconds_idle()
        assert second >= first + 1.0
        assert bare_bus.run(["xdotool", "mousemove", "17", "23"]).returncode == 0
        assert backend.seconds_idle() < 1.0
    finally:
        backend.close()


def test_survives_the_x_server_going_away(bare_bus: DesktopSession) -> None:
    """When Xvfb exits the backend raises IdleError (Xlib would exit the process by default)."""
    backend = X11Idle(bare_bus.display)
    try:
        backend.seconds_idle()
        bare_bus.stop()
        with pytest.raises(IdleError):
            backend.seconds_idle()
    finally:
        backend.close()


def test_no_display_is_unavailable() -> None:
    """A display that does not exist: Unavailable with the reason."""
    with pytest.raises(Unavailable, match="cannot open the X display"):
        X11Idle(":4097")


def test_probe_loop_prints_idle_seconds(bare_bus: DesktopSession) -> None:
    """``python -m sitbreak.idle.x11`` prints an idle reading each second until interrupted."""
    done = bare_bus.run(["timeout", "-s", "INT", "3", sys.executable, "-m", "sitbreak.idle.x11"])
    lines = done.stdout.splitlines()
    assert lines[0].startswith("x11:"), done.stdout + done.stderr
    readings = [float(line.split()[0]) for line in lines[1:]]
    assert len(readings) >= 2
    assert readings == sorted(readings), "untouched, the idle time only grows"

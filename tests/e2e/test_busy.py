"""End to end: a real daemon holds its reminder while the person is busy, and gives it after."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.window_manager import open_window, set_fullscreen, start_openbox

HELD_FOR = 6.0  # seconds the person stays busy after the reminder fell due
WAIT = 30.0  # generous bound for anything to happen on a loaded machine

# A posture check falls due 2 s after start; the others are off, so nothing else can come.
# grace is an hour: a release seen within WAIT must come from dunst's PropertiesChanged.
DUNST_CONFIG = (
    FAST_POSTURE
    + """
[quiet]
fullscreen = false
in_call = false
grace = "1h"
"""
)

APPS_CONFIG = (
    FAST_POSTURE
    + """
[quiet]
respect_dnd = false
fullscreen = false
in_call = false
apps = ["zoom"]
grace = "1s"
"""
)

FULLSCREEN_CONFIG = (
    FAST_POSTURE
    + """
[quiet]
respect_dnd = false
fullscreen = true
in_call = false
grace = "1s"
"""
)

HELD_BODY = re.compile(r"\nAfter (\d+) s sitting\.$")


def wait_for_status(daemon: SitbreakDaemon, state: str, reasons: list[str]) -> dict[str, object]:
    """Poll ``status --json`` until it shows ``state`` with ``reasons``; fail with the log."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status = daemon.status()
        if status["state"] == state and status["busy_reasons"] == reasons:
            return status
        time.sleep(0.2)
    raise AssertionError(f"status never became {state} {reasons}: {status}\n{daemon.log()}")


def assert_one_held_reminder(desktop: DesktopSession, daemon: SitbreakDaemon) -> None:
    """Exactly one reminder arrives, and its body says how long the person has been sitting."""
    received = desktop.wait_for_notifications(1, timeout=WAIT)
    assert len(received) == 1, received
    match = HELD_BODY.search(received[0].body)
    assert match is not None, received[0].body
    assert int(match.group(1)) >= HELD_FOR, received[0].body
    assert daemon.log().count("reminder: posture check") == 1
    assert "(held)" in daemon.log()


def test_dunst_paused_holds_the_reminder_and_unpausing_releases_it(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """dunstctl set-paused true holds a due reminder; set-paused false releases exactly one."""
    assert desktop.run(["dunstctl", "set-paused", "true"]).returncode == 0
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", DUNST_CONFIG))
    try:
        wait_for_status(daemon, "busy", ["dnd"])
        time.sleep(HELD_FOR)
        assert desktop.new_notifications() == [], "a reminder reached dunst while paused"
        assert "reminder:" not in daemon.log()

        assert desktop.run(["dunstctl", "set-paused", "false"]).returncode == 0
        assert_one_held_reminder(desktop, daemon)
        assert daemon.status()["busy_reasons"] == []
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_a_listed_app_holds_the_reminder_until_it_ends(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """A process named like an app in [quiet] apps makes the person busy; its end releases."""
    zoom = tmp_path / "bin" / "zoom"
    zoom.parent.mkdir()
    shutil.copy(shutil.which("sleep") or "/bin/sleep", zoom)
    call = desktop.spawn("zoom", [str(zoom), "600"])
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", APPS_CONFIG))
    try:
        wait_for_status(daemon, "busy", ["app:zoom"])
        time.sleep(HELD_FOR)
        assert desktop.new_notifications() == [], "a reminder was shown during the call"

        call.stop()
        assert_one_held_reminder(desktop, daemon)
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_a_fullscreen_window_holds_the_reminder_until_it_leaves_full_screen(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Under openbox, a full-screen active window shows as busy (fullscreen); leaving releases."""
    start_openbox(desktop)
    window = open_window(desktop, "sitbreak-presentation")
    set_fullscreen(desktop, window, on=True)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", FULLSCREEN_CONFIG))
    try:
        wait_for_status(daemon, "busy", ["fullscreen"])
        time.sleep(HELD_FOR)
        assert desktop.new_notifications() == [], "a reminder covered the presentation"

        set_fullscreen(desktop, window, on=False)
        assert_one_held_reminder(desktop, daemon)
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()

"""End to end: the daemon and the desktop session coming and going around it.

A notification server that is missing at start is reported at once (with the fix) and in
``status``, and used, with buttons, the moment it appears; a session bus that restarts is
joined again for notifications, busy signals and idle detection.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.test_idle_daemon import short_config, wait_for_state
from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeMutterIdleMonitor
from tests.support.notify_calls import NotifyCall
from tests.support.waiting import wait_until

BUTTONS = (("done", "Done"), ("snooze", "Snooze 10 min"), ("skip", "Skip"))
FIX = "run sitbreak inside your desktop session"
WAIT = 30.0
QUIET_START = '[reminders.posture]\nevery = "20m"\n'  # nothing falls due during the test

# grace is an hour: a release seen within WAIT must come from dunst's PropertiesChanged
DUNST_HOLDS = FAST_POSTURE + '[quiet]\nfullscreen = false\nin_call = false\ngrace = "1h"\n'


def status_line(daemon: SitbreakDaemon, start: str) -> str:
    """The line of ``sitbreak status`` that begins with ``start``."""
    text = daemon.cli("status").stdout
    lines = [line for line in text.splitlines() if line.startswith(start)]
    assert lines, f"no {start!r} line in:\n{text}"
    return lines[0]


def calls_with_buttons(desktop: DesktopSession) -> list[NotifyCall]:
    """Notify calls so far that carried the three buttons."""
    return [call for _id, call in desktop.notify_calls() if call.actions == BUTTONS]


def test_no_notification_server_is_reported_at_start_with_the_fix(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """No server on the bus: the log says so before any reminder, with the fix; so does status."""
    daemon = SitbreakDaemon(bare_bus, write_config(tmp_path / "config.toml", QUIET_START))
    try:
        log = daemon.log()  # read at once: the daemon answers status, nothing more waited for
        line = status_line(daemon, "Notifications:")
    finally:
        assert daemon.terminate() == 0
    assert "WARNING" in log
    assert "no notifications: no notification server on the session bus" in log
    assert FIX in log
    assert "REMINDER" not in log, "the warning came before any reminder"
    assert line == (
        "Notifications: none: no notification server on the session bus; reminders go to the log."
    )


def test_outside_the_desktop_session_the_start_says_so(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """Started without DISPLAY and DBUS_SESSION_BUS_ADDRESS: the reason and the fix, at once."""
    config = write_config(tmp_path / "config.toml", QUIET_START)
    daemon = SitbreakDaemon(bare_bus, config, without=("DISPLAY", "DBUS_SESSION_BUS_ADDRESS"))
    try:
        log = daemon.log()
        line = status_line(daemon, "Notifications:")
        payload = daemon.status()
    finally:
        assert daemon.terminate() == 0
    assert "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)" in log
    assert FIX in log
    assert "DBUS_SESSION_BUS_ADDRESS is not set" in line
    assert str(payload["notifications"]).startswith("none: no D-Bus session bus")
    assert "Traceback" not in daemon.log()


def test_a_daemon_started_before_dunst_gets_buttons_once_dunst_is_up(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """Reminders go to the log until dunst starts; from then on they come with buttons."""
    daemon = SitbreakDaemon(bare_bus, write_config(tmp_path / "config.toml", FAST_POSTURE))
    try:
        daemon.wait_for_log("REMINDER (posture)")
        bare_bus.start_dunst()
        wait_until(lambda: calls_with_buttons(bare_bus), "a reminder with buttons", WAIT)
        line = status_line(daemon, "Notifications:")
    finally:
        assert daemon.terminate() == 0
    assert "notifications through dunst" in daemon.log()
    assert line.startswith("Notifications: dunst ")
    assert line.endswith(
        "with Done, Snooze and Skip buttons (and Start on micro-breaks and stretches)."
    )


def test_after_the_session_bus_restarts_reminders_reach_the_new_dunst(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """dbus-daemon killed, a new bus and dunst at the same address: buttons again, no traceback."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", FAST_POSTURE))
    try:
        desktop.wait_for_notify_calls(1)
        desktop.restart_bus()
        wait_until(lambda: calls_with_buttons(desktop), "a reminder on the new bus", WAIT)
        assert daemon.status()["state"] in ("active", "due")
    finally:
        assert daemon.terminate() == 0
    log = daemon.log()
    assert "lost the session D-Bus bus" in log
    assert "connected to the session D-Bus bus again" in log
    assert "Traceback" not in log


def test_after_the_session_bus_restarts_dunst_dnd_still_releases_at_once(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """On the new bus, pausing dunst holds reminders and unpausing releases them on its signal."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", DUNST_HOLDS))
    try:
        desktop.wait_for_notify_calls(1)
        desktop.restart_bus()
        assert desktop.run(["dunstctl", "set-paused", "true"]).returncode == 0
        wait_until(lambda: daemon.status()["busy_reasons"] == ["dnd"], "held by dnd", WAIT)
        time.sleep(1)  # let the hold settle; the release must come from the signal
        assert desktop.run(["dunstctl", "set-paused", "false"]).returncode == 0
        wait_until(lambda: daemon.status()["busy_reasons"] == [], "released", WAIT)
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_after_the_session_bus_restarts_gnomes_idle_monitor_is_watched_again(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """The idle watch is added to GNOME's monitor on the new bus, and its firing still counts."""
    mutter = FakeMutterIdleMonitor(bare_bus.bus_address)
    daemon = SitbreakDaemon(bare_bus, short_config(tmp_path, every="1h"), idle=True)
    try:
        assert daemon.status()["idle_backend"] == "mutter"
        wait_until(lambda: mutter.idle_watches, "the idle watch", WAIT)
        mutter.stop()
        bare_bus.restart_bus()
        mutter = FakeMutterIdleMonitor(bare_bus.bus_address)
        wait_until(lambda: list(mutter.idle_watches.values()) == [2000], "the watch again", WAIT)
        mutter.user_went_idle()
        wait_for_state(daemon, "idle")
        mutter.user_came_back()
        wait_for_state(daemon, "active")
    finally:
        assert daemon.terminate() == 0
        mutter.stop()
    assert "Traceback" not in daemon.log()

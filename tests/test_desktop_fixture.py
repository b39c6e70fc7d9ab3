"""The desktop fixtures start a real private session, read notifications back, and leak nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.support.desktop import DesktopSession
from tests.support.processes import live_processes_in_session


def test_notification_is_read_back(desktop: DesktopSession) -> None:
    """A notify-send inside the session comes back with its app name, summary, body and urgency."""
    result = desktop.run(["notify-send", "-a", "sitbreak", "-u", "critical", "Title", "Body"])
    assert result.returncode == 0, result.stderr

    [received] = desktop.wait_for_notifications(1)

    assert received.app_name == "sitbreak"
    assert received.summary == "Title"
    assert received.body == "Body"
    assert received.urgency == "critical"
    assert received.timeout == 0.0  # the test dunstrc keeps critical notifications until closed


def test_new_notifications_returns_only_newer_ones(desktop: DesktopSession) -> None:
    """After a first notification was read, only the second one counts as new."""
    desktop.run(["notify-send", "-a", "sitbreak", "First", "one"])
    [first] = desktop.wait_for_notifications(1)
    desktop.run(["notify-send", "-a", "sitbreak", "Second", "two"])

    [second] = desktop.wait_for_notifications(1)

    assert (first.summary, second.summary) == ("First", "Second")
    assert desktop.new_notifications() == []
    assert [n.summary for n in desktop.notifications()] == ["First", "Second"]


def test_actions_hints_and_timeout_come_from_the_call(desktop: DesktopSession) -> None:
    """Actions, hints and the requested timeout a client sent are reported with the notification."""
    # With actions notify-send waits for one to be chosen; reading closes it, so it then exits.
    sender = desktop.spawn(
        "notify-send",
        [
            "notify-send",
            "-a",
            "sitbreak",
            "-u",
            "low",
            "-t",
            "5000",
            "-c",
            "x-sitbreak.test",
            "-A",
            "done=Done",
            "-A",
            "snooze=Snooze",
            "Stand up",
            "Two minutes",
        ],
    )

    [received] = desktop.wait_for_notifications(1)

    assert received.actions == (("done", "Done"), ("snooze", "Snooze"))
    assert received.urgency == "low"
    assert received.requested_timeout_ms == 5000
    assert received.timeout == 5.0
    assert received.category == "x-sitbreak.test"
    assert received.hints["category"] == "x-sitbreak.test"
    sender.popen.wait(30)


def test_session_environment_is_private(desktop: DesktopSession, tmp_path: Path) -> None:
    """HOME and the XDG dirs are fresh private directories, not the real user's."""
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        assert Path(desktop.env[key]).is_relative_to(tmp_path), key
        assert Path(desktop.env[key]).is_dir(), key
    runtime_dir = Path(desktop.env["XDG_RUNTIME_DIR"])
    assert stat.S_IMODE(runtime_dir.stat().st_mode) == 0o700
    assert desktop.env["DBUS_SESSION_BUS_ADDRESS"] != os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    assert desktop.run(["xdpyinfo"]).returncode == 0  # the X display answers


def test_stop_leaves_no_process_behind(desktop: DesktopSession) -> None:
    """Stopping the session ends Xvfb, dbus-daemon, dunst and anything they started."""
    pids = desktop.pids
    assert set(pids) == {"xvfb", "dbus", "dunst"}
    assert all(live_processes_in_session(pid) for pid in pids.values())

    desktop.stop()

    assert {name: live_processes_in_session(pid) for name, pid in pids.items()} == {
        "xvfb": [],
        "dbus": [],
        "dunst": [],
    }
    assert not Path(desktop.env["XDG_RUNTIME_DIR"]).exists()


def test_bare_bus_has_no_notification_server(bare_bus: DesktopSession) -> None:
    """On the bare bus a Notify call fails: no server runs and none is D-Bus-activated."""
    result = bare_bus.run(["notify-send", "-a", "sitbreak", "Nobody", "listens"])

    assert result.returncode != 0
    assert not bare_bus.name_has_owner("org.freedesktop.Notifications")
    assert set(bare_bus.pids) == {"xvfb", "dbus"}

"""End to end: a real daemon pushes to ``status --follow --format waybar`` in a real process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.follower import FollowerProcess

WAYBAR_KEYS = {"text", "alt", "tooltip", "class", "percentage"}
PUSH_WAIT = 10.0  # generous on a busy machine; a minute-refresh could not fake these states

MICRO_EVERY_12S = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "12s"
break_length = "2s"
"""


def has_class(name: str) -> Callable[[dict[str, object]], bool]:
    """A predicate for ``wait_for_json``: the waybar class is ``name``."""
    return lambda data: data.get("class") == name


def test_pause_resume_and_a_reminder_each_push_a_waybar_line(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Pause, resume and a fired reminder each bring a new line; every line is waybar JSON."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_12S))
    follower = FollowerProcess(desktop, "--format", "waybar")
    try:
        first = follower.next_json(PUSH_WAIT)
        assert first["class"] in ("active", "due")
        assert daemon.cli("pause").returncode == 0
        paused = follower.wait_for_json(has_class("paused"), PUSH_WAIT)
        assert paused["text"] == "paused"
        assert daemon.cli("resume").returncode == 0
        follower.wait_for_json(has_class("active"), PUSH_WAIT)
        due = follower.wait_for_json(has_class("due"), 30)
        assert due["text"] == "stand up!"
        assert due["percentage"] == 100
        desktop.wait_for_notifications(1)
    finally:
        code, stderr = follower.stop()
        daemon.terminate()
    assert code == 0, stderr
    assert stderr == ""
    for line in follower.lines:
        assert line.count("\n") == 0
        assert set(json.loads(line)) == WAYBAR_KEYS, line


def test_follower_survives_the_daemon_stopping_and_starting_again(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """With the daemon gone it prints "not running"; a new daemon is followed again."""
    config = write_config(tmp_path / "c.toml", MICRO_EVERY_12S)
    follower = FollowerProcess(desktop, "--format", "waybar")
    daemon = None
    try:
        lonely = follower.next_json(PUSH_WAIT)
        assert lonely["text"] == "not running"
        daemon = SitbreakDaemon(desktop, config)
        follower.wait_for_json(has_class("active"), PUSH_WAIT)
        assert daemon.terminate() == 0
        gone = follower.wait_for_json(has_class("not_running"), PUSH_WAIT)
        assert gone["tooltip"] == "sitbreak is not running"
        daemon = SitbreakDaemon(desktop, config)
        follower.wait_for_json(lambda d: d["class"] != "not_running", PUSH_WAIT)
    finally:
        code, stderr = follower.stop()
        if daemon is not None:
            daemon.stop()
    assert code == 0, stderr

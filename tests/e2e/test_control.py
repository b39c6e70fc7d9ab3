"""Issue 3 end to end: a real daemon, the real socket, every command, restarts and reloads."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from sitbreak.control.client import request
from tests.support.daemon import SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession

QUIET = """
[reminders.posture]
every = "20m"
[notifications]
repeat_ignored_after = "0s"
"""


def control_socket(session: DesktopSession) -> Path:
    """Where the daemon in ``session`` listens."""
    return Path(session.env["XDG_RUNTIME_DIR"]) / "sitbreak" / "control.sock"


def wait_for(predicate: object, timeout: float = 15.0) -> None:
    """Poll ``predicate()`` until true, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def daemon(desktop: DesktopSession, tmp_path: Path) -> object:
    """A running daemon with a quiet cadence; stopped after the test."""
    running = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", QUIET))
    yield running
    running.stop()


def test_status_json_keeps_its_keys(daemon: SitbreakDaemon) -> None:
    """status --json has the promised keys with the promised types."""
    status = daemon.status()
    assert status["running"] is True
    assert status["pid"] == daemon.pid
    assert status["state"] == "active"
    assert isinstance(status["sitting_seconds"], int)
    upcoming = status["next"]
    assert isinstance(upcoming, dict)
    assert upcoming["kind"] == "posture"
    assert datetime.fromisoformat(str(upcoming["at"])).utcoffset() is not None
    assert 0 < int(upcoming["in_seconds"]) <= 20 * 60
    assert status["paused_until"] is None
    assert status["snoozed_until"] is None
    assert isinstance(status["idle_backend"], str)
    assert status["config_file"] == str(daemon.config)


def test_snooze_pause_resume_done_skip_each_say_what_changed(daemon: SitbreakDaemon) -> None:
    """Each command prints one line, exits 0 (or 1 when refused) and status shows the change."""
    snoozed = daemon.cli("snooze", "15m")
    assert snoozed.returncode == 0, snoozed.stderr
    assert snoozed.stdout.startswith("Snoozed reminders until ")
    assert "next: posture check at" in snoozed.stdout
    assert daemon.status()["state"] == "snoozed"
    assert daemon.status()["snoozed_until"] is not None

    assert daemon.cli("resume").stdout.startswith("Resumed; next:")
    assert daemon.status()["snoozed_until"] is None

    paused = daemon.cli("pause", "10m")
    assert paused.returncode == 0
    assert paused.stdout.startswith("Paused until ")
    status = daemon.status()
    assert status["state"] == "paused"
    assert status["paused_until"] is not None

    until = daemon.cli("pause", "--until", "23:59")
    assert until.returncode == 0
    assert "23:59" in str(daemon.status()["paused_until"])

    forever = daemon.cli("pause")
    assert "until you resume" in forever.stdout
    assert daemon.status()["paused_until"] is None
    assert daemon.status()["state"] == "paused"
    assert daemon.cli("resume").returncode == 0

    done = daemon.cli("done", "stretch")
    assert done.returncode == 0
    assert done.stdout.startswith("Well done: stretch break counted")
    assert daemon.status()["sitting_seconds"] < 5

    skipped = daemon.cli("skip")
    assert skipped.returncode == 1
    assert "nothing to skip" in skipped.stderr


def test_bad_arguments_exit_2_and_change_nothing(daemon: SitbreakDaemon) -> None:
    """Malformed durations, times and kinds are refused before anything changes."""
    for argv in (
        ["snooze", "abc"],
        ["snooze", "0s"],
        ["pause", "--until", "25:00"],
        ["pause", "x"],
        ["done", "nap"],
    ):
        done = daemon.cli(*argv)
        assert done.returncode == 2, argv
        assert "Traceback" not in done.stderr
    assert daemon.status()["state"] == "active"


def test_snooze_limit_is_refused_with_exit_1(daemon: SitbreakDaemon) -> None:
    """The fourth snooze in a row is refused by the daemon (exit 1) with its reason."""
    for _ in range(3):
        assert daemon.cli("snooze", "1m").returncode == 0
    refused = daemon.cli("snooze", "1m")
    assert refused.returncode == 1
    assert "Snoozed 3 times in a row" in refused.stderr


def test_a_month_long_snooze_is_refused_and_a_long_pause_shows_its_date(
    daemon: SitbreakDaemon,
) -> None:
    """`snooze 30d` is a usage error (exit 2) pointing at pause; `pause 30d` names the date."""
    refused = daemon.cli("snooze", "30d")
    assert refused.returncode == 2
    assert refused.stderr == (
        "sitbreak: snooze: duration: 30d is more than the maximum of 12 hours; to stop reminders"
        " for longer, pause them ('sitbreak pause 2d', or --until HH:MM)\n"
    )
    assert daemon.status()["snoozed_until"] is None
    paused = daemon.cli("pause", "30d")
    assert paused.returncode == 0, paused.stderr
    until = datetime.fromisoformat(str(daemon.status()["paused_until"]))
    assert f"Paused until {until.strftime('%a')} {until.day} {until.strftime('%b %H:%M')}" in (
        paused.stdout
    )
    assert "(in 30 days)" in paused.stdout


def test_commands_without_a_daemon_exit_3_with_a_hint(desktop: DesktopSession) -> None:
    """No daemon: every control command exits 3 and says how to start one."""
    for argv in (
        ["status"],
        ["snooze"],
        ["pause"],
        ["resume"],
        ["skip"],
        ["done"],
        ["reload"],
        ["stop"],
    ):
        done = desktop.run(sitbreak_argv(*argv))
        assert done.returncode == 3, argv
        assert "sitbreak run" in done.stdout + done.stderr
        assert "autostart enable" in done.stdout + done.stderr
    as_json = desktop.run(sitbreak_argv("status", "--json"))
    assert json.loads(as_json.stdout) == {"running": False}


def test_second_daemon_exits_1_naming_the_first(daemon: SitbreakDaemon) -> None:
    """Only one daemon per user: a second `run` exits 1 with the first one's pid."""
    second = daemon.session.run(sitbreak_argv("run"))
    assert second.returncode == 1
    assert f"already running (pid {daemon.pid})" in second.stderr


def test_stop_ends_the_daemon(daemon: SitbreakDaemon) -> None:
    """`sitbreak stop` exits 0 once the daemon has gone."""
    stopped = daemon.cli("stop")
    assert stopped.returncode == 0
    assert daemon.process.popen.wait(10) == 0
    assert daemon.cli("status").returncode == 3


def test_pause_and_snooze_survive_kill_9_and_the_stale_lock_is_taken_over(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Pause set, kill -9, restart: still paused until the same time; a snooze likewise."""
    config = write_config(tmp_path / "config.toml", QUIET)
    first = SitbreakDaemon(desktop, config)
    assert first.cli("pause", "2h").returncode == 0
    paused_until = first.status()["paused_until"]
    os.kill(first.pid, signal.SIGKILL)
    first.process.popen.wait(10)
    second = SitbreakDaemon(desktop, config)
    try:
        status = second.status()
        assert status["state"] == "paused"
        assert status["paused_until"] == paused_until
        assert second.cli("resume").returncode == 0
        assert second.cli("snooze", "30m").returncode == 0
        snoozed_until = second.status()["snoozed_until"]
        os.kill(second.pid, signal.SIGKILL)
        second.process.popen.wait(10)
        third = SitbreakDaemon(desktop, config)
        assert third.status()["snoozed_until"] == snoozed_until
        third.stop()
    finally:
        second.stop()


def test_corrupt_state_file_is_set_aside_at_start(desktop: DesktopSession, tmp_path: Path) -> None:
    """Garbage in state.json: the daemon starts fresh and keeps the bad file beside it."""
    state_dir = Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak"
    state_dir.mkdir(parents=True)
    (state_dir / "state.json").write_bytes(b'{"version": 1, "state": [garbage')
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", QUIET))
    try:
        assert daemon.status()["state"] == "active"
        aside = list(state_dir.glob("state.json.corrupt-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(b'{"version": 1')
        assert "is unusable" in daemon.log()
    finally:
        daemon.stop()


def test_reload_applies_new_settings_and_keeps_the_last_good_ones(daemon: SitbreakDaemon) -> None:
    """reload picks up a new cadence; a broken file is reported (exit 2) and changes nothing."""
    assert daemon.config is not None
    daemon.config.write_text('[reminders.posture]\nevery = "8m"\n', encoding="utf-8")
    reloaded = daemon.cli("reload")
    assert reloaded.returncode == 0, reloaded.stderr
    assert 7 * 60 < int(daemon.status()["next"]["in_seconds"]) <= 8 * 60  # type: ignore[index]

    daemon.config.write_text('[reminders.posture]\nevery = "soon"\n', encoding="utf-8")
    broken = daemon.cli("reload")
    assert broken.returncode == 2
    assert "reminders.posture.every" in broken.stderr
    assert "kept the running settings" in broken.stderr
    assert 7 * 60 < int(daemon.status()["next"]["in_seconds"]) <= 8 * 60  # type: ignore[index]
    assert daemon.process.is_running()


def test_sighup_and_file_changes_reload(daemon: SitbreakDaemon) -> None:
    """Editing the file reloads by itself; SIGHUP reloads too."""
    assert daemon.config is not None
    daemon.config.write_text('[reminders.posture]\nevery = "12m"\n', encoding="utf-8")
    wait_for(lambda: int(daemon.status()["next"]["in_seconds"]) <= 12 * 60)  # type: ignore[index]
    replacement = daemon.config.with_suffix(".new")
    replacement.write_text('[reminders.posture]\nevery = "8m"\n', encoding="utf-8")
    replacement.rename(daemon.config)  # how editors save: write aside, rename over
    wait_for(lambda: int(daemon.status()["next"]["in_seconds"]) <= 8 * 60)  # type: ignore[index]
    daemon.wait_for_log("changed on disk; reloading")
    os.kill(daemon.pid, signal.SIGHUP)
    daemon.wait_for_log_count("settings reloaded from", 3)


def test_garbage_on_the_socket_never_hurts_the_daemon(daemon: SitbreakDaemon) -> None:
    """Random bytes, wrong types and unknown commands get errors; the daemon keeps serving."""
    path = control_socket(daemon.session)
    for garbage in (
        os.urandom(512),
        b"\xff\xfe\n",
        b'{"cmd": 5}\n',
        b'{"cmd": "status", "args": []}\n',
    ):
        with socket.socket(socket.AF_UNIX) as raw:
            raw.connect(str(path))
            raw.sendall(garbage)
            raw.settimeout(5)
            reply = raw.recv(4096)
        assert b'"ok":false' in reply
    assert request(path, "snooze", {"duration": 5})["code"] == "bad_request"
    assert request(path, "done", {"kind": "nap"})["code"] == "bad_request"
    assert request(path, "pause", {"until": "tomorrow"})["code"] == "bad_request"
    assert request(path, "fly")["code"] == "unknown_command"
    assert request(path, "status", {"extra": 1})["code"] == "bad_request"
    assert daemon.status()["state"] == "active"


def test_fifty_concurrent_clients(daemon: SitbreakDaemon) -> None:
    """50 clients x 20 requests: every reply is right and the daemon lives on."""
    path = control_socket(daemon.session)
    failures: list[str] = []

    def client() -> None:
        for _ in range(20):
            reply = request(path, "status", timeout=30)
            if reply.get("ok") is not True or reply["status"]["pid"] != daemon.pid:  # type: ignore[index]
                failures.append(repr(reply))

    threads = [threading.Thread(target=client) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert daemon.status()["running"] is True


def test_socket_and_its_folder_are_private(daemon: SitbreakDaemon) -> None:
    """The runtime folder is 0700 and the socket 0600."""
    path = control_socket(daemon.session)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_status_client_imports_nothing_heavy(daemon: SitbreakDaemon) -> None:
    """`sitbreak status` never imports pydantic, APScheduler or plyer."""
    probe = (
        "import sys\n"
        "from sitbreak.cli.main import main\n"
        "code = main(['status', '--json'])\n"
        "roots = {'pydantic', 'pydantic_settings', 'apscheduler', 'plyer'}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print('HEAVY', heavy, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=daemon.session.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "HEAVY [] 0" in done.stdout, done.stdout + done.stderr

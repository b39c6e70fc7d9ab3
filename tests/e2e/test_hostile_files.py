"""Files a careless user or a broken disk leaves behind never stop the daemon from starting."""

from __future__ import annotations

import os
import time

from tests.support.daemon import SitbreakDaemon, sitbreak_argv
from tests.support.read_only import read_only_argv
from tests.support.user_env import UserEnvironment

READY = 30.0


def wait_until_running(user: UserEnvironment) -> dict[str, object]:
    """Poll ``status --json`` until the daemon answers; fail with the logs after 30 s."""
    deadline = time.monotonic() + READY
    while time.monotonic() < deadline:
        done = user.run("status")
        if done.returncode == 0:
            return {"stdout": done.stdout}
        time.sleep(0.2)
    logs = "\n".join(p.read_text(errors="replace") for p in user.logs.iterdir())
    raise AssertionError(f"the daemon did not answer within {READY} s:\n{logs}")


def test_a_fifo_as_the_state_file_is_set_aside_and_the_daemon_starts(
    user: UserEnvironment,
) -> None:
    """A FIFO at state.json used to hang start-up; now it is renamed aside with one warning."""
    user.state_dir.mkdir(parents=True)
    os.mkfifo(user.state_dir / "state.json")
    daemon = SitbreakDaemon(user)
    log = daemon.wait_for_log("state.json is unusable")
    assert "(it is a FIFO (named pipe), not a regular file); moved it to" in log
    assert [p.name[:19] for p in user.state_dir.iterdir() if "corrupt" in p.name] == [
        "state.json.corrupt-"
    ]
    assert daemon.terminate() == 0
    assert (user.state_dir / "state.json").is_file()


def test_garbage_state_on_a_read_only_disk_still_starts(user: UserEnvironment) -> None:
    """Garbage state.json that cannot be renamed (read-only): a warning and a fresh start."""
    user.state_dir.mkdir(parents=True)
    (user.state_dir / "state.json").write_bytes(b"\x00 not json")
    argv = sitbreak_argv("run", "--set", "idle.enabled=false")
    process = user.spawn("sitbreak", read_only_argv(user.state_dir, argv))
    try:
        wait_until_running(user)
        assert user.run("stop").returncode == 0
        assert process.popen.wait(10) == 0
    finally:
        process.stop()
    log = process.log_path.read_text(encoding="utf-8")
    assert "is unusable (not JSON" in log
    assert "cannot be moved aside (Read-only file system); starting fresh" in log
    assert "Traceback" not in log
    assert (user.state_dir / "state.json").read_bytes() == b"\x00 not json"

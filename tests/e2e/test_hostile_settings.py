"""Settings that would have overflowed: refused at start, and refused on reload without harm."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.user_env import UserEnvironment

MICRO_ONLY = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
"""


def test_a_huge_every_stops_the_start_with_exit_2(user: UserEnvironment, tmp_path: Path) -> None:
    """`run --set reminders.micro.every=99999999h` used to die with exit 70; now exit 2."""
    config = write_config(tmp_path / "config.toml", MICRO_ONLY)
    done = user.run("run", "--config", str(config), "--set", "reminders.micro.every=99999999h")
    assert done.returncode == 2
    assert done.stderr == (
        "sitbreak: the settings have problems:\n"
        "  --set reminders.micro.every: reminders.micro.every:"
        " 99999999h is more than the maximum of 24h\n"
    )


def test_config_set_beyond_a_bound_leaves_the_daemon_running(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """`config set reminders.micro.every 99999999h` is refused; the daemon runs on unchanged."""
    config = write_config(tmp_path / "config.toml", MICRO_ONLY)
    daemon = SitbreakDaemon(user, config)
    before = daemon.status()["next"]
    assert isinstance(before, dict)
    done = daemon.cli(
        "config", "set", "--config", str(config), "reminders.micro.every", "99999999h"
    )
    assert done.returncode == 2
    assert "99999999h is more than the maximum of 24h" in done.stderr
    assert config.read_text(encoding="utf-8") == MICRO_ONLY
    assert daemon.process.is_running()
    after = daemon.status()["next"]
    assert isinstance(after, dict)
    assert (after["kind"], after["at"]) == (before["kind"], before["at"])
    assert daemon.terminate() == 0


def test_an_edit_beyond_a_bound_keeps_the_last_good_settings(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """Writing 99999999h into the file while it runs: the watcher's reload keeps the old ones."""
    config = write_config(tmp_path / "config.toml", MICRO_ONLY)
    daemon = SitbreakDaemon(user, config)
    config.write_text(MICRO_ONLY + '[reminders.micro]\nevery = "99999999h"\n', encoding="utf-8")
    daemon.wait_for_log("settings not reloaded, the last good ones keep running")
    assert daemon.status()["next"] is not None
    assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_a_config_replaced_by_a_fifo_keeps_the_last_good_settings(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """The live config swapped for a FIFO used to reload the defaults; now it is refused."""
    config = write_config(
        tmp_path / "config.toml", MICRO_ONLY + '[reminders.micro]\nevery = "45m"\n'
    )
    daemon = SitbreakDaemon(user, config)
    config.unlink()
    os.mkfifo(config)
    daemon.wait_for_log("not a settings file: it is a FIFO (named pipe), not a regular file")
    upcoming = daemon.status()["next"]
    assert isinstance(upcoming, dict)
    assert upcoming["every_seconds"] == 45 * 60
    assert daemon.terminate() == 0

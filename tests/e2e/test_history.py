"""End to end: a real daemon records its history, and `sitbreak stats` reads it meanwhile."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession

WAIT = 30.0


def history_file(session: DesktopSession) -> Path:
    """The history file of the daemon running in ``session``."""
    return Path(session.env["XDG_DATA_HOME"]) / "sitbreak" / "history.sqlite3"


def stats_totals(daemon: SitbreakDaemon, config: Path) -> dict[str, Any]:
    """`sitbreak stats --json` totals, with the daemon's settings."""
    done = daemon.cli("stats", "--json", "--config", str(config))
    assert done.returncode == 0, done.stderr
    totals = json.loads(done.stdout)["totals"]
    assert isinstance(totals, dict)
    return totals


def wait_for_totals(
    daemon: SitbreakDaemon, config: Path, reminders: int, done: int
) -> dict[str, Any]:
    """Poll `sitbreak stats` until it shows at least these many reminders and dones."""
    deadline = time.monotonic() + WAIT
    while True:
        totals = stats_totals(daemon, config)
        if totals["reminders"] >= reminders and totals["done"] >= done:
            return totals
        assert time.monotonic() < deadline, f"stats still show {totals}\n{daemon.log()}"
        time.sleep(0.2)


def test_stats_shows_what_a_running_daemon_recorded(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Posture checks every 2 s and a 'done': stats --json, run meanwhile, shows both."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(desktop, config)
    try:
        daemon.wait_for_log_count("reminder: posture check", 2)
        assert daemon.cli("done", "micro").returncode == 0
        totals = wait_for_totals(daemon, config, reminders=2, done=1)
        assert totals["sitting_seconds"] >= 2
        assert totals["breaks"] >= 1
    finally:
        assert daemon.terminate() == 0
    after = stats_totals(daemon, config)
    assert after["reminders"] >= totals["reminders"]
    assert "Traceback" not in daemon.log()


def test_daemon_sets_a_corrupt_history_aside_at_start_and_records_anew(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Garbage in the history file: a warning, the bytes kept aside, new rows recorded."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    path = history_file(desktop)
    path.parent.mkdir(parents=True)
    garbage = b"\x00\xff not a database \x13\x37\n" * 300
    path.write_bytes(garbage)
    daemon = SitbreakDaemon(desktop, config)
    try:
        daemon.wait_for_log("is damaged")
        wait_for_totals(daemon, config, reminders=2, done=0)
        assert daemon.process.is_running()
    finally:
        assert daemon.terminate() == 0
    [aside] = path.parent.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == garbage
    assert "Traceback" not in daemon.log()

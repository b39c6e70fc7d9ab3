"""``sitbreak config set`` reaches a running daemon: it reloads at once, no restart needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession

POSTURE_ONLY = """\
# Only posture checks while I try this out.
[reminders.posture]
every = "20m"  # the default, for now

[reminders.micro]
enabled = false

[reminders.stretch]
enabled = false
"""


def _next(daemon: SitbreakDaemon) -> dict[str, object]:
    upcoming = daemon.status()["next"]
    assert isinstance(upcoming, dict), upcoming
    return upcoming


def test_config_set_reaches_the_running_daemon(bare_bus: DesktopSession, tmp_path: Path) -> None:
    """Posture every 20m -> 5m: the daemon reloads; its next reminder moves 15 minutes earlier."""
    config = write_config(tmp_path / "config.toml", POSTURE_ONLY)
    daemon = SitbreakDaemon(bare_bus, config)
    try:
        before = _next(daemon)
        assert before["kind"] == "posture"
        done = daemon.cli("config", "set", "--config", str(config), "reminders.posture.every", "5m")
        assert done.returncode == 0, done.stderr
        assert f"Reloaded {config};" in done.stdout
        after = _next(daemon)
        assert daemon.process.is_running(), "the daemon was not restarted"
    finally:
        assert daemon.terminate() == 0
    moved = datetime.fromisoformat(str(before["at"])) - datetime.fromisoformat(str(after["at"]))
    assert 14 * 60 <= moved.total_seconds() <= 16 * 60, (before, after)
    assert int(str(after["in_seconds"])) <= 5 * 60
    assert config.read_text(encoding="utf-8") == POSTURE_ONLY.replace('"20m"', '"5m"')
    assert "settings reloaded from" in daemon.log()


def test_config_set_on_another_file_says_the_daemon_did_not_change(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """Editing a file the daemon does not read: the file changes; the exit status says so."""
    config = write_config(tmp_path / "config.toml", POSTURE_ONLY)
    other = write_config(tmp_path / "other.toml", POSTURE_ONLY)
    daemon = SitbreakDaemon(bare_bus, config)
    try:
        done = daemon.cli("config", "set", "--config", str(other), "snooze.default", "3m")
        assert done.returncode == 1
        assert f"the running daemon reads {config}, not {other}; it did not change" in done.stderr
        assert _next(daemon)["kind"] == "posture"
    finally:
        assert daemon.terminate() == 0
    assert 'default = "3m"' in other.read_text(encoding="utf-8")

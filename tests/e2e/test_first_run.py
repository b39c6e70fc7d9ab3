"""End to end: what a newcomer sees when starting sitbreak, and where its log goes."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.daemon import SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession
from tests.support.terminal import TerminalProcess
from tests.support.waiting import wait_until


def log_file_of(session: DesktopSession) -> Path:
    """Where `sitbreak run` writes its log in this session."""
    return Path(session.env["XDG_STATE_HOME"]) / "sitbreak" / "log" / "sitbreak.log"


def test_first_run_at_a_terminal_says_what_happens_in_plain_words(
    desktop: DesktopSession,
) -> None:
    """Running, the next reminder and when, try, stop, settings (none: defaults), log; no jargon."""
    config_file = Path(desktop.env["XDG_CONFIG_HOME"]) / "sitbreak" / "config.toml"
    terminal = TerminalProcess(sitbreak_argv("run"), desktop.env)
    try:
        screen = terminal.wait_for("Log: ")
        assert terminal.interrupt() == 0
        screen = terminal.screen
    finally:
        terminal.close()
    lines = screen.splitlines()
    assert lines[0].startswith("sitbreak is running (pid ")
    assert lines[1].startswith("Next reminder: a posture check at ")
    assert "(in 20 min), if you keep sitting." in lines[1]
    assert any(line.startswith("See a reminder now:") and line.endswith(" try") for line in lines)
    assert any("press Ctrl-C here" in line for line in lines)
    assert "Settings: none yet, so the defaults apply; " in screen
    assert f"config init' writes {config_file}" in screen
    assert f"Log: {log_file_of(desktop)}" in lines
    assert "INFO" not in screen
    assert "sitbreak.run" not in screen
    assert lines[-1] == "sitbreak stopped; your sitting time and history are saved."


def test_the_daemon_log_is_a_private_file_that_status_names(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Started by a login item (no terminal): everything goes to the log file, status says where."""
    daemon = SitbreakDaemon(desktop)
    log_file = log_file_of(desktop)
    try:
        assert f"Log: {log_file}." in daemon.cli("status").stdout
        status = daemon.status()
        assert status["log_to"] == "file"
        assert status["log_file"] == str(log_file)
    finally:
        assert daemon.terminate() == 0
    text = log_file.read_text(encoding="utf-8")
    assert "sitbreak.run: sitbreak " in text
    assert "sitbreak.run: ready; next: posture check at " in text
    assert "stopping" in text
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_run_by_systemd_logs_to_the_journal_only(desktop: DesktopSession, tmp_path: Path) -> None:
    """With stderr being the journal stream: no log file, priorities on stderr, status says so."""
    journal = tmp_path / "journal.txt"
    with journal.open("wb") as stream:
        info = os.fstat(stream.fileno())
        env = {**desktop.env, "JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}"}
        process = subprocess.Popen(
            sitbreak_argv("run", "--set", "idle.enabled=false"),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=stream,
        )
    try:
        wait_until(lambda: "running (pid" in journal.read_text(), "the daemon running", 30)
        status = subprocess.run(
            sitbreak_argv("status"), env=desktop.env, capture_output=True, text=True, check=False
        )
        assert "Log: the systemd journal (journalctl --user -u sitbreak)." in status.stdout
    finally:
        process.terminate()
        assert process.wait(10) == 0
    assert "<6>sitbreak.run: sitbreak " in journal.read_text()
    assert not log_file_of(desktop).exists()


def test_status_says_reminders_are_off_for_the_rest_of_a_day_off(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Only tomorrow is an active day: status says reminders are off today, back tomorrow 00:00."""
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    day = tomorrow.strftime("%a").lower()
    config = write_config(
        tmp_path / "config.toml", f'[schedule]\nactive_days = ["{day}"]\ntimezone = "UTC"\n'
    )
    daemon = SitbreakDaemon(desktop, config)
    try:
        text = daemon.cli("status").stdout
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    assert status["state"] == "outside_hours"
    assert str(status["active_from"]).startswith(tomorrow.strftime("%Y-%m-%dT00:00:00"))
    expected = f"Reminders are off for the rest of today; they start again {tomorrow:%a} 00:00 ("
    assert expected in text


def test_status_shows_the_next_three_reminders_with_the_spacing(
    desktop: DesktopSession,
) -> None:
    """Defaults: status names the posture check, then the micro-break held to 40 min, and why."""
    daemon = SitbreakDaemon(desktop)
    try:
        text = daemon.cli("status").stdout
        ahead = daemon.status()["upcoming"]
    finally:
        assert daemon.terminate() == 0
    assert isinstance(ahead, list)
    assert [(item["kind"], item["repeat"], item["moved"]) for item in ahead] == [
        ("posture", False, None),
        ("micro", False, "spacing"),
        ("micro", True, None),
    ]
    assert "; next: posture check at " in text
    assert "held 10 min to keep reminders apart); micro-break again at " in text

"""``sitbreak doctor``: one line per link of the chain, FAIL only for what is really broken."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitbreak.autostart import LaunchCommand
from sitbreak.autostart.xdg import render_desktop_entry
from sitbreak.cli.doctor_cmd import CheckSpec, DoctorContext, Finding, Level, run_checks
from sitbreak.settings.model import Settings
from tests.support.daemon import SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession

HERE = "tests.cli.test_doctor_cmd"


def broken_check(_context: DoctorContext) -> Finding:
    """A check with a bug."""
    raise RuntimeError("boom")


def confused_check(_context: DoctorContext) -> str:
    """A check that returns the wrong thing."""
    return "all fine"


def settings_check(settings: Settings) -> list[Finding]:
    """A check that only needs the validated settings, as idle and busy diagnoses will."""
    return [Finding(Level.OK, "idle detection", f"backend {settings.idle.backend}")]


def test_a_broken_check_fails_alone_and_the_others_still_run() -> None:
    """An exception or a wrong return value is a FAIL line for that check; the rest go on."""
    findings = run_checks(
        DoctorContext(),
        [
            CheckSpec("one", f"{HERE}:broken_check"),
            CheckSpec("two", f"{HERE}:confused_check"),
            CheckSpec("three", "sitbreak.cli.doctor_checks:check_settings"),
        ],
    )
    assert [(finding.level, finding.subject) for finding in findings] == [
        (Level.FAIL, "one"),
        (Level.FAIL, "two"),
        (Level.OK, "settings"),
    ]
    assert findings[0].message == "the check itself failed: RuntimeError: boom"
    assert findings[1].message == "the check returned 'all fine', not findings"


def test_settings_checks_run_after_the_settings_load(tmp_path: Path) -> None:
    """A check registered with takes='settings' gets the settings, or is skipped when invalid."""
    spec = CheckSpec("idle detection", f"{HERE}:settings_check", takes="settings")
    good = write_config(tmp_path / "good.toml", '[idle]\nbackend = "x11"\n')
    settings_spec = CheckSpec("settings", "sitbreak.cli.doctor_checks:check_settings")
    findings = run_checks(DoctorContext(config_path=good), [settings_spec, spec])
    assert findings[-1] == Finding(Level.OK, "idle detection", "backend x11")
    bad = write_config(tmp_path / "bad.toml", '[idle]\nbackend = "psychic"\n')
    findings = run_checks(DoctorContext(config_path=bad), [settings_spec, spec])
    assert findings[0].level is Level.FAIL
    assert f"{bad}:2: idle.backend" in findings[0].message
    assert findings[1] == Finding(
        Level.WARN, "idle detection", "not checked: the settings are invalid"
    )


def _doctor(session: DesktopSession, *args: str) -> subprocess.CompletedProcess[str]:
    return session.run(sitbreak_argv("doctor", *args))


def _levels(stdout: str) -> dict[str, str]:
    """The level of each subject's first line."""
    levels: dict[str, str] = {}
    for line in stdout.splitlines():
        level, _, rest = line.partition(" ")
        if level in ("OK", "WARN", "FAIL"):
            levels.setdefault(rest.strip().split(":")[0], level)
    return levels


def test_doctor_on_a_working_desktop_passes(desktop: DesktopSession) -> None:
    """Settings, dunst, autostart and a running daemon are OK; idle is honestly not available."""
    assert desktop.run(sitbreak_argv("autostart", "enable")).returncode == 0
    daemon = SitbreakDaemon(desktop)
    try:
        done = _doctor(desktop)
    finally:
        assert daemon.terminate() == 0
    assert done.returncode == 0, done.stdout
    assert _levels(done.stdout) == {
        "settings": "OK",
        "notifications": "OK",
        "idle detection": "OK",
        "busy signals": "OK",
        "autostart": "OK",
        "control endpoint": "OK",
        "daemon": "OK",
        "log": "OK",
    }
    assert "OK    busy signals: dunst-dnd:" in done.stdout
    assert "info  busy signals: kde-dnd:" in done.stdout
    assert "OK    notifications: server dunst" in done.stdout
    assert f"OK    daemon: running (pid {daemon.pid})" in done.stdout
    assert "OK    idle detection: x11:" in done.stdout
    log_file = Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak" / "log" / "sitbreak.log"
    assert f"OK    log: the running daemon logs to {log_file}" in done.stdout
    assert "info  idle detection: mutter:" in done.stdout
    assert done.stdout.rstrip().endswith("0 failed, 0 warnings.")
    assert desktop.new_notifications() == [], "doctor sends nothing without --send"


def test_doctor_send_shows_one_test_notification(desktop: DesktopSession) -> None:
    """--send puts one notification on screen through the daemon's own path."""
    done = _doctor(desktop, "--send")
    assert "OK    notifications: sent a test notification via freedesktop" in done.stdout
    received = desktop.wait_for_notifications(1, timeout=30)
    assert [notification.summary for notification in received] == ["sitbreak doctor"]


def test_doctor_names_each_broken_link_and_exits_1(bare_bus: DesktopSession) -> None:
    """No notification server, a stale login entry, no daemon: FAIL, FAIL, WARN, with fixes."""
    config_home = Path(bare_bus.env["XDG_CONFIG_HOME"])
    desktop_file = config_home / "autostart" / "sitbreak.desktop"
    desktop_file.parent.mkdir(parents=True)
    gone = str(config_home / "old-venv" / "bin" / "python")
    desktop_file.write_text(render_desktop_entry(LaunchCommand(gone)), encoding="utf-8")
    done = _doctor(bare_bus)
    assert done.returncode == 1
    assert _levels(done.stdout) == {
        "settings": "OK",
        "notifications": "FAIL",
        "idle detection": "OK",
        "busy signals": "WARN",
        "autostart": "FAIL",
        "control endpoint": "OK",
        "daemon": "WARN",
        "log": "OK",
    }
    assert "fix: run sitbreak inside your desktop session" in done.stdout
    assert f"FAIL  autostart: xdg: it runs {gone}, which is gone;" in done.stdout
    assert "WARN  daemon: not running" in done.stdout
    log_file = Path(bare_bus.env["XDG_STATE_HOME"]) / "sitbreak" / "log" / "sitbreak.log"
    assert f"OK    log: 'sitbreak run' will write its log to {log_file} (none yet)" in done.stdout


def test_doctor_reports_bad_settings_with_their_lines(bare_bus: DesktopSession) -> None:
    """Invalid settings are a FAIL naming file, line and key; the other checks still run."""
    config = write_config(
        Path(bare_bus.env["XDG_CONFIG_HOME"]) / "sitbreak" / "config.toml",
        '[snooze]\ndefault = "a while"\n',
    )
    done = _doctor(bare_bus)
    assert done.returncode == 1
    assert "FAIL  settings: the settings have problems:" in done.stdout
    assert f"      {config}:2: snooze.default:" in done.stdout
    assert "WARN  daemon: not running" in done.stdout

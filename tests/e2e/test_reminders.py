"""End to end: a real daemon on a real desktop shows real reminders drawn from the guidance."""

from __future__ import annotations

import signal
from pathlib import Path

from sitbreak.guidance import SAFETY_NOTE, SAFETY_TITLE, load_builtin
from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession


def posture_prompts() -> dict[str, tuple[str, str]]:
    """Built-in posture prompts as notified: "Posture check: title" -> (text, caution)."""
    return {
        f"Posture check: {p.title}": (p.text, p.caution or "")
        for p in load_builtin()
        if p.kind.value == "posture"
    }


def test_daemon_shows_posture_reminders_from_the_guidance(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Every 2 s a posture check reaches dunst: app sitbreak, kind and title, its text as body."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(desktop, config)
    try:
        received = desktop.wait_for_notifications(3, timeout=30)
    finally:
        assert daemon.terminate() == 0
    prompts = posture_prompts()
    for notification in received:
        assert notification.app_name == "sitbreak"
        assert notification.summary in prompts, notification.summary
        text, _caution = prompts[notification.summary]
        assert notification.body.startswith(text[:40])
    assert len({n.summary for n in received}) == len(received), "prompts repeat within a round"
    assert daemon.log().count("reminder: posture check") >= 3


def test_daemon_without_a_notification_server_keeps_running_and_logs(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """No server on the bus: one warning, every reminder goes to the log, the daemon lives on."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(bare_bus, config)
    try:
        daemon.wait_for_log_count("REMINDER (posture)", 2, timeout=30)
        assert daemon.process.is_running()
        assert daemon.status()["running"] is True
    finally:
        assert daemon.terminate() == 0
    log = daemon.log()
    assert log.count("cannot show notifications") == 1
    assert "Traceback" not in log


def test_sigint_and_sigterm_stop_the_daemon_cleanly(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Both signals end the daemon with status 0, saving its state, with no traceback."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        daemon = SitbreakDaemon(desktop)
        assert daemon.terminate(signum) == 0
        log = daemon.log()
        assert "stopping" in log
        assert "Traceback" not in log
    state = Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak" / "state.json"
    assert state.is_file()


def test_bad_config_exits_2_naming_file_key_and_line(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """A bad value stops `run` with status 2, naming file, line and key, and no traceback."""
    config = write_config(tmp_path / "bad.toml", '[reminders.micro]\nevery = "abc"\n')
    done = desktop.run(sitbreak_argv("run", "--config", str(config)))
    assert done.returncode == 2
    assert f"{config}:2: reminders.micro.every" in done.stderr
    assert "Traceback" not in done.stderr


def test_try_stretch_shows_the_safety_note_and_a_stretch_with_its_picture(
    desktop: DesktopSession,
) -> None:
    """`sitbreak try stretch`: the safety note, then a stretch with caution, text and picture."""
    done = desktop.run(sitbreak_argv("try", "stretch"))
    assert done.returncode == 0, done.stderr
    note, received = desktop.wait_for_notifications(2)
    assert (note.summary, note.body) == (SAFETY_TITLE, SAFETY_NOTE)
    assert note.actions == ()
    assert note.requested_timeout_ms == 0  # stays until closed
    stretches = {
        f"Stretch break: {p.title}": p for p in load_builtin() if p.kind.value == "stretch"
    }
    assert received.app_name == "sitbreak"
    prompt = stretches[received.summary]
    assert received.body == f"{prompt.caution}\n{prompt.text}"
    assert prompt.image is not None
    assert received.hints["image-path"] == prompt.image.resolve().as_uri()
    assert f"{SAFETY_TITLE}: {SAFETY_NOTE}" in done.stdout


def test_try_without_a_notification_server_fails_helpfully(bare_bus: DesktopSession) -> None:
    """No server: exit 1 with a sentence that says what to check; no traceback."""
    done = bare_bus.run(sitbreak_argv("try"))
    assert done.returncode == 1
    assert "could not show a notification" in done.stderr
    assert "notification" in done.stderr.lower()
    assert "Traceback" not in done.stderr

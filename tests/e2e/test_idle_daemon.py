"""End to end: the real daemon notices an empty chair through real idle and lock sources."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.buses import start_extra_bus
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeLogind, FakeMutterIdleMonitor
from tests.support.waiting import wait_until

# wait_for_pause off: the pointer moves without a pause, and these tests are about time away
# (waiting for a pause in typing has tests/e2e/test_waiting_for_pause.py)
SHORT = """
[reminders]
wait_for_pause = "0s"
[reminders.posture]
every = "{every}"
break_length = "{break_length}"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[notifications]
repeat_ignored_after = "0s"
[idle]
poll_every = "1s"
"""


def short_config(tmp_path: Path, break_length: str = "2s", every: str = "3s") -> Path:
    """Posture checks every 3 s of sitting, 2 s away counts as the break, polls every second."""
    text = SHORT.format(break_length=break_length, every=every)
    return write_config(tmp_path / "config.toml", text)


def wait_for_state(daemon: SitbreakDaemon, state: str, timeout: float = 20.0) -> dict[str, object]:
    """Poll ``status --json`` until the state is ``state``; return that status."""
    found: dict[str, object] = {}

    def reached() -> bool:
        found.update(daemon.status())
        return found["state"] == state

    wait_until(reached, f"state {state!r} (last: {found.get('state')!r})\n{daemon.log()}", timeout)
    return found


@contextmanager
def moving_mouse(desktop: DesktopSession) -> Iterator[None]:
    """Someone at the desk: the pointer moves every 0.3 s until the block ends."""
    stop = threading.Event()

    def move() -> None:
        x = 10
        while not stop.is_set():
            x = 30 if x == 10 else 10
            desktop.run(["xdotool", "mousemove", str(x), "40"])
            stop.wait(0.3)

    mover = threading.Thread(target=move, daemon=True)
    mover.start()
    try:
        yield
    finally:
        stop.set()
        mover.join(timeout=30)


def next_at(status: dict[str, object]) -> datetime:
    """When the status says the next reminder is due."""
    upcoming = status["next"]
    assert isinstance(upcoming, dict), status
    return datetime.fromisoformat(str(upcoming["at"]))


def test_x11_idle_holds_reminders_and_input_resumes_counting(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Untouched: idle, nothing shown; input: reminders; away again: held, next moved out."""
    daemon = SitbreakDaemon(desktop, short_config(tmp_path), idle=True)
    try:
        status = wait_for_state(daemon, "idle")
        assert status["idle_backend"] == "x11"
        assert "Idle detection: x11 (X11, polled; " in daemon.cli("status").stdout
        time.sleep(4)  # longer than `every`: a reminder would be due if idle time counted
        assert daemon.status()["sitting_seconds"] == 0
        assert desktop.new_notifications() == []
        with moving_mouse(desktop):
            wait_for_state(daemon, "active")
            shown = desktop.wait_for_notifications(1, timeout=30)
            assert shown[0].app_name == "sitbreak"
            due_while_present = next_at(daemon.status())
        status = wait_for_state(daemon, "idle")
        desktop.new_notifications()  # anything shown before the chair emptied
        time.sleep(4)
        assert desktop.new_notifications() == [], "a reminder fell due while away; it must wait"
        with moving_mouse(desktop):
            back = wait_for_state(daemon, "active")
            assert back["pending"] is None, "away 2 s counted as the posture break taken"
            assert next_at(back) > due_while_present
            desktop.wait_for_notifications(1, timeout=30)
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_gnome_idle_monitor_drives_the_daemon_without_polling(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """With GNOME's monitor on the bus the daemon uses it; its watch fires move the person."""
    mutter = FakeMutterIdleMonitor(desktop.bus_address)
    try:
        config = short_config(tmp_path)
        daemon = SitbreakDaemon(desktop, config, idle=True)
        try:
            assert daemon.status()["idle_backend"] == "mutter"
            wait_until(lambda: list(mutter.idle_watches.values()) == [2000], "a 2 s idle watch")
            mutter.user_went_idle()
            wait_for_state(daemon, "idle")
            mutter.user_came_back()
            wait_for_state(daemon, "active")
            short_config(tmp_path, break_length="1s")
            assert daemon.cli("reload").returncode == 0
            wait_until(lambda: list(mutter.idle_watches.values()) == [1000], "the re-armed watch")
            assert mutter.service.calls_to("GetIdletime")[1:] == [], "event-driven: no polling"
        finally:
            assert daemon.terminate() == 0
        assert mutter.idle_watches == {}
        assert mutter.active_watches == set()
    finally:
        mutter.stop()


def test_logind_lock_counts_as_away(desktop: DesktopSession, tmp_path: Path) -> None:
    """A locked session is away until unlocked; a wake-up from sleep is noticed at once."""
    system_bus = start_extra_bus(desktop, "system")
    logind = FakeLogind(system_bus)
    desktop.env.update(DBUS_SYSTEM_BUS_ADDRESS=system_bus, XDG_SESSION_ID=logind.session_id)
    try:
        daemon = SitbreakDaemon(
            desktop, short_config(tmp_path, break_length="1h", every="2h"), idle=True
        )
        try:
            assert "screen lock from logind" in str(daemon.status()["idle_detail"])
            with moving_mouse(desktop):
                wait_for_state(daemon, "active")
                logind.set_locked_hint(True)
                wait_for_state(daemon, "idle")
                logind.set_locked_hint(False)
                wait_for_state(daemon, "active")
            logind.prepare_for_sleep(False)
            daemon.wait_for_log("logind: the machine woke up")
        finally:
            assert daemon.terminate() == 0
    finally:
        logind.stop()


def test_no_idle_source_warns_once_and_counts_wall_clock(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """No X display, no GNOME, no Wayland: one warning, status says why, reminders still come."""
    del bare_bus.env["DISPLAY"]
    daemon = SitbreakDaemon(bare_bus, short_config(tmp_path), idle=True)
    try:
        status = daemon.status()
        assert status["idle_backend"] == "none"
        assert "x11: no X display" in str(status["idle_detail"])
        text = daemon.cli("status").stdout
        assert "Idle detection: none (no idle backend works here (mutter: " in text
        daemon.wait_for_log("REMINDER (posture)", timeout=30)
    finally:
        assert daemon.terminate() == 0
    assert daemon.log().count("no idle detection") == 1


def test_away_when_stopped_then_run_without_idle_detection_still_reminds(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Issue 19.1: stopped while away, restarted with idle detection off: reminders come."""
    config = short_config(tmp_path, every="2s", break_length="1s")
    first = SitbreakDaemon(desktop, config, idle=True)
    try:
        wait_for_state(first, "idle")
    finally:
        assert first.terminate() == 0
    saved = json.loads((Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak/state.json").read_text())
    assert saved["state"]["presence"] == "idle"
    desktop.new_notifications()
    second = SitbreakDaemon(desktop, config)  # --set idle.enabled=false
    try:
        assert second.status()["state"] != "idle"
        desktop.wait_for_notifications(2, timeout=30)
    finally:
        assert second.terminate() == 0


def test_away_in_the_state_file_with_a_backend_that_cannot_work_still_reminds(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """`--set idle.backend=mutter` on plain X11 with a saved absence: present, and reminded."""
    state_file = Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak" / "state.json"
    state_file.parent.mkdir(parents=True, exist_ok=True)
    a_minute_ago = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    state = {
        "updated_at": a_minute_ago,
        "sitting": 0,
        "sitting_since": None,
        "cycles": {"posture": 0, "micro": 0, "stretch": 0},
        "presence": "idle",
        "away_since": a_minute_ago,
        "paused": False,
        "paused_until": None,
        "snoozed_until": None,
        "snoozes_in_a_row": 0,
        "pending": None,
        "last_fired_at": None,
    }
    state_file.write_text(json.dumps({"version": 1, "state": state}), encoding="utf-8")
    config = short_config(tmp_path, every="2s", break_length="1s")
    daemon = SitbreakDaemon(desktop, config, "--set", "idle.backend=mutter", idle=True)
    try:
        assert daemon.status()["idle_backend"] == "none"
        desktop.wait_for_notifications(2, timeout=30)
        assert daemon.status()["state"] in ("active", "due")
    finally:
        assert daemon.terminate() == 0

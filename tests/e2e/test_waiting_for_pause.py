"""End to end on Xvfb + dunst: a reminder due mid-typing waits for a pause in real X11 input.

Someone types with xdotool (a key every 0.25 s, see Typist) in bursts; the X11 backend is
polled every 10 s as usual, and every second only while the reminder waits. Settings are
short: a posture check every 6 s, a pause of 2 s, a window of 8 s (the away threshold is 5 s,
so neither the short gaps nor the pause count as a break).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import FakeMutterIdleMonitor
from tests.support.typist import PAUSE_LENGTH, PAUSE_SETTINGS, Typist
from tests.support.waiting import wait_until


def xdotool_key(desktop: DesktopSession) -> None:
    """One key (shift, which types nothing) through XTEST, as real input to the X server."""
    desktop.run(["xdotool", "key", "shift"])


def notify_seen(desktop: DesktopSession, count: int, until: float) -> float | None:
    """When (monotonic) the ``count``-th Notify call was seen, polling until ``until``."""
    while time.monotonic() < until:
        if len(desktop.notify_calls()) >= count:
            return time.monotonic()
        time.sleep(0.05)
    return None


def wait_for_waiting(daemon: SitbreakDaemon) -> tuple[float, dict[str, object]]:
    """Wait for the state waiting_for_pause; when it was seen, and the status then."""
    found: dict[str, object] = {}

    def waiting() -> bool:
        found.update(daemon.status())
        return found["state"] == "waiting_for_pause"

    wait_until(waiting, f"waiting_for_pause (last: {found.get('state')!r})", timeout=40)
    return time.monotonic(), found


def test_a_reminder_due_mid_typing_appears_in_the_first_pause(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Bursts with 1 s gaps hold it back; in the first gap of 2 s or more it appears."""
    typist = Typist(lambda: xdotool_key(desktop), burst=2.0, gap=1.0)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", PAUSE_SETTINGS), idle=True)
    try:
        assert daemon.status()["idle_backend"] == "x11"
        waiting_seen, status = wait_for_waiting(daemon)
        assert status["pending"] is None
        assert "waits for a pause in your typing" in daemon.cli("status").stdout
        time.sleep(3.5)  # a short gap goes by: typing goes on, nothing shown
        assert desktop.notify_calls() == []
        gap_start = typist.hold()
        seen = notify_seen(desktop, 1, until=gap_start + 4.5)
        typist.resume()
        assert seen is not None, f"no reminder in a 4.5 s pause\n{daemon.log()}"
        into_gap = seen - gap_start
        print(
            f"\nwaiting seen {waiting_seen - gap_start:+.2f} s from the pause;"
            f" reminder seen {into_gap:.2f} s into the pause (pause_length 2 s, polls 1 s)"
        )
        assert PAUSE_LENGTH - 0.2 <= into_gap < PAUSE_LENGTH + 2.0
        [(_, call)] = desktop.notify_calls()
        assert call.summary  # the posture check itself
        assert daemon.status()["pending"] == "posture"
    finally:
        typist.stop()
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_without_a_pause_it_appears_at_the_end_of_the_window(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Typing without a gap: it waits the whole 8 s window, then appears mid-typing."""
    typist = Typist(lambda: xdotool_key(desktop), burst=3600.0, gap=0.0)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", PAUSE_SETTINGS), idle=True)
    try:
        waiting_seen, status = wait_for_waiting(daemon)
        waiting_until = datetime.fromisoformat(str(status["waiting_until"]))
        seen = notify_seen(desktop, 1, until=waiting_seen + 15)
        seen_at = datetime.now().astimezone()
        assert seen is not None, f"no reminder at the window's end\n{daemon.log()}"
        last_key = max(key for key in typist.keys if key <= seen)
        late = (seen_at - waiting_until).total_seconds()
        print(
            f"\nreminder seen {seen - waiting_seen:.2f} s after waiting was seen,"
            f" {late:+.2f} s from waiting_until (whole seconds),"
            f" {seen - last_key:.2f} s after the last key"
        )
        assert late >= -0.2  # (waiting_until is rounded down to the second)
        assert seen - last_key < 1.0, "typing went on up to the reminder"
    finally:
        typist.stop()
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_with_gnomes_idle_monitor_a_short_watch_lives_only_while_it_waits(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """A stand-in GNOME monitor: a 2 s watch beside the 5 s away watch once the reminder waits;
    its firing shows the reminder; input after that pause removes it. No polling."""
    mutter = FakeMutterIdleMonitor(desktop.bus_address)
    try:
        config = write_config(tmp_path / "c.toml", PAUSE_SETTINGS)
        daemon = SitbreakDaemon(desktop, config, idle=True)
        try:
            assert daemon.status()["idle_backend"] == "mutter"
            assert 5000 in mutter.idle_watches.values()
            wait_for_waiting(daemon)
            wait_until(
                lambda: sorted(mutter.idle_watches.values()) == [2000, 5000], "the pause watch"
            )
            assert desktop.notify_calls() == []
            mutter.user_went_idle(for_ms=2000)
            desktop.wait_for_notify_calls(1, timeout=10)
            assert daemon.status()["pending"] == "posture"
            assert sorted(mutter.idle_watches.values()) == [2000, 5000]  # the pause goes on
            mutter.user_came_back()
            wait_until(lambda: list(mutter.idle_watches.values()) == [5000], "no pause watch")
            assert mutter.service.calls_to("GetIdletime")[1:] == [], "event-driven: no polling"
        finally:
            assert daemon.terminate() == 0
    finally:
        mutter.stop()

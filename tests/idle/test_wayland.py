"""Wayland idle backends against a real headless compositor (sway 1.7 from Debian 12)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitbreak.idle import Unavailable, detect
from sitbreak.idle.wayland import open_backend
from sitbreak.idle.x11 import X11Idle
from sitbreak.settings.model import IdleSettings
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.tools import require_tools
from tests.support.typist import PAUSE_LENGTH, PAUSE_SETTINGS, Typist
from tests.support.waiting import wait_until
from tests.support.wayland import start_xwayland, wtype


@pytest.fixture
def on_sway(sway: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process points at the headless sway, as a Wayland session would."""
    monkeypatch.setenv("WAYLAND_DISPLAY", str(sway))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the generated KDE binding
    return sway


def test_kwin_idle_reports_idle_then_input(on_sway: Path) -> None:
    """org_kde_kwin_idle: idle after the threshold untouched, back at once when a key is typed."""
    backend = open_backend("kwin-idle")
    reported: list[float] = []
    try:
        backend.watch(0.5, reported.append)
        wait_until(lambda: reported == [0.5], "the idle event")
        wtype(on_sway)
        wait_until(lambda: reported[:2] == [0.5, 0.0], "the resumed event")
    finally:
        backend.close()


def test_kwin_idle_rearms_with_a_new_threshold(on_sway: Path) -> None:
    """Watching again replaces the timeout object; events follow the new threshold."""
    backend = open_backend("kwin-idle")
    reported: list[float] = []
    try:
        backend.watch(3600.0, reported.append)
        backend.watch(0.3, reported.append)
        wait_until(lambda: reported == [0.3], "idle at the new threshold")
    finally:
        backend.close()


def test_kwin_idle_pause_watch_reports_pauses_beside_the_away_watch(on_sway: Path) -> None:
    """A short second object reports the pause and the key after it; the hour-long away
    object says nothing; removed, the pause object reports no more."""
    backend = open_backend("kwin-idle")
    away: list[float] = []
    pauses: list[float] = []
    try:
        backend.watch(3600.0, away.append)
        backend.watch_pauses(0.3, pauses.append)
        wait_until(lambda: pauses == [0.3], "the pause")
        wtype(on_sway)
        wait_until(lambda: pauses == [0.3, 0.0], "input after the pause")
        backend.watch_pauses(None, pauses.append)
        backend.watch(0.5, away.append)  # waits until the thread has also served the removal
        told = list(pauses)  # (a pause may have come before the removal)
        wtype(on_sway)
        wait_until(lambda: away[-1:] == [0.5], "the away object at its new threshold")
        assert pauses == told
    finally:
        backend.close()


def test_ext_idle_notify_is_unavailable_on_sway_1_7(on_sway: Path) -> None:
    """Debian 12's sway (wlroots 0.15) lacks ext_idle_notifier_v1: Unavailable, saying so."""
    with pytest.raises(Unavailable, match="does not offer ext_idle_notifier_v1"):
        open_backend("ext-idle-notify")


def test_detect_picks_kwin_idle_on_sway(on_sway: Path, bare_bus: DesktopSession) -> None:
    """auto: no GNOME on the bus, no ext-idle-notify, so kwin-idle; X11 is not tried."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBUS_SESSION_BUS_ADDRESS", bare_bus.bus_address)
        backend, reports = detect(IdleSettings())
    assert backend is not None
    try:
        assert backend.name == "kwin-idle"
    finally:
        backend.close()
    by_name = {report.name: report for report in reports}
    assert not by_name["mutter"].works
    assert "ext_idle_notifier_v1" in by_name["ext-idle-notify"].detail
    assert by_name["x11"].detail == "not tried: kwin-idle is in use"


def test_x11_refuses_xwayland(on_sway: Path, bare_bus: DesktopSession) -> None:
    """An Xwayland server sees only X windows' input: the X11 backend will not use it."""
    require_tools({"Xwayland": "xwayland"})
    display = start_xwayland(bare_bus, on_sway)
    with pytest.raises(Unavailable, match="Xwayland"):
        X11Idle(display)


def test_daemon_on_sway_follows_idle_and_typing(
    sway: Path, bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """The real daemon in a Wayland session picks kwin-idle; untouched it is idle, typing: back."""
    bare_bus.env["WAYLAND_DISPLAY"] = str(sway)
    config = write_config(
        tmp_path / "config.toml",
        '[reminders.posture]\nevery = "1h"\nbreak_length = "2s"\n',
    )
    daemon = SitbreakDaemon(bare_bus, config, idle=True)
    try:
        assert daemon.status()["idle_backend"] == "kwin-idle"
        wait_until(lambda: daemon.status()["state"] == "idle", "the idle state", timeout=20)
        wtype(sway)
        wait_until(lambda: daemon.status()["state"] == "active", "the active state", timeout=20)
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_daemon_on_sway_shows_a_reminder_due_mid_typing_in_the_first_pause(
    sway: Path, bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """kwin-idle: due while wtype types in bursts, the reminder waits through 1 s gaps and
    comes in the first pause of 2 s (no notification server here: it goes to the log)."""
    bare_bus.env["WAYLAND_DISPLAY"] = str(sway)
    typist = Typist(lambda: wtype(sway), burst=2.0, gap=1.0)
    config = write_config(tmp_path / "config.toml", PAUSE_SETTINGS)
    daemon = SitbreakDaemon(bare_bus, config, idle=True)
    try:
        assert daemon.status()["idle_backend"] == "kwin-idle"
        wait_until(lambda: daemon.status()["state"] == "waiting_for_pause", "the wait", timeout=40)
        time.sleep(3.5)  # a short gap goes by
        assert "REMINDER (posture)" not in daemon.log()
        gap_start = typist.hold()
        daemon.wait_for_log("REMINDER (posture)", timeout=6)
        into_gap = time.monotonic() - gap_start
        typist.resume()
        print(f"\nkwin-idle: reminder in the log {into_gap:.2f} s into the pause")
        assert into_gap >= PAUSE_LENGTH - 0.2
    finally:
        typist.stop()
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()

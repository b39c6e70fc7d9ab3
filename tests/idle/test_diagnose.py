"""``diagnose`` for ``sitbreak doctor``: every backend and lock source, judged on real parts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.idle import BackendReport, diagnose
from sitbreak.idle.x11 import X11Idle
from sitbreak.settings.model import IdleSettings, Settings
from tests.support.buses import start_extra_bus
from tests.support.desktop import DesktopSession
from tests.support.fake_desktop_services import (
    FakeGnomeScreenSaver,
    FakeLogind,
    FakeMutterIdleMonitor,
)
from tests.support.waiting import wait_until


@pytest.fixture
def session_env(
    bare_bus: DesktopSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> DesktopSession:
    """This process sees the private desktop: its X display and buses, and no Wayland."""
    monkeypatch.setenv("DISPLAY", bare_bus.display)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bare_bus.bus_address)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/no-system-bus")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return bare_bus


@pytest.fixture
def mutter(session_env: DesktopSession) -> Iterator[FakeMutterIdleMonitor]:
    """A stand-in GNOME idle monitor on the session bus."""
    fake = FakeMutterIdleMonitor(session_env.bus_address)
    try:
        yield fake
    finally:
        fake.stop()


def by_name(reports: list[BackendReport]) -> dict[str, BackendReport]:
    """The reports keyed by backend name."""
    return {report.name: report for report in reports}


def x11_idle_at_least(display: str, seconds: float) -> None:
    """Wait until the untouched Xvfb has been idle ``seconds``."""
    backend = X11Idle(display)
    try:
        wait_until(lambda: backend.seconds_idle() >= seconds, f"{seconds} s of X idle time")
    finally:
        backend.close()


def test_reports_every_backend_and_lock_source(session_env: DesktopSession) -> None:
    """On Xvfb with nothing else: x11 works and is chosen; the others say why not."""
    reports = by_name(diagnose(Settings(), window=0.2))
    assert set(reports) == {
        "mutter",
        "ext-idle-notify",
        "kwin-idle",
        "x11",
        "macos",
        "windows",
        "logind",
        "gnome-screensaver",
    }
    assert reports["x11"].works
    assert "the daemon uses this one" in reports["x11"].detail
    assert "GNOME's idle monitor does not answer" in reports["mutter"].detail
    assert "no Wayland compositor" in reports["kwin-idle"].detail
    assert reports["macos"].detail == "only on macOS"
    assert not reports["macos"].tried
    assert "cannot reach the system D-Bus bus" in reports["logind"].detail
    assert not reports["gnome-screensaver"].works


def test_flags_a_backend_that_answers_exactly_zero(
    session_env: DesktopSession, mutter: FakeMutterIdleMonitor
) -> None:
    """GNOME's monitor answering 0 s forever (KDE Wayland's GetSessionIdleTime bug) is flagged."""
    mutter.idle_ms = 0
    reports = by_name(diagnose(Settings(), window=0.3))
    assert not reports["mutter"].works
    assert "exactly 0 s idle every time" in reports["mutter"].detail
    assert "the daemon uses this one (choose another" in reports["mutter"].detail
    assert reports["x11"].works


def test_flags_near_zero_while_another_backend_sees_input_stopped(
    session_env: DesktopSession, mutter: FakeMutterIdleMonitor
) -> None:
    """0.2 s idle while the X server has seen no input for seconds: flagged, naming x11."""
    mutter.idle_ms = 200
    x11_idle_at_least(session_env.display, 2.5)
    reports = by_name(diagnose(Settings(), window=0.3))
    assert not reports["mutter"].works
    assert "while x11 sees" in reports["mutter"].detail


def test_a_healthy_gnome_is_chosen(
    session_env: DesktopSession, mutter: FakeMutterIdleMonitor
) -> None:
    """GNOME's monitor with a plausible idle time works, and comes first in the auto order."""
    mutter.idle_ms = 42_000
    reports = by_name(diagnose(Settings(), window=0.2))
    assert reports["mutter"].works
    assert reports["mutter"].detail.endswith("42.0 s idle now); the daemon uses this one")
    assert "the daemon uses" not in reports["x11"].detail


def test_settings_are_taken_into_account(session_env: DesktopSession) -> None:
    """A forced backend and a disabled [idle] are named in the details."""
    forced = by_name(diagnose(Settings(idle=IdleSettings(backend="mutter")), window=0.1))
    assert "not used: [idle] backend = 'mutter'" in forced["x11"].detail
    off = by_name(diagnose(Settings(idle=IdleSettings(enabled=False)), window=0.1))
    assert "not used: [idle] enabled = false" in off["x11"].detail


def test_lock_sources_that_answer_work(
    session_env: DesktopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """logind on the system bus and GNOME's screen saver on the session bus are both reported."""
    system_bus = start_extra_bus(session_env, "system")
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", system_bus)
    logind = FakeLogind(system_bus)
    monkeypatch.setenv("XDG_SESSION_ID", logind.session_id)
    screensaver = FakeGnomeScreenSaver(session_env.bus_address)
    try:
        reports = by_name(diagnose(Settings(), window=0.1))
    finally:
        logind.stop()
        screensaver.stop()
    assert reports["logind"].works
    assert reports["gnome-screensaver"].works

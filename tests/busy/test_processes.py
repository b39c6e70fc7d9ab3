"""Busy signals from this user's real processes: a listed app running, a camera held open."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.busy import CALL, SessionInfo, app_reason
from sitbreak.busy.apps import RunningApps, name_matches
from sitbreak.busy.call_camera import CameraInUse, camera_users
from sitbreak.busy.linux_processes import process_names

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def start_named(directory: Path, name: str, *extra: str) -> subprocess.Popen[bytes]:
    """Start a copy of ``sleep`` whose program file is called ``name``."""
    program = directory / name
    program.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(shutil.which("sleep") or "/bin/sleep", program)
    return subprocess.Popen([str(program), "600", *extra])


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; each is killed (by its pid) afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.kill()
        process.wait(10)


def linux_apps(names: list[str]) -> RunningApps:
    """The apps signal as the Linux registry builds it."""
    return RunningApps(names, process_names, "processes in /proc")


def test_a_running_listed_app_makes_the_person_busy(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """A process named zoom gives reason app:zoom; once it ends the person is free."""
    signal = linux_apps(["zoom", "obs"])
    assert signal.read() == frozenset()
    zoom = start_named(tmp_path, "zoom")
    processes.append(zoom)
    assert signal.read() == {app_reason("zoom")}
    zoom.kill()
    zoom.wait(10)
    assert signal.read() == frozenset()


def test_long_names_match_the_kernels_cut_name(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """A name longer than 15 characters still matches, though the kernel keeps 15 of it."""
    processes.append(start_named(tmp_path, "teams-for-linux-beta"))
    assert linux_apps(["Teams-For-Linux-Beta"]).read() == {app_reason("Teams-For-Linux-Beta")}


def test_names_match_case_insensitively_and_whole() -> None:
    """Matching ignores case but never matches part of a name."""
    assert name_matches("Zoom", {"zoom"})
    assert not name_matches("zoo", {"zoom"})
    assert not name_matches("zoom", {"zoomer"})


def test_probe_with_no_apps_listed_says_so() -> None:
    """With an empty list the signal reads free and the probe says nothing is listed."""
    signal = linux_apps([])
    assert signal.read() == frozenset()
    assert "no apps are listed" in signal.probe().detail


def test_a_process_holding_a_camera_open_means_a_call(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """A process with a (stand-in) /dev/video0 open is in a call; closing it ends the call."""
    dev = tmp_path / "dev"
    dev.mkdir()
    camera = dev / "video0"
    camera.write_bytes(b"")
    signal = CameraInUse(SessionInfo(env={}, dev=dev))
    assert signal.read() == frozenset()
    assert signal.probe().works

    with camera.open("rb") as held:
        holder = subprocess.Popen(["sleep", "600"], stdin=held)
    processes.append(holder)
    assert signal.read() == {CALL}
    assert holder.pid in camera_users(Path("/proc"), {str(camera)})
    holder.kill()
    holder.wait(10)
    assert signal.read() == frozenset()


def test_no_camera_device_is_reported_and_may_appear(tmp_path: Path) -> None:
    """Without video devices the probe says so and keeps the signal for a camera plugged later."""
    availability = CameraInUse(SessionInfo(env={}, dev=tmp_path)).probe()
    assert not availability.works
    assert availability.may_appear
    assert "no camera" in availability.detail

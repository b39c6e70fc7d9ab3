"""Linux devices and processes: a microphone recording, a camera held open, a listed app running.

The microphone is read from ALSA status files in a tree the test builds; the camera and the
apps from this user's real processes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.busy import CALL, SessionInfo, SignalUnavailable, app_reason
from sitbreak.busy.base import RunningApps, name_matches
from sitbreak.busy.devices import (
    CameraInUse,
    MicrophoneInUse,
    camera_users,
    is_running,
    process_names,
    running_captures,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

# Texts as sound/core/pcm.c (snd_pcm_substream_proc_status_read) writes them.
CLOSED = "closed\n"
RUNNING = """\
state: RUNNING
owner_pid   : 1452
trigger_time: 10342.781924363
tstamp      : 10367.120345886
delay       : 240
avail       : 240
avail_max   : 1024
-----
hw_ptr      : 1169520
appl_ptr    : 1169280
"""
PREPARED = RUNNING.replace("RUNNING", "PREPARED")
# A substream opened but not yet configured: the status file has no state line at all.
NO_SETUP = "no setup\n"


def build_asound(root: Path, statuses: dict[str, str]) -> Path:
    """A /proc/asound-like tree: top-level files, an alias link, and the given status files."""
    asound = root / "asound"
    asound.mkdir()
    (asound / "cards").write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    (asound / "version").write_text("Advanced Linux Sound Architecture Driver Version k6.1.0.\n")
    for relative, text in statuses.items():
        status = asound / relative / "status"
        status.parent.mkdir(parents=True)
        status.write_text(text)
        (status.parent / "info").write_text("card: 0\ndevice: 0\nsubdevice: 0\n")
    if (asound / "card0").is_dir():
        (asound / "PCH").symlink_to("card0")  # the kernel's by-id alias of card0
    return asound


def microphone(asound: Path) -> MicrophoneInUse:
    """The probe pointed at ``asound``."""
    return MicrophoneInUse(SessionInfo(env={}, asound=asound))


def test_running_capture_means_a_call(tmp_path: Path) -> None:
    """A capture substream in state RUNNING makes the person busy with reason call."""
    asound = build_asound(
        tmp_path,
        {"card0/pcm0p/sub0": RUNNING, "card0/pcm0c/sub0": CLOSED, "card1/pcm0c/sub0": RUNNING},
    )
    assert microphone(asound).read() == {CALL}
    assert running_captures(asound) == ["card1/pcm0c/sub0"]


def test_playback_alone_is_no_call(tmp_path: Path) -> None:
    """Music playing (a RUNNING playback substream) with every microphone closed is free."""
    asound = build_asound(tmp_path, {"card0/pcm0p/sub0": RUNNING, "card0/pcm0c/sub0": CLOSED})
    assert microphone(asound).read() == frozenset()


def test_open_but_not_running_capture_is_free(tmp_path: Path) -> None:
    """A microphone opened and prepared, or not set up, but not recording, is no call."""
    asound = build_asound(tmp_path, {"card0/pcm0c/sub0": PREPARED, "card0/pcm0c/sub1": NO_SETUP})
    assert microphone(asound).read() == frozenset()


def test_the_alias_link_is_not_counted_twice(tmp_path: Path) -> None:
    """The by-name alias (PCH -> card0) is skipped, so each substream is listed once."""
    asound = build_asound(tmp_path, {"card0/pcm0c/sub0": RUNNING})
    assert running_captures(asound) == ["card0/pcm0c/sub0"]


def test_probe_reports_the_streams(tmp_path: Path) -> None:
    """The probe works and counts the capture streams it watches."""
    asound = build_asound(tmp_path, {"card0/pcm0c/sub0": CLOSED, "card0/pcm1c/sub0": CLOSED})
    availability = microphone(asound).probe()
    assert availability.works
    assert "2 ALSA capture stream(s)" in availability.detail


def test_no_sound_cards_is_unavailable(tmp_path: Path) -> None:
    """Without /proc/asound the probe says there is no ALSA, reading raises SignalUnavailable."""
    probe = microphone(tmp_path / "missing")
    availability = probe.probe()
    assert not availability.works
    assert "does not exist" in availability.detail
    with pytest.raises(SignalUnavailable):
        probe.read()


def test_cards_without_microphone_may_get_one(tmp_path: Path) -> None:
    """Only playback devices: no microphone now, but a headset plugged in later counts."""
    asound = build_asound(tmp_path, {"card0/pcm0p/sub0": CLOSED})
    availability = microphone(asound).probe()
    assert not availability.works
    assert availability.may_appear
    assert "no microphone" in availability.detail


@pytest.mark.parametrize(
    ("text", "running"),
    [
        (RUNNING, True),
        (PREPARED, False),
        (CLOSED, False),
        (NO_SETUP, False),
        ("error -19\n", False),
    ],
)
def test_status_texts(text: str, running: bool) -> None:
    """Only ``state: RUNNING`` counts as recording."""
    assert is_running(text) is running


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

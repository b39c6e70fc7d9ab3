"""Linux: this user's processes, and the devices a call holds (microphone, camera).

In a call: a microphone records, or a camera is open. The microphone is read from ALSA's
/proc/asound rather than PipeWire's graph. Every sound server (PipeWire, PulseAudio, JACK)
and every program using ALSA directly ends up running the card's capture stream, so one
cheap read of a few small files covers them all, with no tool and no dependency, and
PipeWire and PulseAudio suspend a capture device nobody records from after a few seconds,
so RUNNING means someone records now. PipeWire's graph (``pw-dump``) would name the
recording program and see Bluetooth headset microphones, which bypass ALSA cards, but it
needs pipewire-bin, a process per read and a large JSON document, and misses systems on
PulseAudio or plain ALSA.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak.busy.base import CALL, Availability, SessionInfo, SignalUnavailable, Switch

if TYPE_CHECKING:
    from sitbreak.dbus import Match

__all__ = [
    "CameraInUse",
    "MicrophoneInUse",
    "camera_users",
    "capture_streams",
    "own_processes",
    "process_names",
    "running_captures",
]


def own_processes(proc: Path, uid: int | None = None) -> Iterator[Path]:
    """The /proc/PID folders of the processes of ``uid`` (default: this process's user)."""
    wanted = os.getuid() if uid is None else uid
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != wanted:
                continue
        except OSError:
            continue  # it ended meanwhile
        yield Path(entry.path)


def process_names(proc: Path = Path("/proc")) -> set[str]:
    """The names this user's processes go by: each one's comm and its argv[0] file name.

    The kernel cuts comm to 15 characters, and a program may rename itself, so both count.
    """
    names: set[str] = set()
    for process in own_processes(proc):
        try:
            comm = (process / "comm").read_text(errors="replace").strip()
            argv0 = (process / "cmdline").read_bytes().split(b"\0", 1)[0]
        except OSError:
            continue
        if comm:
            names.add(comm)
        if argv0:
            names.add(os.path.basename(argv0.decode(errors="replace")))
    return names


_CARD = re.compile(r"card\d+")  # skips the by-name aliases (PCH -> card0)
_CAPTURE = re.compile(r"pcm\d+c")  # "c" capture, "p" playback
_SUBSTREAM = re.compile(r"sub\d+")


def capture_streams(asound: Path) -> list[Path]:
    """The status files of every capture substream, card by card."""
    found: list[Path] = []
    for card in sorted(asound.iterdir()):
        if not _CARD.fullmatch(card.name) or not card.is_dir():
            continue
        for device in sorted(card.iterdir()):
            if not _CAPTURE.fullmatch(device.name):
                continue
            for substream in sorted(device.iterdir()):
                status = substream / "status"
                if _SUBSTREAM.fullmatch(substream.name) and status.is_file():
                    found.append(status)
    return found


def is_running(status_text: str) -> bool:
    """Whether a substream status (sound/core/pcm.c) reads ``state: RUNNING``.

    The file holds "closed" while nobody has the substream open, else lines such as
    ``state: RUNNING``, ``owner_pid   : 1234``, ``trigger_time: ...``.
    """
    for line in status_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "state":
            return value.strip() == "RUNNING"
    return False


def running_captures(asound: Path, streams: list[Path] | None = None) -> list[str]:
    """``cardN/pcmMc/subK`` for each capture substream (of ``streams``) recording now."""
    running: list[str] = []
    for status in capture_streams(asound) if streams is None else streams:
        try:
            text = status.read_text(errors="replace")
        except OSError:
            continue  # the card went away meanwhile
        if is_running(text):
            running.append(str(status.parent.relative_to(asound)))
    return running


class MicrophoneInUse:
    """Busy while any microphone records."""

    name = "microphone"
    switch = Switch.IN_CALL

    def __init__(self, info: SessionInfo) -> None:
        """Read the ALSA tree at ``info.asound``."""
        self._asound = info.asound

    def probe(self) -> Availability:
        """Works when ALSA lists at least one capture device."""
        try:
            busy = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error), may_appear=error.may_appear)
        count = len(capture_streams(self._asound))
        state = "recording now" if busy else "not recording now"
        return Availability(True, f"{count} ALSA capture stream(s) in {self._asound} ({state})")

    def read(self) -> frozenset[str]:
        """``call`` while a capture substream is RUNNING."""
        if not self._asound.is_dir():
            raise SignalUnavailable(f"no ALSA sound cards ({self._asound} does not exist)")
        try:
            streams = capture_streams(self._asound)
        except OSError as error:
            raise SignalUnavailable(f"cannot read {self._asound}: {error}") from error
        if not streams:
            raise SignalUnavailable(
                f"no microphone: no capture stream in {self._asound}", may_appear=True
            )
        return frozenset({CALL}) if running_captures(self._asound, streams) else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """ALSA state is not on D-Bus; grace polling covers it."""
        return ()


def camera_users(proc: Path, devices: set[str]) -> list[int]:
    """Pids of this user's processes holding one of ``devices`` (paths) open."""
    users: list[int] = []
    for process in own_processes(proc):
        try:
            descriptors = list(os.scandir(process / "fd"))
        except OSError:
            continue  # ended, or not ours to look into
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor.path)
            except OSError:
                continue
            if target in devices:
                users.append(int(process.name))
                break
    return users


class CameraInUse:
    """Busy while a camera is open: video calls keep it open for the whole call.

    Only open files are looked at, never the picture. The cost is one readlink per open
    file of this user's processes, paid only when a reminder is due or held.
    """

    name = "camera"
    switch = Switch.IN_CALL

    def __init__(self, info: SessionInfo) -> None:
        """Look for ``video*`` devices under ``info.dev`` and processes under ``info.proc``."""
        self._info = info

    def _devices(self) -> set[str]:
        """Paths of the video devices present now."""
        return {str(path) for path in self._info.dev.glob("video*")}

    def probe(self) -> Availability:
        """Works when there is a camera device; one plugged in later is picked up then."""
        try:
            busy = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error), may_appear=True)
        devices = ", ".join(sorted(self._devices()))
        return Availability(True, f"{devices} ({'in use' if busy else 'not in use'} now)")

    def read(self) -> frozenset[str]:
        """``call`` while any of this user's processes has a camera open."""
        devices = self._devices()
        if not devices:
            raise SignalUnavailable(
                f"no camera (no {self._info.dev}/video* device)", may_appear=True
            )
        return frozenset({CALL}) if camera_users(self._info.proc, devices) else frozenset()

    def changes(self) -> tuple[Match, ...]:
        """Opening a device is not on D-Bus; grace polling covers it."""
        return ()

"""In a call: a microphone is recording (an ALSA capture stream is RUNNING).

ALSA's /proc/asound is read rather than PipeWire's graph. Every sound server (PipeWire,
PulseAudio, JACK) and every program using ALSA directly ends up running the card's capture
stream, so one cheap read of a few small files covers them all, with no tool and no
dependency, and PipeWire and PulseAudio suspend a capture device nobody records from after
a few seconds, so RUNNING means someone records now. PipeWire's graph (``pw-dump``) would
name the recording program and see Bluetooth headset microphones, which bypass ALSA
cards, but it needs pipewire-bin, a process per read and a large JSON document, and
misses systems on PulseAudio or plain ALSA.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitbreak.busy.base import CALL, Availability, SessionInfo, Switch, Unavailable

__all__ = ["MicrophoneInUse", "capture_streams", "running_captures"]

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
        except Unavailable as error:
            return Availability(False, str(error), may_appear=error.may_appear)
        count = len(capture_streams(self._asound))
        state = "recording now" if busy else "not recording now"
        return Availability(True, f"{count} ALSA capture stream(s) in {self._asound} ({state})")

    def read(self) -> frozenset[str]:
        """``call`` while a capture substream is RUNNING."""
        if not self._asound.is_dir():
            raise Unavailable(f"no ALSA sound cards ({self._asound} does not exist)")
        try:
            streams = capture_streams(self._asound)
        except OSError as error:
            raise Unavailable(f"cannot read {self._asound}: {error}") from error
        if not streams:
            raise Unavailable(
                f"no microphone: no capture stream in {self._asound}", may_appear=True
            )
        return frozenset({CALL}) if running_captures(self._asound, streams) else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """ALSA state is not on D-Bus; grace polling covers it."""
        return ()

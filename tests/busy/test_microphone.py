"""The microphone probe reads ALSA's /proc/asound status files, from a tree the test builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitbreak.busy import CALL, SessionInfo, Unavailable
from sitbreak.busy.call_microphone import MicrophoneInUse, is_running, running_captures

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
    """Without /proc/asound the probe says there is no ALSA, and reading raises Unavailable."""
    probe = microphone(tmp_path / "missing")
    availability = probe.probe()
    assert not availability.works
    assert "does not exist" in availability.detail
    with pytest.raises(Unavailable):
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

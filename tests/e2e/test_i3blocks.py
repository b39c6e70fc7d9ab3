"""End to end: a real i3blocks runs ``status --follow --format i3blocks`` as a persist block."""

from __future__ import annotations

import json
import os
import queue
import shlex
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.support.daemon import SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession
from tests.support.tools import require_tool

WAIT = 20.0

CONFIG = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "25m"
"""


@pytest.fixture
def i3blocks() -> str:
    """The i3blocks program (Debian package i3blocks); skipped without it, failed under CI."""
    return require_tool("i3blocks", "i3blocks")


class StatusLine:
    """i3blocks' i3bar output, read on a thread: the sitbreak block of every update."""

    def __init__(self, program: str, config: Path, env: dict[str, str]) -> None:
        """Start i3blocks with ``config``."""
        self.popen = subprocess.Popen(
            [program, "-c", str(config)],
            env=env,
            stdin=subprocess.PIPE,  # i3blocks reads click events here; keep it open
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.blocks: queue.Queue[dict[str, object]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            text = line.strip().lstrip(",")
            if not text.startswith("[{"):
                continue  # the header and the opening bracket of the endless array
            for block in json.loads(text):
                if block.get("name") == "sitbreak":
                    self.blocks.put(block)

    def wait_for(self, full_text: str) -> dict[str, object]:
        """The first sitbreak block whose full_text starts with ``full_text``."""
        deadline = time.monotonic() + WAIT
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                block = self.blocks.get(timeout=left)
            except queue.Empty:
                break
            seen.append(block)
            if str(block.get("full_text", "")).startswith(full_text):
                return block
        raise AssertionError(f"no block starting {full_text!r} within {WAIT} s: {seen}")

    def stop(self) -> None:
        """End i3blocks and the follower it started (its process group)."""
        os.killpg(self.popen.pid, signal.SIGTERM)
        self.popen.wait(WAIT)


@pytest.fixture
def block_config(tmp_path: Path) -> Path:
    """An i3blocks config with one persist block that follows sitbreak."""
    command = shlex.join(sitbreak_argv("status", "--follow", "--format", "i3blocks"))
    text = f"[sitbreak]\ncommand={command}\ninterval=persist\nformat=json\n"
    return write_config(tmp_path / "i3blocks.conf", text)


def test_i3blocks_shows_the_block_and_its_changes(
    desktop: DesktopSession, tmp_path: Path, i3blocks: str, block_config: Path
) -> None:
    """i3blocks shows "not running", then the countdown, then the pause, with their colours."""
    line = StatusLine(i3blocks, block_config, desktop.env)
    daemon = None
    try:
        lonely = line.wait_for("sitbreak is not running")
        assert lonely["short_text"] == "not running"
        assert lonely["color"] == "#7F848E"
        daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", CONFIG))
        counting = line.wait_for("micro-break in 2")
        assert counting["short_text"] in ("25m", "24m")
        assert daemon.cli("pause").returncode == 0
        paused = line.wait_for("Paused until you resume")
        assert paused["short_text"] == "paused"
    finally:
        line.stop()
        if daemon is not None:
            daemon.stop()

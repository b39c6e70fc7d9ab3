"""A daemon that does not answer, or answers garbage: one line saying what to do, exit 1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


class FakeDaemon:
    """A socket at the control path that accepts and then stays silent or answers ``reply``."""

    def __init__(self, runtime: Path, reply: bytes | None) -> None:
        folder = runtime / "sitbreak"
        folder.mkdir(mode=0o700)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(folder / "control.sock"))
        self.listener.listen()
        self.reply = reply
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            if self.reply is not None:
                conn.recv(65536)
                conn.sendall(self.reply)

    def close(self) -> None:
        """Stop accepting and drop every connection."""
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A short private folder for the socket (and the state, so no real lock is read)."""
    with tempfile.TemporaryDirectory(prefix="sbc-", dir="/tmp") as folder:
        yield Path(folder)


def sitbreak(runtime: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``sitbreak ARGS`` pointed at ``runtime``."""
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "XDG_STATE_HOME": str(runtime)}
    return subprocess.run(
        [sys.executable, "-m", "sitbreak", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", [["status"], ["snooze", "5m"]], ids=" ".join)
def test_a_daemon_that_never_answers(runtime: Path, command: list[str]) -> None:
    """Like a SIGSTOPped daemon: after 5 s one line with the way out, exit 1, no traceback."""
    state = runtime / "sitbreak"
    fake = FakeDaemon(runtime, None)
    (state / "daemon.lock").write_text(f"4242\n{state}/control.sock\n", encoding="utf-8")
    try:
        done = sitbreak(runtime, *command)
    finally:
        fake.close()
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "sitbreak: the daemon (pid 4242) did not answer within 5 s; 'kill -CONT 4242' wakes it"
        " if it was stopped, else 'sitbreak stop' or end it and restart\n"
    )


@pytest.mark.parametrize("command", [["status"], ["skip"]], ids=" ".join)
def test_a_daemon_that_answers_garbage(runtime: Path, command: list[str]) -> None:
    """Something else on the socket: one line naming it and doctor, exit 1, no traceback."""
    fake = FakeDaemon(runtime, b"garbage\n")
    try:
        done = sitbreak(runtime, *command)
    finally:
        fake.close()
    assert done.returncode == 1
    assert done.stderr == (
        "sitbreak: the daemon's answer made no sense (the message from the daemon is not valid"
        " JSON: Expecting value at character 0); is something else listening on"
        f" {runtime}/sitbreak/control.sock? 'sitbreak doctor' checks\n"
    )


def test_control_characters_never_reach_the_terminal(runtime: Path) -> None:
    """A file name holding ESC is printed with the escape spelled out."""
    config = runtime / "bad\x1b[31mname.toml"
    config.write_text("[reminders.micro]\nevery = 5\n", encoding="utf-8")
    done = sitbreak(runtime, "config", "check", str(config))
    assert done.returncode == 2
    assert "\x1b" not in done.stderr
    assert f"{runtime}/bad\\x1b[31mname.toml:2: reminders.micro.every:" in done.stderr

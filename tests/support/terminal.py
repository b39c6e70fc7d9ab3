"""A program run on a pseudo-terminal, as a person at a terminal runs it, with its screen output."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence

__all__ = ["TerminalProcess"]


class TerminalProcess:
    """``argv`` with stdin, stdout and stderr on one pty; ``screen`` is all it printed so far."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str]) -> None:
        """Start the program in a session of its own, its controlling terminal the pty."""
        self._master, slave = pty.openpty()
        self.popen = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            start_new_session=True,
        )
        os.close(slave)
        self._output = bytearray()

    @property
    def screen(self) -> str:
        """Everything printed so far, with the terminal's CRLF line ends made plain."""
        self._drain(0)
        return self._output.decode("utf-8", errors="replace").replace("\r\n", "\n")

    def _drain(self, timeout: float) -> None:
        """Read whatever the program printed, waiting up to ``timeout`` for the first bytes."""
        while True:
            ready, _, _ = select.select([self._master], [], [], timeout)
            if not ready:
                return
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the program closed the terminal
                return
            if not chunk:
                return
            self._output += chunk
            timeout = 0

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until ``text`` appears on the screen; return the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._drain(0.1)
            screen = self.screen
            if text in screen:
                return screen
            if self.popen.poll() is not None:
                break
        raise AssertionError(f"{text!r} not on the screen after {timeout} s:\n{self.screen}")

    def type(self, text: str) -> None:
        """Type ``text`` at the terminal, as a person would (end lines with a newline)."""
        os.write(self._master, text.encode("utf-8"))

    def wait(self, timeout: float = 30.0) -> int:
        """Wait for the program to exit; return its status."""
        status = self.popen.wait(timeout)
        self._drain(0.2)
        return status

    def interrupt(self, timeout: float = 10.0) -> int:
        """Press Ctrl-C (SIGINT) and return the exit status."""
        self.popen.send_signal(signal.SIGINT)
        status = self.popen.wait(timeout)
        self._drain(0.2)
        return status

    def close(self) -> None:
        """Kill the program if it still runs, and close the terminal."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)
        os.close(self._master)

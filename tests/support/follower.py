"""``sitbreak status --follow`` as a real process in a test desktop, its lines read as they come."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable

from tests.support.daemon import sitbreak_argv
from tests.support.desktop import DesktopSession

__all__ = ["FollowerProcess"]

STOP_TIMEOUT = 10.0


class FollowerProcess:
    """The follower, with every line it printed kept in ``lines``; ``stop()`` ends it."""

    def __init__(self, session: DesktopSession, *args: str) -> None:
        """Start ``sitbreak status --follow ARGS`` in ``session``."""
        self.lines: list[str] = []
        self._fresh: queue.Queue[str | None] = queue.Queue()
        self.popen = subprocess.Popen(
            sitbreak_argv("status", "--follow", *args),
            env=session.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self._fresh.put(line.rstrip("\n"))
        self._fresh.put(None)

    def next_line(self, timeout: float) -> str:
        """The next line printed, waiting at most ``timeout`` seconds."""
        try:
            line = self._fresh.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no new line within {timeout} s; so far: {self.lines}") from None
        if line is None:
            raise AssertionError(f"the follower exited; it printed: {self.lines}")
        self.lines.append(line)
        return line

    def next_json(self, timeout: float) -> dict[str, object]:
        """The next line, which must be one JSON object."""
        return self.wait_for_json(lambda _data: True, timeout)

    def wait_for_json(
        self, matches: Callable[[dict[str, object]], bool], timeout: float
    ) -> dict[str, object]:
        """Read lines (each must be one JSON object) until one ``matches``; return it."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching line within {timeout} s: {self.lines}")
            data = json.loads(self.next_line(left))
            assert isinstance(data, dict), data
            if matches(data):
                return data

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        """Signal the follower; return its exit status and what it wrote to stderr."""
        if self.popen.poll() is None:
            self.popen.send_signal(signum)
        try:
            code = self.popen.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            code = self.popen.wait(STOP_TIMEOUT)
        assert self.popen.stderr is not None
        stderr = self.popen.stderr.read()
        self.popen.stderr.close()
        self._reader.join(STOP_TIMEOUT)
        return code, stderr

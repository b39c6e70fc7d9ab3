"""The follower against a real control server: a line at once, per push, per refresh, and
"not running" with retries when nothing listens."""

from __future__ import annotations

import json
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO, cast

import pytest

from sitbreak.control.protocol import Request
from sitbreak.control.server import ControlServer
from sitbreak.statusbar.follow import Follower
from sitbreak.statusbar.formats import as_waybar
from tests.statusbar.payloads import payload

WAIT = 10.0


class LineSink:
    """A stand-in for stdout that hands each line to the test; closed, it raises BrokenPipe."""

    def __init__(self) -> None:
        """Start open and empty."""
        self.lines: queue.Queue[str] = queue.Queue()
        self.closed = threading.Event()
        self._partial = ""

    def write(self, text: str) -> int:
        """Collect whole lines; BrokenPipeError once closed, like a pipe nobody reads."""
        if self.closed.is_set():
            raise BrokenPipeError
        self._partial += text
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            self.lines.put(line)
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""

    def fileno(self) -> int:
        """Not a real file."""
        raise OSError("no file descriptor")

    def next_waybar(self) -> dict[str, object]:
        """The next line as a waybar object, waiting up to WAIT seconds."""
        data = json.loads(self.lines.get(timeout=WAIT))
        assert isinstance(data, dict)
        return data


class StatusServer:
    """A control server that answers ``subscribe`` with a status payload, like the daemon."""

    def __init__(self, path: Path) -> None:
        """Serve at ``path`` (not started yet)."""
        self.status: dict[str, object] = payload("active")
        self.server = ControlServer(path, self._handle, read_timeout=30.0)

    def _handle(self, request: Request) -> dict[str, object]:
        if request.cmd == "subscribe":
            return {"ok": True, "subscribe": True, "status": self.status}
        return {"ok": False, "code": "unknown_command", "error": request.cmd}

    def push(self, status: dict[str, object]) -> None:
        """Publish ``status`` the way the daemon's status feed does."""
        self.status = status
        self.server.publish({"event": "status", "status": status})


@pytest.fixture
def sock_path() -> Iterator[Path]:
    """A socket path short enough for AF_UNIX, in a fresh private directory."""
    root = Path(tempfile.mkdtemp(prefix="sbf-", dir="/tmp"))
    yield root / "run" / "control.sock"
    shutil.rmtree(root, ignore_errors=True)


def start_follower(path: Path, *, refresh: float = 60.0) -> tuple[LineSink, threading.Thread]:
    """Run a waybar follower on a thread; close its sink (and wait for a write) to end it."""
    sink = LineSink()
    follower = Follower(
        path, as_waybar, cast(TextIO, sink), retry_seconds=0.1, refresh_seconds=refresh
    )
    thread = threading.Thread(target=follower.run, daemon=True)
    thread.start()
    return sink, thread


def test_current_state_at_once_then_one_line_per_push(sock_path: Path) -> None:
    """The welcome status is printed at once, then each pushed status as its own line."""
    status = StatusServer(sock_path)
    with status.server:
        sink, _ = start_follower(sock_path)
        assert sink.next_waybar()["class"] == "active"
        status.push(payload("paused", paused_minutes=10))
        assert sink.next_waybar()["class"] == "paused"
        status.push(payload("due", pending="micro"))
        assert sink.next_waybar()["text"] == "stand up!"
        sink.closed.set()


def test_not_running_then_picks_the_daemon_up_when_it_starts(sock_path: Path) -> None:
    """With nothing listening it prints "not running" once, then follows a server that starts."""
    sink, _ = start_follower(sock_path)
    first = sink.next_waybar()
    assert first["text"] == "not running"
    assert first["class"] == "not_running"
    status = StatusServer(sock_path)
    with status.server:
        assert sink.next_waybar()["class"] == "active"
        sink.closed.set()


def test_daemon_leaving_prints_not_running_and_a_new_one_is_followed(sock_path: Path) -> None:
    """When the server goes, "not running" follows at once; a new server is picked up."""
    first = StatusServer(sock_path)
    with first.server:
        sink, _ = start_follower(sock_path)
        assert sink.next_waybar()["class"] == "active"
    assert sink.next_waybar()["class"] == "not_running"
    second = StatusServer(sock_path)
    second.status = payload("snoozed", snoozed_minutes=5)
    with second.server:
        assert sink.next_waybar()["class"] == "snoozed"
        sink.closed.set()


def test_refreshes_without_pushes(sock_path: Path) -> None:
    """With no push at all, the last status is rendered again each refresh period."""
    status = StatusServer(sock_path)
    with status.server:
        sink, _ = start_follower(sock_path, refresh=0.2)
        lines = [sink.next_waybar() for _ in range(3)]
        assert all(line["class"] == "active" for line in lines)
        sink.closed.set()


def test_closed_output_ends_the_follower(sock_path: Path) -> None:
    """Once nobody reads the output, the next write ends ``run`` (it returns 0)."""
    status = StatusServer(sock_path)
    with status.server:
        sink = LineSink()
        follower = Follower(sock_path, as_waybar, cast(TextIO, sink), refresh_seconds=0.2)
        result: list[int] = []
        thread = threading.Thread(target=lambda: result.append(follower.run()), daemon=True)
        thread.start()
        sink.next_waybar()
        sink.closed.set()
        thread.join(WAIT)
        assert result == [0]

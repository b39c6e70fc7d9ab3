"""Background processes for test fixtures: started in their own session, logged, stopped by pid."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BackgroundProcess",
    "live_processes_in_session",
    "read_line_from_fd",
    "spawn",
    "start_and_read_line",
]

STOP_GRACE_SECONDS = 10.0


@dataclass
class BackgroundProcess:
    """A process a fixture started, leading its own session, with its output in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        """The pid, which is also the process group and session id of everything it starts."""
        return self.popen.pid

    def is_running(self) -> bool:
        """Whether the process has not exited yet."""
        return self.popen.poll() is None

    def log_tail(self, limit: int = 4000) -> str:
        """The last `limit` characters of the process's stdout and stderr, for failure messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as error:
            return f"<cannot read {self.log_path}: {error}>"
        return text[-limit:] if text else "<no output>"

    def describe(self) -> str:
        """A paragraph naming the process, its state and its recent output."""
        state = "running" if self.is_running() else f"exited with {self.popen.returncode}"
        return f"{self.name} (pid {self.pid}, {state}) output:\n{self.log_tail()}"

    def stop(self) -> None:
        """Terminate the process and everything in its session; kill what ignores SIGTERM."""
        _signal_session(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _signal_session(self.pid, signal.SIGKILL)
            self.popen.wait(STOP_GRACE_SECONDS)
        _kill_leftovers(self.pid)


def spawn(
    name: str,
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    log_dir: Path,
    pass_fds: Sequence[int] = (),
) -> BackgroundProcess:
    """Start `argv` in a new session with output to `log_dir/<name>.log`; it dies with the tests."""
    log_path = log_dir / f"{name}.log"
    with log_path.open("wb") as log:
        popen = subprocess.Popen(
            _with_parent_death_signal(argv),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=tuple(pass_fds),
            start_new_session=True,
        )
    return BackgroundProcess(name=name, popen=popen, log_path=log_path)


def _with_parent_death_signal(argv: Sequence[str]) -> list[str]:
    """Prefix `setpriv --pdeathsig TERM` when available, so a killed test run leaks nothing."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return list(argv)
    return [setpriv, "--pdeathsig", "TERM", "--", *argv]


def read_line_from_fd(fd: int, process: BackgroundProcess, timeout: float) -> str:
    """Read one line that `process` writes to the pipe `fd`, failing clearly if it never does."""
    deadline = time.monotonic() + timeout
    received = b""
    while b"\n" not in received:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no line from {process.describe()}")
        readable, _, _ = select.select([fd], [], [], min(remaining, 0.2))
        if not readable:
            if not process.is_running():
                raise RuntimeError(f"exited before writing a line: {process.describe()}")
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            raise RuntimeError(f"closed its pipe before writing a line: {process.describe()}")
        received += chunk
    return received.split(b"\n", 1)[0].decode()


def start_and_read_line(start: Callable[[int], BackgroundProcess], timeout: float) -> str:
    """Start a process that reports readiness with a line on the pipe fd it gets; return the line.

    ``start`` gets the pipe's write end and must pass it on to the process it starts.
    """
    read_end, write_end = os.pipe()
    try:
        try:
            process = start(write_end)
        finally:
            os.close(write_end)  # the child has its copy; ours must go so its exit gives EOF
        return read_line_from_fd(read_end, process, timeout).strip()
    finally:
        os.close(read_end)


def live_processes_in_session(session_id: int) -> list[int]:
    """Pids of processes (not zombies) in the given session, read from /proc."""
    found = []
    for stat_path in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_path.read_text()
        except OSError:
            continue  # the process exited while we looked
        # Fields after the parenthesised command name: state ppid pgrp session ...
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) == session_id:
            found.append(int(stat_path.parent.name))
    return found


def _signal_session(session_id: int, signum: signal.Signals) -> None:
    """Send `signum` to the process group led by `session_id`, if any member is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(session_id, signum)


def _kill_leftovers(session_id: int) -> None:
    """Kill any process still in the session after its leader exited (children it started)."""
    for pid in live_processes_in_session(session_id):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

"""Run a hook on Windows: a new process group, output collected with a timeout, then killed."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence

from sitbreak.hooks._finished import Finished

__all__ = ["collect", "start", "stop_group"]

_NEW_GROUP = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)
_KILL_GRACE_SECONDS = 1.0


def start(argv: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start ``argv`` (no shell) in a new process group without a console window."""
    return subprocess.Popen(
        list(argv),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        creationflags=_NEW_GROUP | _NO_WINDOW,
    )


def collect(process: subprocess.Popen[bytes], timeout: float, keep: int) -> Finished:
    """Wait up to ``timeout`` for the hook, then kill it; keep the first ``keep`` output bytes."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(process)
        output = b""
        return Finished(None, output, True)
    return Finished(process.returncode, output[:keep], False, max(0, len(output) - keep))


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the hook and every process it started (``taskkill /T``), or at least the hook."""
    try:
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
    try:
        process.communicate(timeout=_KILL_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()

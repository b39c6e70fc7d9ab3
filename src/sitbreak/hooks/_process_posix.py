"""Run a hook on POSIX: its own session and process group, output read with a deadline."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence

from sitbreak.hooks._finished import Finished

__all__ = ["collect", "start", "stop_group"]

_KILL_GRACE_SECONDS = 1.0


def start(argv: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start ``argv`` (no shell) leading a new session, stdout and stderr on one pipe."""
    return subprocess.Popen(
        list(argv),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        close_fds=True,
    )


def collect(process: subprocess.Popen[bytes], timeout: float, keep: int) -> Finished:
    """Read output until the hook's group closes it or ``timeout`` passes; then stop the group.

    Only the first ``keep`` bytes are kept, so a chatty hook cannot fill the daemon's memory.
    """
    assert process.stdout is not None  # noqa: S101 - start() always makes the pipe
    deadline = time.monotonic() + timeout
    kept, dropped, timed_out = bytearray(), 0, False
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not selector.select(left):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            room = max(0, keep - len(kept))
            kept += chunk[:room]
            dropped += len(chunk) - min(room, len(chunk))
    process.stdout.close()
    if timed_out:
        stop_group(process)
    try:
        code: int | None = process.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        stop_group(process)
        code = None
    return Finished(None if timed_out else code, bytes(kept), timed_out, dropped)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the hook's process group, then SIGKILL whatever is left after a second."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(_KILL_GRACE_SECONDS)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(_KILL_GRACE_SECONDS)

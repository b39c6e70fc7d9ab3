"""Run hook commands off the daemon's threads: bounded, timed out, their output in the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from sitbreak.hooks._finished import Finished

if sys.platform == "win32":
    from sitbreak.hooks._process_windows import collect, start, stop_group
else:
    from sitbreak.hooks._process_posix import collect, start, stop_group

__all__ = ["MAX_RUNNING", "MAX_WAITING", "OUTPUT_KEPT_BYTES", "HookRunner"]

log = logging.getLogger(__name__)

MAX_RUNNING = 4
"""Hooks running at the same time; more wait for a free slot."""
MAX_WAITING = 16
"""Hooks waiting for a slot; beyond this a hook is skipped with a warning in the log."""
OUTPUT_KEPT_BYTES = 8 * 1024
"""Output of one run that goes to the log; the rest is counted and dropped."""


class HookRunner:
    """Starts hook commands on worker threads; ``submit`` never blocks and never raises."""

    def __init__(self, *, max_running: int = MAX_RUNNING, max_waiting: int = MAX_WAITING) -> None:
        """Allow ``max_running`` hooks at once and ``max_waiting`` more queued behind them."""
        self._pool = ThreadPoolExecutor(max_workers=max_running, thread_name_prefix="sitbreak-hook")
        self._limit = max_running + max_waiting
        self._lock = threading.Lock()
        self._outstanding = 0
        self._running: set[subprocess.Popen[bytes]] = set()
        self._closed = False

    @property
    def outstanding(self) -> int:
        """Hooks running or waiting to run."""
        with self._lock:
            return self._outstanding

    def submit(
        self, name: str, argv: Sequence[str], env: Mapping[str, str], timeout: float
    ) -> bool:
        """Queue ``argv`` with ``env`` added to the daemon's environment; False if skipped."""
        with self._lock:
            if self._closed:
                return False
            if self._outstanding >= self._limit:
                log.warning(
                    "hook %s skipped: %d hooks are still running or waiting", name, self._limit
                )
                return False
            self._outstanding += 1
        environment = {**os.environ, **env}
        self._pool.submit(self._run, name, list(argv), environment, timeout)
        return True

    def close(self, grace: float = 2.0) -> None:
        """Drop waiting hooks, give running ones ``grace`` seconds, then stop their groups."""
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        while self._still_running() and time.monotonic() < deadline:
            time.sleep(0.05)
        for process in self._still_running():
            log.info("stopping hook process %d: the daemon is stopping", process.pid)
            stop_group(process)
        self._pool.shutdown(wait=True)

    def _still_running(self) -> list[subprocess.Popen[bytes]]:
        """The hook processes running now."""
        with self._lock:
            return list(self._running)

    def _run(self, name: str, argv: list[str], env: dict[str, str], timeout: float) -> None:
        """One hook run, on a worker thread (none once the runner is closing)."""
        try:
            if not self._closed:
                self._run_logged(name, argv, env, timeout)
        except Exception:
            log.exception("hook %s failed unexpectedly", name)
        finally:
            with self._lock:
                self._outstanding -= 1

    def _run_logged(self, name: str, argv: list[str], env: dict[str, str], timeout: float) -> None:
        """Start, watch and log one hook; stop it at once if the runner closed meanwhile."""
        try:
            process = start(argv, env)
        except OSError as error:
            log.warning("hook %s: cannot run %r: %s", name, argv[0], error)
            return
        log.debug("hook %s started (pid %d): %r", name, process.pid, argv)
        with self._lock:
            self._running.add(process)
            closing = self._closed
        try:
            if closing:  # close() may have looked at the running set just before we joined it
                stop_group(process)
            finished = collect(process, timeout, OUTPUT_KEPT_BYTES)
        finally:
            with self._lock:
                self._running.discard(process)
        _log_finished(name, argv, timeout, finished)


def _log_finished(name: str, argv: Sequence[str], timeout: float, finished: Finished) -> None:
    """Output lines at info, then one line saying how it ended."""
    for line in finished.output.decode("utf-8", errors="replace").splitlines():
        log.info("hook %s: %s", name, line)
    if finished.dropped_bytes:
        log.info("hook %s: %d more bytes of output not logged", name, finished.dropped_bytes)
    if finished.timed_out:
        log.warning(
            "hook %s (%r) still running after %g s; stopped it and what it started",
            name,
            argv[0],
            timeout,
        )
    elif finished.returncode != 0:
        log.warning("hook %s (%r) failed with exit status %s", name, argv[0], finished.returncode)
    else:
        log.debug("hook %s finished", name)

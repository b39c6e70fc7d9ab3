"""A real ``sitbreak run`` process inside a private desktop, and the CLI pointed at it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from tests.support.processes import BackgroundProcess

__all__ = ["FAST_POSTURE", "Session", "SitbreakDaemon", "sitbreak_argv", "write_config"]

# Posture checks every 2 s and nothing else, never repeated: the quickest steady cadence.
FAST_POSTURE = """
[reminders.posture]
every = "2s"
break_length = "1s"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[notifications]
repeat_ignored_after = "0s"
"""

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def sitbreak_argv(*args: str) -> list[str]:
    """The command line of this checkout's sitbreak, run by this interpreter."""
    return [sys.executable, "-m", "sitbreak", *args]


def write_config(path: Path, text: str) -> Path:
    """Write a config file (creating its folder) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class Session(Protocol):
    """Where a daemon runs: a private desktop, or a private user without one."""

    @property
    def env(self) -> dict[str, str]:
        """The environment of every program started here."""

    def spawn(
        self,
        name: str,
        argv: Sequence[str],
        *,
        pass_fds: Sequence[int] = (),
        without: Sequence[str] = (),
        extra: Mapping[str, str] | None = None,
    ) -> BackgroundProcess:
        """Start a background command that ends with the session, less the ``without`` variables
        and with the ``extra`` ones."""


class SitbreakDaemon:
    """``sitbreak run`` started in ``session``; ``cli()`` runs commands against it."""

    def __init__(
        self,
        session: Session,
        config: Path | None = None,
        *extra: str,
        idle: bool = False,
        without: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Start the daemon and wait until it answers ``status``.

        Nobody touches a test display, so idle detection would rightly see an empty chair and
        hold every reminder; tests about anything else run with it off (``idle=False``).
        ``without`` names environment variables the daemon does not get (as outside a desktop);
        ``env`` adds variables for the daemon alone (the commands run against it do not get them).
        """
        self.session = session
        self.config = config
        args = ["run", "--verbose", *extra]
        if not idle:
            args += ["--set", "idle.enabled=false"]
        if config is not None:
            args += ["--config", str(config)]
        self.process: BackgroundProcess = session.spawn(
            "sitbreak", sitbreak_argv(*args), without=without, extra=env
        )
        self.wait_until_ready()

    @property
    def pid(self) -> int:
        """The daemon's process id."""
        return self.process.pid

    def log(self) -> str:
        """Everything the daemon logged so far."""
        return self.process.log_path.read_text(encoding="utf-8", errors="replace")

    def cli(
        self, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``sitbreak ARGS`` in the session and return the finished process."""
        merged = {**self.session.env, **(env or {})}
        return subprocess.run(
            sitbreak_argv(*args),
            env=merged,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    def status(self) -> dict[str, object]:
        """``sitbreak status --json`` as a dict."""
        done = self.cli("status", "--json")
        assert done.returncode == 0, f"status failed: {done.stderr}\n{self.log()}"
        payload = json.loads(done.stdout)
        assert isinstance(payload, dict)
        return payload

    def wait_until_ready(self) -> None:
        """Poll ``status`` until the daemon answers, or fail with its log."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if not self.process.is_running():
                raise AssertionError(f"sitbreak run exited early:\n{self.log()}")
            if self.cli("status", "--json").returncode == 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"sitbreak run did not answer within {READY_TIMEOUT} s:\n{self.log()}")

    def wait_for_log(self, text: str, timeout: float = 30.0) -> str:
        """Wait until ``text`` appears in the log; return the log."""
        return self.wait_for_log_count(text, 1, timeout)

    def wait_for_log_count(self, text: str, count: int, timeout: float = 30.0) -> str:
        """Wait until ``text`` appears ``count`` times in the log; return the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if log.count(text) >= count:
                return log
            time.sleep(0.1)
        raise AssertionError(
            f"{text!r} not {count}x in the daemon log after {timeout} s:\n{self.log()}"
        )

    def terminate(self, signum: int = signal.SIGTERM) -> int:
        """Send ``signum`` and wait for the exit status."""
        self.process.popen.send_signal(signum)
        return self.process.popen.wait(STOP_TIMEOUT)

    def stop(self) -> None:
        """End the daemon whatever state it is in (for fixture teardown)."""
        self.process.stop()

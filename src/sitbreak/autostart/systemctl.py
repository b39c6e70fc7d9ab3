"""Running ``systemctl --user``, and saying what to run by hand when it cannot be run here."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass

__all__ = ["Systemctl", "SystemctlResult"]

_TIMEOUT = 30.0


@dataclass(frozen=True)
class SystemctlResult:
    """How one ``systemctl --user`` call went: ok, or why not and the command to run by hand."""

    ok: bool
    command: str
    reason: str = ""


class Systemctl:
    """``systemctl --user`` found on PATH (or given), run with a timeout and its errors kept."""

    def __init__(self, program: str | None = None) -> None:
        """Use ``program``, else systemctl from PATH; without one every call says what to run."""
        self.program = program if program is not None else shutil.which("systemctl")

    def run(self, *args: str) -> SystemctlResult:
        """Run ``systemctl --user ARGS``; never raises."""
        shown = shlex.join(["systemctl", "--user", *args])
        if self.program is None:
            return SystemctlResult(False, shown, "systemctl is not on PATH")
        try:
            done = subprocess.run(
                [self.program, "--user", *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return SystemctlResult(False, shown, str(error))
        if done.returncode == 0:
            return SystemctlResult(True, shown)
        reason = (done.stderr.strip() or done.stdout.strip()).splitlines()
        return SystemctlResult(
            False, shown, reason[-1] if reason else f"exit status {done.returncode}"
        )

    def reload(self) -> list[str]:
        """``daemon-reload``; when no user manager answers, say it reads units at next login."""
        done = self.run("daemon-reload")
        if done.ok:
            return []
        return [
            f"No systemd user manager answered ({done.reason}); it reads the unit at next login"
            f" (or run: {done.command})."
        ]

"""Running a desktop's own command-line tool where it has no bus API, failing as Unavailable."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence

from sitbreak.busy.base import Unavailable

__all__ = ["TOOL_TIMEOUT", "find_tool", "run_tool"]

TOOL_TIMEOUT = 5.0  # seconds


def find_tool(name: str, env: Mapping[str, str]) -> str | None:
    """The full path of ``name`` on the session's PATH, or None."""
    return shutil.which(name, path=env.get("PATH"))


def run_tool(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """Run ``argv`` in the session's environment and return its stripped output."""
    try:
        done = subprocess.run(
            list(argv),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Unavailable(f"{argv[0]} failed: {error}") from error
    if done.returncode != 0:
        said = done.stderr.strip() or done.stdout.strip() or "no output"
        raise Unavailable(f"{' '.join(argv)} exited with {done.returncode}: {said}")
    return done.stdout.strip()

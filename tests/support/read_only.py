"""Running a command with one folder mounted read-only, in a private mount namespace."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

__all__ = ["read_only_argv"]


def read_only_argv(folder: Path, argv: Sequence[str]) -> list[str]:
    """``argv`` run with ``folder`` read-only (``unshare -rm``); skips where that is not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare (Debian package util-linux)")
    probe = subprocess.run([unshare, "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces are not allowed here: {probe.stderr.decode().strip()}")
    place = shlex.quote(str(folder))
    script = (
        f"mount --bind {place} {place} && mount -o remount,bind,ro {place} && "
        f"exec {shlex.join(argv)}"
    )
    return [unshare, "-rm", "sh", "-c", script]

"""Installing the programs compared with sitbreak from Debian, when they are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence

__all__ = ["ensure_installed", "missing_packages"]

_APT_TIMEOUT_SECONDS = 900


def missing_packages(packages: Sequence[str]) -> list[str]:
    """The packages dpkg does not report as installed."""
    missing = []
    for package in packages:
        found = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.stdout.strip() != "install ok installed":
            missing.append(package)
    return missing


def ensure_installed(packages: Sequence[str], log: list[str]) -> str | None:
    """Install the missing ``packages`` (apt-get update once, then install); None on success.

    Runs apt-get directly as root, or through passwordless ``sudo -n``; otherwise returns a
    sentence saying why it cannot and what to run instead. ``log`` gets what was done.
    """
    if not shutil.which("dpkg-query") or not shutil.which("apt-get"):
        return f"no dpkg/apt-get on this machine; install {' '.join(packages)} yourself"
    missing = missing_packages(packages)
    if not missing:
        return None
    prefix = _root_prefix()
    if prefix is None:
        return (
            f"{' '.join(missing)} missing, and this is not root and sudo -n does not work: run "
            f"'sudo apt-get install {' '.join(missing)}' and start the benchmark again"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = [
        [*prefix, "apt-get", "update", "-q"],
        [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
    ]
    for argv in steps:
        log.append(" ".join(argv))
        done = subprocess.run(
            argv, env=env, capture_output=True, text=True, check=False, timeout=_APT_TIMEOUT_SECONDS
        )
        if done.returncode != 0:
            return f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}"
    still = missing_packages(missing)
    return f"apt-get did not install {' '.join(still)}" if still else None


def _root_prefix() -> list[str] | None:
    """[] when root, ["sudo", "-n"] when passwordless sudo works, else None."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        return None
    works = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    return ["sudo", "-n"] if works.returncode == 0 else None

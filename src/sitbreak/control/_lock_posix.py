"""Non-blocking exclusive file locks on POSIX (flock: dropped by the kernel when we die)."""

from __future__ import annotations

import fcntl
from pathlib import Path

__all__ = ["prepare_lock_dir", "try_lock", "unlock"]


def prepare_lock_dir(path: Path) -> None:
    """Create the lock's directory (sitbreak's state folder), private to the user when new."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file ``fd``; False if another open file holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    """Give up the lock on ``fd``."""
    fcntl.flock(fd, fcntl.LOCK_UN)

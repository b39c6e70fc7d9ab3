"""Non-blocking exclusive file locks on Windows (msvcrt: released when the process ends)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

__all__ = ["prepare_lock_dir", "try_lock", "unlock"]

# Lock one byte far past the pid so other processes can still read the pid at offset 0
# (Windows byte-range locks also block reads of the locked range).
_LOCK_OFFSET = 1 << 20


def prepare_lock_dir(path: Path) -> None:
    """Create the lock's directory; under the user profile it is private already."""
    path.mkdir(parents=True, exist_ok=True)


def try_lock(fd: int) -> bool:
    """Lock the marker byte of the open file ``fd``; False if another process holds it."""
    if sys.platform == "win32":
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    raise OSError("msvcrt locks exist only on Windows")


def unlock(fd: int) -> None:
    """Unlock the marker byte."""
    if sys.platform == "win32":
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return
    raise OSError("msvcrt locks exist only on Windows")

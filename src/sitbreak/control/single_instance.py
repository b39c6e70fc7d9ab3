"""One daemon per user: an exclusive lock on a file that names the holder's pid."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if sys.platform == "win32":
    from sitbreak.control._lock_windows import prepare_lock_dir, try_lock, unlock
else:
    from sitbreak.control._lock_posix import prepare_lock_dir, try_lock, unlock

__all__ = ["AlreadyRunning", "InstanceLock", "acquire_instance_lock"]

_PID_READ_ATTEMPTS = 10
_PID_READ_PAUSE = 0.05


class AlreadyRunning(Exception):
    """Another sitbreak daemon of this user holds the instance lock."""

    def __init__(self, pid: int | None) -> None:
        """Say which process holds the lock, if the lock file names it."""
        super().__init__(f"already running (pid {pid if pid is not None else 'unknown'})")
        self.pid = pid


class InstanceLock:
    """The held instance lock; the operating system releases it if the process dies."""

    def __init__(self, path: Path, fd: int) -> None:
        """Wrap the open, locked lock file."""
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        """Clear the pid and give up the lock (idempotent); the file stays for the next daemon."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
            unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        """Hold the lock for a ``with`` block."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Release on leaving the ``with`` block."""
        self.release()


def acquire_instance_lock(path: Path) -> InstanceLock:
    """Take the lock at ``path`` and write our pid into it; AlreadyRunning if another has it."""
    prepare_lock_dir(path.parent)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if not try_lock(fd):
            raise AlreadyRunning(_holder_pid(fd))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
    except BaseException:
        os.close(fd)
        raise
    return InstanceLock(path, fd)


def _holder_pid(fd: int) -> int | None:
    """The pid the lock holder wrote, waiting briefly in case it is just writing it."""
    for _ in range(_PID_READ_ATTEMPTS):
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", errors="replace").strip()
        if text.isdigit():
            return int(text)
        time.sleep(_PID_READ_PAUSE)
    return None

"""One daemon per user: an exclusive lock on a file that names the holder's pid and endpoint.

The lock lives beside the state file (``paths.lock_file()``), not in ``$XDG_RUNTIME_DIR``: a
daemon started without that variable, or with another one, still finds the first daemon's
lock, since both would share one state file and one history. The second line of the file is
the endpoint the holder listens on, so that a client started in any environment finds it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from pathlib import Path

if sys.platform == "win32":
    from sitbreak.control.windows import prepare_lock_dir, try_lock, unlock
else:
    from sitbreak.control.posix import prepare_lock_dir, try_lock, unlock

__all__ = ["AlreadyRunning", "InstanceLock", "UnusableLockFile", "acquire_instance_lock"]

_PID_READ_ATTEMPTS = 10
_PID_READ_PAUSE = 0.05


class AlreadyRunning(Exception):
    """Another sitbreak daemon of this user holds the instance lock."""

    def __init__(self, pid: int | None) -> None:
        """Say which process holds the lock, if the lock file names it."""
        super().__init__(f"already running (pid {pid if pid is not None else 'unknown'})")
        self.pid = pid


class UnusableLockFile(OSError):
    """Something other than a plain file of ours is where the lock should be."""

    def __str__(self) -> str:
        """The sentence, without OSError's ``[Errno ...]`` decoration."""
        return str(self.args[0]) if self.args else "unusable lock file"


class InstanceLock:
    """The held instance lock; the operating system releases it if the process dies."""

    def __init__(self, path: Path, fd: int, *, writable: bool = True) -> None:
        """Wrap the open, locked lock file (opened read-only on a read-only disk)."""
        self.path = path
        self._fd: int | None = fd
        self._writable = writable

    def release(self) -> None:
        """Clear the pid and give up the lock (idempotent); the file stays for the next daemon."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._writable:
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


def acquire_instance_lock(path: Path, endpoint: str | None = None) -> InstanceLock:
    """Take the lock at ``path`` and write our pid (and ``endpoint``) into it.

    AlreadyRunning if another process has it; UnusableLockFile (saying what to do) when a
    link, a folder or anything but a plain file is in its place.
    """
    prepare_lock_dir(path.parent)
    flags = (
        getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
        writable = True
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise UnusableLockFile(_not_a_file(path)) from None
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        # a read-only disk: an existing lock file still locks (flock needs no write access)
        try:
            fd = os.open(path, os.O_RDONLY | flags)
        except FileNotFoundError:
            raise error from None
        writable = False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnusableLockFile(_not_a_file(path))
        if not try_lock(fd):
            raise AlreadyRunning(_holder_pid(fd))
        if writable:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            record = f"{os.getpid()}\n" + (f"{endpoint}\n" if endpoint else "")
            os.write(fd, record.encode())
    except BaseException:
        os.close(fd)
        raise
    return InstanceLock(path, fd, writable=writable)


def _not_a_file(path: Path) -> str:
    return (
        f"{path} is not a plain file (a link, a folder or a pipe?), so sitbreak cannot take its"
        f" single-instance lock there: move it away (mv '{path}' '{path}.old') and start again"
    )


def _holder_pid(fd: int) -> int | None:
    """The pid the lock holder wrote, waiting briefly in case it is just writing it."""
    for _ in range(_PID_READ_ATTEMPTS):
        os.lseek(fd, 0, os.SEEK_SET)
        first = os.read(fd, 64).decode("ascii", errors="replace").partition("\n")[0].strip()
        if first.isdigit():
            return int(first)
        time.sleep(_PID_READ_PAUSE)
    return None

"""Writing files so a crash never leaves half of one, reading them without surprises, and setting
bad files aside."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "FileTooLarge",
    "NotARegularFile",
    "describe_file_type",
    "read_regular",
    "refuse_link",
    "set_aside",
    "write_atomic",
]


class NotARegularFile(OSError):
    """A path that should hold a plain file holds something else (a FIFO, a link, a folder)."""

    def __init__(self, path: Path, what: str) -> None:
        """Say what the path holds instead."""
        super().__init__(errno.EINVAL, f"it is {what}, not a regular file")
        self.path = path
        self.what = what

    def __str__(self) -> str:
        """The sentence, without OSError's ``[Errno ...]`` decoration."""
        return str(self.strerror)


class FileTooLarge(OSError):
    """A file far larger than any sitbreak writes: it is not ours, or it is damaged."""

    def __init__(self, path: Path, limit: int) -> None:
        """Name the limit that was passed."""
        super().__init__(errno.EFBIG, f"it is larger than {limit // 1024} KiB")
        self.path = path
        self.limit = limit

    def __str__(self) -> str:
        """The sentence, without OSError's ``[Errno ...]`` decoration."""
        return str(self.strerror)


_TYPE_NAMES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def describe_file_type(mode: int) -> str:
    """``a directory``, ``a FIFO (named pipe)``... for a mode that is not a regular file's."""
    return next((name for test, name in _TYPE_NAMES if test(mode)), "not a regular file")


def read_regular(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, never blocking and never more than ``limit``.

    FileNotFoundError passes through; NotARegularFile for a FIFO, device, folder or socket
    (and a symbolic link unless ``follow_symlinks``); FileTooLarge past ``limit`` bytes; other
    OSErrors as they come. A FIFO is opened without blocking and refused, never read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise NotARegularFile(path, "a symbolic link") from None
        if error.errno == errno.ENXIO:  # a socket, or a FIFO nobody writes to, on some systems
            raise NotARegularFile(path, describe_file_type(os.stat(path).st_mode)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, describe_file_type(mode))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(64 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def refuse_link(path: Path) -> None:
    """NotARegularFile when something other than a regular file (or nothing) is at ``path``.

    For files sitbreak writes in place (the history, the log): writing through a link planted
    there would change a file elsewhere, so a link is refused like a FIFO or a folder.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotARegularFile(path, describe_file_type(mode))


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` all at once: write a temp file, fsync, rename, fsync dir."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # makes the rename itself durable; not every platform lets a directory be opened
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def set_aside(path: Path, now: datetime | None = None, *, label: str = "corrupt") -> Path:
    """Rename a file to ``NAME.LABEL-YYYYMMDDTHHMMSS`` beside it and return the new path.

    The label says why: ``corrupt`` for a file that could not be read, ``old`` for one replaced.
    A symbolic link, a FIFO or a folder is renamed as it is (a link's target stays untouched).
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    os.replace(path, target)
    return target

"""The control socket's file: clear a stale one, bind a new one that only we can open."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
from pathlib import Path

__all__ = [
    "EndpointInUseError",
    "bind_private_socket",
    "remove_stale_socket",
    "socket_problem",
    "unlink_if_same",
]

log = logging.getLogger(__name__)

FileId = tuple[int, int]
"""(st_dev, st_ino): which file a path pointed at when we bound it."""


class EndpointInUseError(OSError):
    """The control socket path is taken by something we must not delete."""

    def __str__(self) -> str:
        """The sentence, without OSError's ``[Errno ...]`` decoration."""
        return str(self.args[0]) if self.args else "endpoint in use"


def socket_problem(path: Path) -> str | None:
    """Why something already at ``path`` is not a socket sitbreak may replace, else None."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISSOCK(info.st_mode):
        return None
    what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "something else"
    return (
        f"{path} is {what}, not sitbreak's socket (it is not a socket);"
        f" remove it (rm '{path}') and start again"
    )


def remove_stale_socket(path: Path) -> None:
    """Delete a socket file nobody listens on; refuse anything else at ``path``."""
    problem = socket_problem(path)
    if problem is not None:
        raise EndpointInUseError(problem)
    if not os.path.lexists(path):
        return
    if _someone_listens(path):
        raise EndpointInUseError(
            f"another process is already listening on {path}; is another sitbreak running?"
            " ('sitbreak status' asks it)"
        )
    log.info("removing the stale control socket %s left by a daemon that is gone", path)
    path.unlink()


def _someone_listens(path: Path) -> bool:
    """Whether a connection to the socket file at ``path`` is accepted."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(os.fspath(path))
        except OSError:
            return False
        return True


def bind_private_socket(path: Path) -> tuple[socket.socket, FileId]:
    """A listening, non-blocking Unix socket at ``path`` with mode 0600 from its first moment."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        # The umask is process-wide; the daemon starts its server before any thread writes files.
        previous = os.umask(0o177)
        try:
            sock.bind(os.fspath(path))
        finally:
            os.umask(previous)
        os.chmod(path, 0o600)
        sock.listen(socket.SOMAXCONN)
        sock.setblocking(False)
        info = os.lstat(path)
    except OSError as error:
        sock.close()
        message = f"cannot listen on {path}: {error.strerror or error}"
        if error.errno is None:
            raise OSError(message) from error
        raise OSError(error.errno, message) from error
    return sock, (info.st_dev, info.st_ino)


def unlink_if_same(path: Path, bound: FileId) -> None:
    """Remove the socket file we bound, unless something else has replaced it since."""
    with contextlib.suppress(FileNotFoundError):
        info = os.lstat(path)
        if (info.st_dev, info.st_ino) == bound:
            path.unlink()

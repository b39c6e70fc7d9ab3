"""The control endpoint's POSIX side: the socket's private folder (mode 0700), the socket file
(clear a stale one, bind a new one only we can open), who is on the other end (Linux's
SO_PEERCRED, the BSDs' LOCAL_PEERCRED), and the flock that keeps one daemon per user."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import stat
import struct
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "EndpointInUseError",
    "UnsafeDirectoryError",
    "bind_private_socket",
    "directory_problem",
    "ensure_private_dir",
    "peer_uid",
    "peer_uid_reader",
    "prepare_lock_dir",
    "refusal",
    "remove_stale_socket",
    "socket_problem",
    "try_lock",
    "unlink_if_same",
    "unlock",
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


_RUNTIME_HINT = (
    "point XDG_RUNTIME_DIR at a folder of your own (your session's is /run/user/{uid}) or unset it"
)


class UnsafeDirectoryError(OSError):
    """The directory meant for the control socket cannot be used; the message says why and how."""

    def __str__(self) -> str:
        """The sentence, without OSError's ``[Errno ...]`` decoration."""
        return str(self.args[0]) if self.args else "unsafe directory"


def directory_problem(path: Path) -> str | None:
    """Why an existing ``path`` cannot be sitbreak's private folder (with the fix), else None."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # not there yet, or no folder above it
        return None
    if stat.S_ISLNK(info.st_mode):
        return (
            f"{path} is a symbolic link; sitbreak wants a real directory there:"
            f" remove the link (rm '{path}') and start again"
        )
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} exists and is not a directory; move it out of the way and start again"
    if info.st_mode & stat.S_ISVTX and info.st_mode & stat.S_IWOTH:
        # a shared folder such as /tmp: tightening it would lock every other user out of it
        return (
            f"{path} is a shared folder (sticky and writable by everyone, like /tmp); sitbreak"
            " wants a folder of its own there: name a subfolder instead"
        )
    if info.st_uid != os.geteuid():
        hint = _RUNTIME_HINT.format(uid=os.geteuid())
        return (
            f"{path} belongs to uid {info.st_uid}, not to you (uid {os.geteuid()}), so sitbreak"
            f" will not put its socket there: remove it, or {hint}"
        )
    return None


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` with mode 0700, or check an existing one is ours and tighten it to 0700."""
    try:
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700, parents=True)
    except OSError as error:
        hint = _RUNTIME_HINT.format(uid=os.geteuid())
        reason = error.strerror or str(error)
        raise UnsafeDirectoryError(f"cannot create {path} ({reason}): {hint}") from None
    problem = directory_problem(path)
    if problem is not None:
        raise UnsafeDirectoryError(problem)
    mode = stat.S_IMODE(os.lstat(path).st_mode)
    if mode != 0o700:
        log.info("tightening %s from mode %o to 0700", path, mode)
        os.chmod(path, 0o700)


def peer_uid(sock: socket.socket) -> int:
    """The connected peer's uid; OSError where the platform has no way to tell."""
    return peer_uid_reader(sys.platform)(sock)


def refusal(sock: socket.socket, expected_uid: int) -> str | None:
    """Why the peer of ``sock`` may not talk to us, or None if it runs as ``expected_uid``."""
    try:
        uid = peer_uid(sock)
    except OSError as error:
        return f"refused: cannot check which user is connecting ({error})"
    if uid != expected_uid:
        return f"refused: peer uid {uid} is not the daemon's uid {expected_uid}"
    return None


def peer_uid_reader(platform: str) -> Callable[[socket.socket], int]:
    """The peer-uid function for ``platform`` (a ``sys.platform`` value)."""
    if platform == "linux":
        return linux_peer_uid
    if platform == "darwin" or "bsd" in platform:
        return bsd_peer_uid
    raise OSError(f"no way to check a Unix socket peer's uid on {platform}")


_UCRED = struct.Struct("iII")  # struct ucred { pid_t pid; uid_t uid; gid_t gid; }


def linux_peer_uid(sock: socket.socket) -> int:
    """The peer's effective uid when it connected, as the kernel recorded it."""
    if sys.platform == "linux":
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
        _pid, uid, _gid = _UCRED.unpack(raw)
        return int(uid)
    raise OSError("SO_PEERCRED exists only on Linux")


_SOL_LOCAL = 0  # socket level of LOCAL_PEERCRED (<sys/un.h>)
_LOCAL_PEERCRED = 0x001
_XUCRED_HEAD = struct.Struct("=II")  # struct xucred starts { u_int cr_version; uid_t cr_uid; ...
_XUCRED_SIZE = 76  # version, uid, short ngroups (padded), gid_t groups[16]
_XUCRED_VERSION = 0


def bsd_peer_uid(sock: socket.socket) -> int:
    """The peer's effective uid, read from the kernel's ``struct xucred`` (what getpeereid uses)."""
    raw = sock.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED_SIZE)
    version, uid = _XUCRED_HEAD.unpack_from(raw)
    if version != _XUCRED_VERSION:
        raise OSError(f"unexpected struct xucred version {version} from LOCAL_PEERCRED")
    return int(uid)


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

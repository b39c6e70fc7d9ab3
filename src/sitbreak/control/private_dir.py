"""Make sure a directory exists, belongs to us and is closed to everyone else (mode 0700).

This is the folder of the control socket, inside ``$XDG_RUNTIME_DIR``; each refusal says what
is wrong and how to fix it in one sentence, which ``sitbreak run`` prints and ``doctor`` lists.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

__all__ = ["UnsafeDirectoryError", "directory_problem", "ensure_private_dir"]

log = logging.getLogger(__name__)

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

"""Make sure a directory exists, belongs to us and is closed to everyone else (mode 0700)."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

__all__ = ["UnsafeDirectoryError", "ensure_private_dir"]

log = logging.getLogger(__name__)


class UnsafeDirectoryError(OSError):
    """The directory meant for the control socket or lock cannot be trusted."""


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` with mode 0700, or check an existing one is ours and tighten it to 0700."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700, parents=True)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeDirectoryError(
            f"{path} is a symbolic link; sitbreak wants a real directory there"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirectoryError(f"{path} exists and is not a directory; move it out of the way")
    if info.st_uid != os.geteuid():
        raise UnsafeDirectoryError(
            f"{path} belongs to uid {info.st_uid}, not to you (uid {os.geteuid()}); "
            "refusing to use it for sitbreak's private files"
        )
    if stat.S_IMODE(info.st_mode) != 0o700:
        log.info("tightening %s from mode %o to 0700", path, stat.S_IMODE(info.st_mode))
        os.chmod(path, 0o700)

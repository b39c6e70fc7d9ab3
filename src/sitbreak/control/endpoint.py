"""Where the control endpoint lives: a socket in the runtime dir, or a named pipe on Windows."""

from __future__ import annotations

import getpass
import os
import tempfile
from pathlib import Path

from sitbreak.control.windows_pipe import pipe_name

__all__ = ["default_endpoint", "fallback_runtime_dir", "socket_path"]

SOCKET_NAME = "control.sock"


def socket_path(runtime_dir: Path) -> Path:
    """The control socket inside sitbreak's runtime directory."""
    return runtime_dir / SOCKET_NAME


def default_endpoint() -> Path | str:
    """The endpoint the daemon listens on and the CLI talks to, for the current user."""
    if os.name == "nt":
        return pipe_name(getpass.getuser())
    return socket_path(fallback_runtime_dir())


def fallback_runtime_dir() -> Path:
    """``$XDG_RUNTIME_DIR/sitbreak``, else a per-user directory under the temp dir.

    Stand-in until ``sitbreak.paths.runtime_dir()`` lands; the server creates the directory
    with mode 0700 and refuses it if another user owns it.
    """
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "sitbreak"
    return Path(tempfile.gettempdir()) / f"sitbreak-{os.geteuid()}"

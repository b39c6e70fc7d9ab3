"""Where the control endpoint lives: a socket in the runtime dir, or a named pipe on Windows."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from sitbreak import paths
from sitbreak.control.windows_pipe import pipe_name

__all__ = ["SOCKET_NAME", "default_endpoint", "socket_path"]

SOCKET_NAME = "control.sock"


def socket_path(runtime_dir: Path) -> Path:
    """The control socket inside sitbreak's runtime directory."""
    return runtime_dir / SOCKET_NAME


def default_endpoint() -> Path | str:
    """The endpoint the daemon listens on and the CLI talks to, for the current user."""
    if os.name == "nt":
        return pipe_name(getpass.getuser())
    return socket_path(paths.runtime_dir())

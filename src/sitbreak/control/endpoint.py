"""Where the control endpoint lives: a socket in the runtime dir, or a named pipe on Windows."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["SOCKET_NAME", "client_endpoint", "default_endpoint", "socket_path"]

SOCKET_NAME = "control.sock"


def socket_path(runtime_dir: Path) -> Path:
    """The control socket inside sitbreak's runtime directory."""
    return runtime_dir / SOCKET_NAME


def default_endpoint() -> Path | str:
    """The endpoint the daemon listens on and the CLI talks to, for the current user."""
    if os.name == "nt":
        import getpass

        from sitbreak.control.windows_pipe import pipe_name  # keeps ctypes off the Unix client

        return pipe_name(getpass.getuser())
    from sitbreak import paths  # pathlib and platformdirs: the client avoids them when it can

    return socket_path(paths.runtime_dir())


def client_endpoint() -> str:
    """The endpoint as text for the CLI client, without importing pathlib in the common case.

    With ``$XDG_RUNTIME_DIR`` set (any desktop login) this is ``paths.runtime_dir()``'s first
    rule spelled with os.path; a test keeps the two equal. Otherwise it asks paths.
    """
    if os.name != "nt":
        configured = os.environ.get("XDG_RUNTIME_DIR", "").strip()
        if configured and os.path.isabs(configured) and sys.platform not in ("darwin", "win32"):
            return os.path.join(configured, "sitbreak", SOCKET_NAME)
    return os.fspath(default_endpoint())

"""Where the control endpoint lives: a socket in the runtime dir, or a named pipe on Windows.

The daemon listens where its own environment says, and writes that endpoint into its
single-instance lock (beside the state file). A client reads it from there first, so
``env -u XDG_RUNTIME_DIR sitbreak status`` still finds the daemon a desktop session started.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "LOCK_NAME",
    "SOCKET_NAME",
    "client_endpoint",
    "default_endpoint",
    "lock_file_text",
    "recorded_endpoint",
    "recorded_pid",
    "socket_path",
]

SOCKET_NAME = "control.sock"
LOCK_NAME = "daemon.lock"
_LOCK_READ_LIMIT = 4096


def socket_path(runtime_dir: Path) -> Path:
    """The control socket inside sitbreak's runtime directory."""
    return runtime_dir / SOCKET_NAME


def default_endpoint() -> Path | str:
    """The endpoint a daemon started in this environment listens on."""
    if os.name == "nt":
        import getpass

        from sitbreak.control.windows_pipe import pipe_name  # keeps ctypes off the Unix client

        return pipe_name(getpass.getuser())
    from sitbreak import paths  # pathlib and platformdirs: the client avoids them when it can

    return socket_path(paths.runtime_dir())


def lock_file_text() -> str:
    """``paths.lock_file()`` as text, spelled with os.path on Linux (a test keeps them equal)."""
    state_home = os.environ.get("XDG_STATE_HOME", "")
    home = os.environ.get("HOME", "")
    if sys.platform.startswith("linux") and not os.path.isabs(state_home):
        # the usual case, where every platformdirs version agrees: ~/.local/state
        state_home = os.path.join(home, ".local", "state") if not state_home else ""
    if sys.platform.startswith("linux") and os.path.isabs(state_home) and os.path.isabs(home):
        return os.path.join(state_home, "sitbreak", LOCK_NAME)
    from sitbreak import paths  # anything unusual: platformdirs decides

    return os.fspath(paths.lock_file())


def _lock_lines(lock_path: str) -> list[str]:
    """The lines of the lock file, if it is a plain file of this user (never through a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(lock_path, flags)
    except OSError:
        return []
    try:
        info = os.fstat(fd)
        if (info.st_mode & 0o170000) != 0o100000 or info.st_uid != os.geteuid():
            return []
        text = os.read(fd, _LOCK_READ_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return []
    finally:
        os.close(fd)
    return [line.strip() for line in text.split("\n")[:-1]]  # complete lines only


def recorded_endpoint(lock_path: str) -> str | None:
    """The endpoint a daemon wrote into the lock file at ``lock_path``, if one did."""
    lines = _lock_lines(lock_path)
    endpoint = lines[1] if len(lines) > 1 else ""
    return endpoint if os.path.isabs(endpoint) else None


def recorded_pid() -> int | None:
    """The pid the running (or last) daemon wrote into its lock, for messages."""
    lines = _lock_lines(lock_file_text())
    return int(lines[0]) if lines and lines[0].isdigit() else None


def client_endpoint() -> str:
    """The endpoint for the CLI client: the running daemon's own record, else this environment's.

    Without pathlib in the common case: with ``$XDG_RUNTIME_DIR`` set (any desktop login) the
    fallback is ``paths.runtime_dir()``'s first rule spelled with os.path; a test keeps the two
    equal. Otherwise it asks paths.
    """
    if os.name == "nt":
        return os.fspath(default_endpoint())
    recorded = recorded_endpoint(lock_file_text())
    if recorded is not None:
        return recorded
    configured = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if configured and os.path.isabs(configured) and sys.platform != "darwin":
        return os.path.join(configured, "sitbreak", SOCKET_NAME)
    return os.fspath(default_endpoint())

"""Where sitbreak keeps its config, state, data, logs and control endpoint, per platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "APP_NAME",
    "cache_dir",
    "config_dir",
    "data_dir",
    "default_config_file",
    "lock_file",
    "log_dir",
    "runtime_dir",
    "state_dir",
]

APP_NAME = "sitbreak"


def config_dir() -> Path:
    """The user's config folder: ``$XDG_CONFIG_HOME/sitbreak`` on Linux."""
    from platformdirs import user_config_path  # lazily: the Linux CLI client never needs it

    return user_config_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    """The config file used when none is named: ``config_dir()/config.toml``."""
    return config_dir() / "config.toml"


def state_dir() -> Path:
    """State that survives restarts (snapshot, history): ``$XDG_STATE_HOME/sitbreak`` on Linux."""
    from platformdirs import user_state_path  # lazily: the Linux CLI client never needs it

    return user_state_path(APP_NAME, appauthor=False)


def lock_file() -> Path:
    """The single-instance lock, beside the state file: one daemon per state, whatever
    ``$XDG_RUNTIME_DIR`` says."""
    return state_dir() / "daemon.lock"


def data_dir() -> Path:
    """Data the user may keep: ``$XDG_DATA_HOME/sitbreak`` on Linux."""
    from platformdirs import user_data_path  # lazily: the Linux CLI client never needs it

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Files sitbreak can always make again (generated code): ``$XDG_CACHE_HOME/sitbreak``."""
    from platformdirs import user_cache_path  # lazily: the Linux CLI client never needs it

    return user_cache_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Log files: ``$XDG_STATE_HOME/sitbreak/log`` on Linux."""
    from platformdirs import user_log_path  # lazily: the Linux CLI client never needs it

    return user_log_path(APP_NAME, appauthor=False)


def runtime_dir() -> Path:
    """The folder for the control socket: ``$XDG_RUNTIME_DIR/sitbreak`` on Linux and the BSDs.

    Without ``XDG_RUNTIME_DIR`` (no login session: cron, ``su``, some containers) this is
    ``/run/user/<uid>/sitbreak`` when that folder exists and belongs to the user, else
    ``state_dir()/run``: private to the user, unlike a shared ``/tmp`` where another user could
    claim the name first. macOS and Windows use platformdirs' user runtime folder.
    """
    if sys.platform in ("darwin", "win32"):
        from platformdirs import user_runtime_path  # lazily: the Linux CLI client never needs it

        return user_runtime_path(APP_NAME, appauthor=False)
    configured = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if configured and Path(configured).is_absolute():
        return Path(configured) / APP_NAME
    session_dir = Path("/run/user") / str(os.getuid())
    if _owned_by_user(session_dir):
        return session_dir / APP_NAME
    return state_dir() / "run"


def _owned_by_user(folder: Path) -> bool:
    """True when ``folder`` is a real directory owned by the current user."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return folder.is_dir() and not folder.is_symlink() and info.st_uid == os.getuid()

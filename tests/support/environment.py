"""The environment of a private test desktop: the real session's variables out, private dirs in."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["private_environment"]

# Variables of the real desktop that must not leak into the private session.
_SESSION_VARIABLES = frozenset(
    {
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "DBUS_SESSION_BUS_ADDRESS",
        "XAUTHORITY",
        "DESKTOP_SESSION",
        "SWAYSOCK",
        "GNOME_DESKTOP_SESSION_ID",
        "KDE_FULL_SESSION",
    }
)


def private_environment(root: Path, runtime_dir: Path) -> dict[str, str]:
    """This process's environment without the real desktop's variables, with dirs under `root`.

    HOME and every XDG base directory point at fresh directories, so a program run with this
    environment never reads or writes the real user's files. DISPLAY and
    DBUS_SESSION_BUS_ADDRESS are left for the caller to set.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _SESSION_VARIABLES and not key.startswith(("XDG_", "SITBREAK_"))
    }
    home = root / "home"
    directories = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
    }
    for path in directories.values():
        path.mkdir(parents=True, exist_ok=True)
    env.update({key: str(path) for key, path in directories.items()})
    env["XDG_RUNTIME_DIR"] = str(runtime_dir)
    env["NO_AT_BRIDGE"] = "1"  # GTK tools would otherwise look for an accessibility bus
    return env

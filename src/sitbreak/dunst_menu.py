"""Can a dunst user reach a reminder's buttons? dunst offers them through its ``dmenu`` program.

dunst marks a notification with actions "(A)" and, on its context command (middle click with
Debian's stock dunstrc, or ``dunstctl context``), runs the program its ``dmenu`` setting names
(default ``/usr/bin/dmenu -p dunst:``) to let the person pick one. Without that program the
pick never comes, so ``sitbreak doctor`` looks for it.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["DEFAULT_DMENU", "config_files", "dmenu_setting", "missing_menu", "server_pid"]

DEFAULT_DMENU = "/usr/bin/dmenu -p dunst:"
_BUS_NAME = "org.freedesktop.Notifications"


def server_pid() -> int | None:
    """The process id of the notification server on the session bus, or None if unknown."""
    from sitbreak.dbus import DRIVER, Bus, BusError

    bus = Bus("SESSION", label="doctor", reconnect=False)
    try:
        (pid,) = bus.call(DRIVER, "GetConnectionUnixProcessID", "s", (_BUS_NAME,))
    except BusError:
        return None
    finally:
        bus.close()
    return int(pid)


def _command_line(pid: int) -> list[str]:
    """A process's arguments from /proc (Linux), or [] when they cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode("utf-8", errors="replace") for part in raw.split(b"\0") if part]


def config_files(argv: Sequence[str], env: Mapping[str, str]) -> list[Path]:
    """The dunstrc files dunst started with ``argv`` reads, in order (later ones win)."""
    for flag in ("-config", "-conf", "--config"):
        if flag in argv[:-1]:
            return [Path(argv[list(argv).index(flag) + 1]).expanduser()]
    home = Path(env.get("HOME", "~")).expanduser()
    config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    dirs = [config_home, *(Path(d) for d in (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":"))]
    for folder in dirs:
        main = folder / "dunst" / "dunstrc"
        if main.is_file():
            drop_ins = sorted((folder / "dunst" / "dunstrc.d").glob("*.conf"))
            return [main, *drop_ins]
    return []


def dmenu_setting(files: Sequence[Path]) -> str:
    """The ``dmenu`` value of the ``[global]`` section, the last file that sets it winning."""
    value = DEFAULT_DMENU
    for file in files:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        section = ""
        for raw in text.splitlines():
            line = raw.strip()
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
            elif section == "global" and "=" in line and not line.startswith(("#", ";")):
                key, _, found = line.partition("=")
                if key.strip() == "dmenu":
                    value = found.strip().strip('"')
    return value


def _runnable(program: str) -> bool:
    if os.sep in program:
        path = Path(program).expanduser()
        return path.is_file() and os.access(path, os.X_OK)
    return shutil.which(program) is not None


def missing_menu(env: Mapping[str, str] | None = None) -> tuple[str, list[Path]] | None:
    """(the dmenu setting, the files read) when its program is missing; None when it runs."""
    environment = os.environ if env is None else env
    pid = server_pid()
    argv = _command_line(pid) if pid is not None else []
    files = config_files(argv, environment)
    setting = dmenu_setting(files)
    try:
        words = shlex.split(setting)
    except ValueError:
        words = setting.split()
    if words and _runnable(words[0]):
        return None
    return setting, files

"""This user's processes on Linux, read from /proc: their names and their open files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["own_processes", "process_names"]


def own_processes(proc: Path, uid: int | None = None) -> Iterator[Path]:
    """The /proc/PID folders of the processes of ``uid`` (default: this process's user)."""
    wanted = os.getuid() if uid is None else uid
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != wanted:
                continue
        except OSError:
            continue  # it ended meanwhile
        yield Path(entry.path)


def process_names(proc: Path = Path("/proc")) -> set[str]:
    """The names this user's processes go by: each one's comm and its argv[0] file name.

    The kernel cuts comm to 15 characters, and a program may rename itself, so both count.
    """
    names: set[str] = set()
    for process in own_processes(proc):
        try:
            comm = (process / "comm").read_text(errors="replace").strip()
            argv0 = (process / "cmdline").read_bytes().split(b"\0", 1)[0]
        except OSError:
            continue
        if comm:
            names.add(comm)
        if argv0:
            names.add(os.path.basename(argv0.decode(errors="replace")))
    return names

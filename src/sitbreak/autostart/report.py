"""Words for what autostart found: what an entry runs, and what is wrong with it and the fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitbreak.autostart.entry import Found

__all__ = ["describe", "trouble"]

_REENABLE = "run 'sitbreak autostart enable' with the sitbreak you use"


def _runs_sitbreak(argv: tuple[str, ...]) -> bool:
    """True for a hand-written ``sitbreak run ...`` or ``.../bin/sitbreak run ...``."""
    return len(argv) >= 2 and Path(argv[0]).name == "sitbreak" and argv[1] == "run"


def _foreign_trouble(found: Found) -> str | None:
    """What stops an entry someone else wrote from starting sitbreak; None when it will."""
    if found.command is None and not _runs_sitbreak(found.argv):
        return f"{found.location} was not written by sitbreak and does not run 'sitbreak run'"
    if found.command is not None and not found.command.interpreter_exists():
        return f"it runs {found.command.interpreter}, which is gone"
    if found.command is None and shutil.which(found.argv[0]) is None:
        return f"it runs {found.argv[0]}, which is not found"
    if not found.active:
        return found.note or "it is switched off"
    return None


def trouble(found: Found) -> str | None:
    """What stops this entry from starting sitbreak at login, with the fix; None when nothing."""
    if not found.ours:
        return _foreign_trouble(found)
    if found.command is None:
        return f"{found.location} does not run 'python -m sitbreak run' any more; {_REENABLE}"
    if not found.command.interpreter_exists():
        return f"it runs {found.command.interpreter}, which is gone; {_REENABLE}"
    config = found.command.config
    if config is not None and not os.path.isfile(config):
        return f"its settings file {config} is gone; {_REENABLE} (and --config)"
    if not found.active:
        return found.note or "it is switched off"
    return None


def describe(found: Found) -> list[str]:
    """A few lines about one entry: where it is, what it runs, and any trouble."""
    lines = [f"{found.method}: {found.location}"]
    lines.append(f"  written by sitbreak: {'yes' if found.ours else 'no'}")
    if not found.ours and found.argv:
        lines.append(f"  runs: {' '.join(found.argv)}")
    if found.command is not None:
        state = "exists" if found.command.interpreter_exists() else "MISSING"
        lines.append(f"  interpreter: {found.command.interpreter} ({state})")
        if found.command.config is not None:
            state = "exists" if os.path.isfile(found.command.config) else "MISSING"
            lines.append(f"  settings: {found.command.config} ({state})")
    lines.append(f"  switched on: {'yes' if found.active else 'no'}")
    problem = trouble(found)
    if problem is not None:
        lines.append(f"  problem: {problem}")
    return lines

"""Words for what autostart found: what an entry runs, and what is wrong with it and the fix."""

from __future__ import annotations

import os

from sitbreak.autostart.entry import Found

__all__ = ["describe", "trouble"]

_REENABLE = "run 'sitbreak autostart enable' with the sitbreak you use"


def trouble(found: Found) -> str | None:
    """What stops this entry from starting sitbreak at login, with the fix; None when nothing."""
    if not found.ours:
        return f"{found.location} was not written by sitbreak; sitbreak leaves it alone"
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
    if found.command is not None:
        state = "exists" if found.command.interpreter_exists() else "MISSING"
        lines.append(f"  interpreter: {found.command.interpreter} ({state})")
        if found.command.config is not None:
            state = "exists" if os.path.isfile(found.command.config) else "MISSING"
            lines.append(f"  settings: {found.command.config} ({state})")
    lines.append(f"  switched on: {'yes' if found.active else 'no'}")
    problem = trouble(found)
    if problem is not None and found.ours:
        lines.append(f"  problem: {problem}")
    return lines

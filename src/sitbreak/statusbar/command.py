"""``sitbreak status --format F [--follow]``: the status once, or followed, for a status bar."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from sitbreak.control.client import DaemonNotRunning, request
from sitbreak.statusbar.follow import follow
from sitbreak.statusbar.formats import renderer
from sitbreak.statusbar.view import not_running, project
from sitbreak.vocabulary import EXIT_FAILED, EXIT_NOT_RUNNING, EXIT_OK

__all__ = ["show_status"]


def show_status(endpoint: Path | str, format_name: str, *, follow_changes: bool) -> int:
    """Print the status in ``format_name`` once (0, or 3 with no daemon), or follow it (0)."""
    render = renderer(format_name, follow=follow_changes)
    if follow_changes:
        return follow(endpoint, render)
    now = datetime.now().astimezone()
    try:
        reply = request(endpoint, "status")
    except DaemonNotRunning:
        print(render(not_running(now)), flush=True)
        return EXIT_NOT_RUNNING
    payload = reply.get("status")
    if reply.get("ok") is not True or not isinstance(payload, dict):
        print(f"sitbreak: {reply.get('error', 'the daemon refused')}", file=sys.stderr)
        return EXIT_FAILED
    print(render(project(payload, now, now)), flush=True)
    return EXIT_OK

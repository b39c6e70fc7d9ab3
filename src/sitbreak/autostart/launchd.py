"""A macOS LaunchAgent: ``~/Library/LaunchAgents/<label>.plist``, loaded by launchd at login.

``RunAtLoad`` starts the agent when it is loaded, which for a user agent means at login, and
``KeepAlive {SuccessfulExit: false}`` restarts it only after a failure (launchd.plist(5)).
sitbreak's marker is an XML comment: launchd ignores comments, while unknown keys may be
reported.
"""

from __future__ import annotations

import plistlib
from pathlib import Path

from sitbreak.autostart.entry import FileEntry, LaunchCommand, Method, Parsed

__all__ = ["LABEL", "MARKER", "LaunchAgent", "render_plist"]

LABEL = "org.sitbreak.daemon"
MARKER = (
    b"<!-- Written by 'sitbreak autostart enable'; 'sitbreak autostart disable' removes it. -->"
)
_DOCTYPE_END = b'.dtd">\n'


def render_plist(command: LaunchCommand, log_file: Path | None = None) -> bytes:
    """The agent's property list, with sitbreak's marker comment after the doctype."""
    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": command.argv(),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
    }
    if log_file is not None:
        agent["StandardOutPath"] = agent["StandardErrorPath"] = str(log_file)
    data = plistlib.dumps(agent, sort_keys=False)
    head, found, tail = data.partition(_DOCTYPE_END)
    if not found:  # plistlib always writes the doctype; keep the marker even if that changes
        return MARKER + b"\n" + data
    return head + found + MARKER + b"\n" + tail


class LaunchAgent(FileEntry):
    """The agent in ``<home>/Library/LaunchAgents``; launchctl loads it when it is there."""

    method = Method.LAUNCHD

    def __init__(self, agents_dir: Path, log_file: Path | None = None) -> None:
        """Manage ``agents_dir/<label>.plist``; the daemon's output goes to ``log_file``."""
        super().__init__(agents_dir / f"{LABEL}.plist")
        self.log_file = log_file

    def render(self, command: LaunchCommand) -> bytes:
        """The property list."""
        return render_plist(command, self.log_file)

    def parse(self, data: bytes) -> Parsed:
        """Ours when it carries the marker; the command from ProgramArguments."""
        try:
            agent = plistlib.loads(data)
        except (plistlib.InvalidFileException, ValueError, OSError):
            return Parsed(MARKER in data, None, True, "not a readable property list")
        arguments = agent.get("ProgramArguments") if isinstance(agent, dict) else None
        command = None
        if isinstance(arguments, list) and all(isinstance(item, str) for item in arguments):
            command = LaunchCommand.from_argv(arguments)
        return Parsed(MARKER in data, command)

    def after_install(self) -> list[str]:
        """Make sure the log folder exists (launchd does not create it) and say when it starts."""
        if self.log_file is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
        return [f"launchd starts it at your next login (or now: launchctl load {self.path})."]

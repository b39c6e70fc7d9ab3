"""Enable, disable and inspect autostart across the methods this platform has, one at a time,
and words for what was found: what an entry runs, what is wrong with it and the fix."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitbreak.autostart.entry import AutostartError, Found, LaunchCommand, Method, StartupEntry

__all__ = ["Autostart", "config_home", "default_method", "describe", "platform_methods", "trouble"]


def platform_methods(platform: str | None = None) -> tuple[Method, ...]:
    """The methods that work on ``platform`` (default: this one), the default first."""
    platform = platform or sys.platform
    if platform == "darwin":
        return (Method.LAUNCHD,)
    if platform == "win32":
        return (Method.WINDOWS,)
    return (Method.XDG, Method.SYSTEMD)


def default_method(platform: str | None = None) -> Method:
    """XDG autostart on Linux and the BSDs, a LaunchAgent on macOS, the Run key on Windows."""
    return platform_methods(platform)[0]


def config_home() -> Path:
    """``$XDG_CONFIG_HOME`` when it is set to an absolute path, else ``~/.config``."""
    configured = os.environ.get("XDG_CONFIG_HOME", "").strip()
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".config"


def _entry_for(method: Method) -> StartupEntry:
    """The real entry of one method, at the user's own locations."""
    if method is Method.XDG:
        from sitbreak.autostart.xdg import XdgAutostart

        return XdgAutostart(config_home())
    if method is Method.SYSTEMD:
        from sitbreak.autostart.systemd import SystemdUnit

        return SystemdUnit(config_home())
    if method is Method.LAUNCHD:
        from sitbreak import paths
        from sitbreak.autostart.launchd import LaunchAgent

        return LaunchAgent(Path.home() / "Library" / "LaunchAgents", paths.log_dir() / "daemon.log")
    from sitbreak.autostart.windows import WindowsRun

    return WindowsRun()


@dataclass(frozen=True)
class Autostart:
    """The entries of every method available here; at most one of them is sitbreak's at a time.

    Two entries would start sitbreak twice at login (on systemd desktops an XDG entry becomes a
    unit of its own), so enabling one method replaces sitbreak's entry of any other.
    """

    entries: Mapping[Method, StartupEntry]

    @classmethod
    def for_this_platform(cls) -> Autostart:
        """The methods of this platform at the user's real locations."""
        return cls({method: _entry_for(method) for method in platform_methods()})

    def enable(self, method: Method, command: LaunchCommand) -> list[str]:
        """Write ``method``'s entry, then remove sitbreak's entries of the other methods."""
        if method not in self.entries:
            available = ", ".join(self.entries)
            raise AutostartError(f"--method {method} does not work here; use one of: {available}")
        lines = self.entries[method].install(command)
        for other_method, other in self.entries.items():
            if other_method is method:
                continue
            found = other.find()
            if found is None:
                continue
            if found.ours:
                lines.append(f"Replaced the {other_method} entry, so sitbreak starts only once:")
                lines += [f"  {line}" for line in other.uninstall()]
            else:
                lines.append(
                    f"Note: {found.location} was not written by sitbreak; if it starts sitbreak"
                    " too, remove it so sitbreak starts only once."
                )
        return lines

    def disable(self) -> list[str]:
        """Remove every entry sitbreak wrote; entries it did not write stay, and are named."""
        lines = [line for entry in self.entries.values() for line in entry.uninstall()]
        if not lines:
            places = ", ".join(entry.location for entry in self.entries.values())
            return [f"Nothing to remove: no autostart entry found ({places})."]
        return lines

    def status(self) -> list[Found]:
        """Every entry found, ours or not, in method order."""
        return [found for entry in self.entries.values() if (found := entry.find()) is not None]


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

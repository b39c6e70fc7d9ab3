"""The command a login entry runs: this interpreter, ``-m sitbreak run``, and maybe ``--config``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitbreak.autostart.entry import AutostartError

__all__ = ["LaunchCommand", "current_command"]

_MODULE_ARGS = ("-m", "sitbreak", "run")


@dataclass(frozen=True)
class LaunchCommand:
    """``INTERPRETER -m sitbreak run [--config CONFIG]``, with absolute paths."""

    interpreter: str
    config: str | None = None

    def argv(self) -> list[str]:
        """The command line as a list of arguments."""
        tail = [] if self.config is None else ["--config", self.config]
        return [self.interpreter, *_MODULE_ARGS, *tail]

    def interpreter_exists(self) -> bool:
        """True when the interpreter is still there and may be run (a venv may have gone)."""
        path = Path(self.interpreter)
        return path.is_file() and os.access(path, os.X_OK)

    @classmethod
    def from_argv(cls, argv: Sequence[str]) -> LaunchCommand | None:
        """The command back from its arguments, or None when they are not a sitbreak launch."""
        if len(argv) < 4 or tuple(argv[1:4]) != _MODULE_ARGS:
            return None
        tail = list(argv[4:])
        if not tail:
            return cls(argv[0])
        if len(tail) == 2 and tail[0] == "--config":
            return cls(argv[0], tail[1])
        return None


def current_command(config: Path | None, executable: str | None = None) -> LaunchCommand:
    """The command that starts this very installation: ``sys.executable``, made absolute.

    The interpreter's path is kept as it is, not resolved: in a venv ``bin/python`` is a symlink
    to the system interpreter, and resolving it would start Python without the venv's packages.
    """
    executable = executable or sys.executable
    if not executable:
        raise AutostartError("cannot tell which Python runs sitbreak (sys.executable is empty)")
    interpreter = os.path.abspath(executable)
    config_text = None if config is None else os.path.abspath(config.expanduser())
    return LaunchCommand(interpreter, config_text)

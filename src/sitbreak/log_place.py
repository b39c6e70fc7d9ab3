"""Where the daemon's log goes, as data: shared by ``run``, ``status`` and ``doctor``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sitbreak import paths
from sitbreak.status_text import log_phrase

__all__ = ["LOG_FILE_NAME", "LogPlace", "default_log_file"]

LOG_FILE_NAME = "sitbreak.log"


@dataclass(frozen=True)
class LogPlace:
    """``to`` is "file" (then ``file`` names it), "journal" (systemd) or "stderr" only."""

    to: Literal["file", "journal", "stderr"]
    file: Path | None = None

    def describe(self) -> str:
        """The place in words, for the welcome, ``status`` and ``doctor``."""
        return log_phrase(self.to, None if self.file is None else str(self.file))


def default_log_file() -> Path:
    """The daemon's log file: ``$XDG_STATE_HOME/sitbreak/log/sitbreak.log`` on Linux."""
    return paths.log_dir() / LOG_FILE_NAME

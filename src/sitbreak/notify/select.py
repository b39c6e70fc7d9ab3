"""Choosing the notification backend once, at start-up."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from sitbreak.notify.base import Notifier
from sitbreak.notify.plyer_backend import PlyerNotifier

__all__ = ["choose_notifier", "icon_path"]

log = logging.getLogger(__name__)


def icon_path() -> Path | None:
    """The icon shipped in the package, when the package lives on a real file system."""
    candidate = resources.files("sitbreak") / "data" / "sitbreak.svg"
    path = Path(str(candidate))
    return path if path.is_file() else None


def choose_notifier() -> Notifier:
    """The backend for this desktop: plyer, which knows Linux, macOS and Windows."""
    return PlyerNotifier(icon=icon_path())

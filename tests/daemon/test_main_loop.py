"""The settings watcher: a change to the file asks for one reload, even right after start."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sitbreak.daemon.main_loop import ConfigWatcher


def test_a_change_right_after_start_is_reported(tmp_path: Path) -> None:
    """The watch is in place when start returns, so a file replaced at once is still seen."""
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    reloads = threading.Event()
    watcher = ConfigWatcher(config, reloads.set)
    watcher.start()
    try:
        config.unlink()
        os.mkfifo(config)
        assert reloads.wait(10), "the replaced settings file was not noticed"
    finally:
        watcher.close()


def test_a_missing_folder_is_not_watched(tmp_path: Path) -> None:
    """A settings file in a folder that does not exist is nothing to watch, and no error."""
    watcher = ConfigWatcher(tmp_path / "gone" / "config.toml", lambda: None)
    watcher.start()
    watcher.close()

"""The settings watcher on real inotify: every edit after the settings were read asks for a
reload, even one made before the watch began or right after start."""

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


class Reloads:
    """Counts the watcher's reports and lets a test wait for one."""

    def __init__(self) -> None:
        self.count = 0
        self._seen = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self._seen.set()

    def wait(self, timeout: float = 10.0) -> bool:
        """Whether a report came within ``timeout`` seconds."""
        return self._seen.wait(timeout)


def _settings(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[reminders.posture]\nevery = "20m"\n', encoding="utf-8")
    return path


def test_an_edit_between_reading_the_settings_and_watching_is_reported(tmp_path: Path) -> None:
    """A file written after the settings were read but before the watch began still reloads."""
    path = _settings(tmp_path)
    reloads = Reloads()
    watcher = ConfigWatcher(path, reloads)
    path.write_text('[reminders.posture]\nevery = "12m"\n', encoding="utf-8")
    os.utime(path, ns=(0, 10**18))  # a different stamp even where mtime is coarse
    watcher.start()
    try:
        assert reloads.wait()
    finally:
        watcher.close()


def test_an_untouched_file_is_not_reported_and_a_later_edit_is(tmp_path: Path) -> None:
    """Starting the watch reports nothing by itself; an edit after it does, once it settles."""
    path = _settings(tmp_path)
    reloads = Reloads()
    watcher = ConfigWatcher(path, reloads)
    watcher.start()
    try:
        assert not reloads.wait(timeout=1.0)
        replacement = path.with_suffix(".new")
        replacement.write_text('[reminders.posture]\nevery = "8m"\n', encoding="utf-8")
        replacement.rename(path)
        assert reloads.wait()
        assert reloads.count == 1
    finally:
        watcher.close()

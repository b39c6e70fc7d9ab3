"""The settings-file watcher on real inotify: every edit after the settings were read reloads."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sitbreak.daemon.config_watch import ConfigWatcher


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

"""Logging for the entry points: a rotated file in the state folder, or the journal under systemd.

``sitbreak run`` started by hand or by a login item writes every record to
``log_dir()/sitbreak.log`` (1 MB, three old files kept) and shows the terminal only what
needs a person's eye. Started by systemd, whose stderr is the journal, it writes to stderr
alone, each line with the syslog priority prefix journald reads.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from sitbreak.log_place import LogPlace

__all__ = ["LOG_BACKUPS", "LOG_MAX_BYTES", "RepeatFilter", "configure_logging", "stderr_is_journal"]


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# sd-daemon(3): a "<N>" prefix on a stderr line connected to the journal sets its priority
_SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def stderr_is_journal(stream: TextIO | None = None) -> bool:
    """True when stderr is the journal stream systemd gave us (``$JOURNAL_STREAM`` = dev:inode).

    The variable is inherited by children whose stderr may be elsewhere, so it counts only
    when it names this very stream (systemd.exec(5)).
    """
    value = os.environ.get("JOURNAL_STREAM", "")
    device, _, inode = value.partition(":")
    if not device.isdigit() or not inode.isdigit():
        return False
    try:
        info = os.fstat((stream or sys.stderr).fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (info.st_dev, info.st_ino) == (int(device), int(inode))


class _JournalFormatter(logging.Formatter):
    """``<priority>name: message``; journald adds the time and parses the priority."""

    def format(self, record: logging.LogRecord) -> str:
        priority = _SYSLOG_PRIORITY.get(record.levelno, 6)
        return f"<{priority}>" + super().format(record).replace("\n", f"\n<{priority}>")


class _PrivateRotatingFile(RotatingFileHandler):
    """A rotating log readable by its owner only, never written through a symlink."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def _open_log_file(path: Path) -> RotatingFileHandler:
    """The rotating handler for ``path``; OSError when it cannot be written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link; sitbreak does not write through one")
    handler = _PrivateRotatingFile(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler


def configure_logging(
    verbose: bool = False, *, log_file: Path | None = None, quiet_terminal: bool = False
) -> LogPlace:
    """Route sitbreak's log; return where it goes.

    Without ``log_file`` (the one-shot commands) records go to stderr. With it (``run``),
    they also go to that rotated file, unless stderr is the journal. ``quiet_terminal``
    shows only warnings on stderr (a person at a terminal has the welcome and the file).
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    repeats = RepeatFilter()  # one for every handler, so each line is counted once
    terminal = logging.StreamHandler(sys.stderr)
    terminal.addFilter(repeats)
    if log_file is not None and stderr_is_journal():
        terminal.setFormatter(_JournalFormatter("%(name)s: %(message)s"))
        root.handlers[:] = [terminal]
        return LogPlace("journal")
    terminal.setFormatter(logging.Formatter(_FORMAT))
    root.handlers[:] = [terminal]
    if log_file is None:
        return LogPlace("stderr")
    try:
        file_handler = _open_log_file(log_file)
    except OSError as error:
        logging.getLogger(__name__).warning(
            "cannot write the log file %s (%s); logging to stderr only", log_file, error
        )
        return LogPlace("stderr")
    if quiet_terminal and not verbose:
        terminal.setLevel(logging.WARNING)
        terminal.setFormatter(logging.Formatter("sitbreak: %(message)s"))
    file_handler.addFilter(repeats)
    root.handlers.append(file_handler)
    return LogPlace("file", log_file)


_KEEP = 256  # distinct lines remembered; the oldest are forgotten first


class RepeatFilter(logging.Filter):
    """Passes at most ``burst`` records of the same text per ``window`` seconds.

    A failure that recurs in a loop (a socket out of file descriptors, a disk that refuses every
    save) would otherwise write the same line thousands of times a second. The first one of the
    next window carries a note of how many were held back. Debug records always pass:
    ``--verbose`` asks for everything.
    """

    def __init__(
        self, window: float = 60.0, burst: int = 10, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Let ``burst`` identical lines through per ``window`` seconds read from ``clock``."""
        super().__init__()
        self._window = window
        self._burst = burst
        self._clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int, int]] = {}
        self._last: tuple[logging.LogRecord, bool] | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        """True to log ``record`` (perhaps with a note added), False to hold it back.

        Shared by several handlers, it decides once per record and gives each the same answer.
        """
        if self._last is not None and self._last[0] is record:
            return self._last[1]
        decision = self._decide(record)
        self._last = (record, decision)
        return decision

    def _decide(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            return True
        key = (record.name, record.levelno, record.getMessage())
        now = self._clock()
        started, passed, held = self._seen.pop(key, (now, 0, 0))
        if now - started >= self._window:
            if held:
                note = f" ({held} more like it in the {self._window:g} s before were not logged)"
                record.msg, record.args = record.getMessage() + note, None
            started, passed, held = now, 0, 0
        if passed < self._burst:
            passed += 1
        else:
            held += 1
        self._seen[key] = (started, passed, held)
        while len(self._seen) > _KEEP:
            del self._seen[next(iter(self._seen))]
        return held == 0

"""What every autostart method shares: its name, what it finds on disk, how it is managed, the
command a login entry runs (this interpreter, ``-m sitbreak run``, maybe ``--config``), and
joining a command line's characters into arguments for the per-format splitters."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sitbreak.files import write_atomic

__all__ = [
    "BREAK",
    "QUOTE",
    "AutostartError",
    "FileEntry",
    "Found",
    "LaunchCommand",
    "Method",
    "Parsed",
    "StartupEntry",
    "current_command",
    "join_words",
]


class Method(StrEnum):
    """The ways sitbreak can start at login."""

    XDG = "xdg"
    SYSTEMD = "systemd"
    LAUNCHD = "launchd"
    WINDOWS = "windows"


class AutostartError(Exception):
    """An entry cannot be written or removed; the message says why and what to do."""


@dataclass(frozen=True)
class Found:
    """An entry found where a method keeps it.

    ``ours`` is True only for entries sitbreak wrote (they carry its marker); ``command`` is what
    the entry runs when sitbreak can read it; ``active`` is False when the entry is there but
    switched off (a desktop's startup settings, or a systemd unit that is not enabled);
    ``argv`` is its command line as written (hand-written entries may run ``sitbreak run``).
    """

    method: Method
    location: str
    ours: bool
    command: LaunchCommand | None
    active: bool = True
    note: str = ""
    argv: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        """True when the entry is ours, switched on, and its interpreter and settings exist."""
        command = self.command
        return (
            self.ours
            and self.active
            and command is not None
            and command.interpreter_exists()
            and (command.config is None or os.path.isfile(command.config))
        )


@dataclass(frozen=True)
class Parsed:
    """What a file-based entry says: written by sitbreak?, its command, switched on?, a remark."""

    ours: bool
    command: LaunchCommand | None
    active: bool = True
    note: str = ""
    argv: tuple[str, ...] = ()


class StartupEntry(Protocol):
    """One method's entry: find it, write it, remove it; each returns lines to tell the user."""

    method: Method

    @property
    def location(self) -> str:
        """Where the entry lives: a file path, or a registry value's name."""

    def find(self) -> Found | None:
        """The entry there now, ours or not; None when there is none."""

    def install(self, command: LaunchCommand) -> list[str]:
        """Write the entry (or leave it when it is already right); say what was done."""

    def uninstall(self) -> list[str]:
        """Remove the entry if sitbreak wrote it; say what was removed or left alone."""


class FileEntry:
    """An entry that is one file: render it, recognise it by its marker, replace it atomically.

    Subclasses give ``render`` and ``parse`` and may act after writing or removing the file
    (systemd tells its manager).
    """

    method: Method

    def __init__(self, path: Path) -> None:
        """Manage the entry at ``path``."""
        self.path = path

    @property
    def location(self) -> str:
        """The entry's file."""
        return str(self.path)

    def render(self, command: LaunchCommand) -> bytes:
        """The file's bytes for ``command``."""
        raise NotImplementedError

    def parse(self, data: bytes) -> Parsed:
        """What the file's bytes say."""
        raise NotImplementedError

    def find(self) -> Found | None:
        """The file's entry, or None when there is no file."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise AutostartError(f"cannot read {self.path}: {error.strerror or error}") from None
        parsed = self.parse(data)
        return Found(
            self.method,
            self.location,
            parsed.ours,
            parsed.command,
            parsed.active,
            parsed.note,
            parsed.argv,
        )

    def install(self, command: LaunchCommand) -> list[str]:
        """Write the file unless it already says exactly this; refuse to replace a foreign one."""
        data = self.render(command)
        found = self.find()
        if found is not None and not found.ours:
            raise AutostartError(
                f"{self.path} exists but sitbreak did not write it; move it away (or delete it)"
                " and run 'sitbreak autostart enable' again"
            )
        if found is not None and self.path.read_bytes() == data:
            return [f"Already enabled ({self.method}): {self.path} is up to date.", *self.ensure()]
        try:
            write_atomic(self.path, data, mode=0o644)
        except OSError as error:
            raise AutostartError(f"cannot write {self.path}: {error.strerror or error}") from None
        verb = "Updated" if found is not None else "Wrote"
        return [f"{verb} {self.path}.", *self.after_install()]

    def uninstall(self) -> list[str]:
        """Remove the file if sitbreak wrote it; a foreign file is left alone, and said so."""
        found = self.find()
        if found is None:
            return []
        if not found.ours:
            return [f"Left {self.path} alone: sitbreak did not write it."]
        lines = self.before_uninstall()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        return [*lines, f"Removed {self.path}.", *self.after_uninstall()]

    def ensure(self) -> list[str]:
        """When the file is already right: make sure the rest is too (systemd: enabled)."""
        return []

    def after_install(self) -> list[str]:
        """Steps after a new file is written (systemd: reload, enable)."""
        return []

    def before_uninstall(self) -> list[str]:
        """Steps before the file goes (systemd: disable)."""
        return []

    def after_uninstall(self) -> list[str]:
        """Steps after the file has gone (systemd: reload)."""
        return []


BREAK = None
"""A token that ends the argument being read (unquoted whitespace)."""

QUOTE = ""
"""A token for a quote mark: it adds no character but makes an argument exist, even ``""``."""


def join_words(tokens: Iterable[str | None]) -> list[str]:
    """The arguments spelled by ``tokens``: characters, QUOTE marks and BREAKs between words."""
    words: list[str] = []
    current: list[str] | None = None
    for token in tokens:
        if token is BREAK:
            if current is not None:
                words.append("".join(current))
            current = None
        elif current is None:
            current = [token]
        else:
            current.append(token)
    if current is not None:
        words.append("".join(current))
    return words


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

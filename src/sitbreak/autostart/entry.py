"""What every autostart method shares: its name, what it finds on disk, and how it is managed."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sitbreak.files import write_atomic

if TYPE_CHECKING:
    from sitbreak.autostart.command import LaunchCommand

__all__ = ["AutostartError", "FileEntry", "Found", "Method", "Parsed", "StartupEntry"]


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

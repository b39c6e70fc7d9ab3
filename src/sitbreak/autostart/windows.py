"""Windows: a ``sitbreak`` value in ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.

Explorer runs each value of that key as a command line at logon. Arguments are quoted the way
the C runtime splits them (``subprocess.list2cmdline``), so paths with spaces survive. The
entry runs ``pythonw.exe`` when it sits beside the interpreter, so no console window opens.
``winreg`` is imported only inside the functions that use it: this module loads everywhere.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from sitbreak.autostart.entry import (
    BREAK,
    QUOTE,
    AutostartError,
    Found,
    LaunchCommand,
    Method,
    join_words,
)

__all__ = [
    "RUN_KEY",
    "VALUE_NAME",
    "RegistryRunKey",
    "RunKey",
    "WindowsRun",
    "render_run_value",
    "split_run_value",
    "windowless",
]

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "sitbreak"
_ONLY_ON_WINDOWS = "the Windows registry exists only on Windows"


def render_run_value(argv: Sequence[str]) -> str:
    """The command line for ``argv``, quoted so the C runtime splits it back the same.

    The program name follows simpler rules than the arguments: Windows reads it up to the
    next quote with no escapes, so it is quoted whole when it has blanks, never escaped.
    """
    program, *arguments = argv
    if any(blank in program for blank in " \t") or not program:
        program = f'"{program}"'
    return " ".join([program, subprocess.list2cmdline(arguments)]) if arguments else program


def _split_program(text: str) -> tuple[str, str]:
    """The program (its quotes taken off, no escapes inside) and the rest of the line."""
    text = text.lstrip(" \t")
    if text.startswith('"'):
        program, _, rest = text[1:].partition('"')
        return program, rest
    program, _, rest = text.partition(" ")
    return program, rest


def _argument_tokens(rest: str) -> Iterator[str | None]:
    """Characters, quote marks and breaks after the program: 2n backslashes and a quote are n
    backslashes and a quote mark, 2n+1 are n backslashes and a literal quote; others are literal.
    """
    quoted, backslashes = False, 0
    for char in rest:
        if char == "\\":
            backslashes += 1
            continue
        if char == '"':
            if backslashes >= 2:
                yield "\\" * (backslashes // 2)
            if backslashes % 2:
                yield '"'
            else:
                quoted = not quoted
                yield QUOTE
        else:
            if backslashes:
                yield "\\" * backslashes
            yield BREAK if char in " \t" and not quoted else char
        backslashes = 0
    if backslashes:
        yield "\\" * backslashes


def split_run_value(text: str) -> list[str]:
    """The arguments of a command line, split as the C runtime does (CommandLineToArgvW)."""
    program, rest = _split_program(text)
    return [program, *join_words(_argument_tokens(rest))]


def windowless(command: LaunchCommand) -> LaunchCommand:
    """The same command run by ``pythonw.exe`` when there is one beside ``python.exe``."""
    interpreter = Path(command.interpreter)
    if interpreter.name.lower() != "python.exe":
        return command
    candidate = interpreter.with_name("pythonw.exe")
    quiet = LaunchCommand(str(candidate), command.config)
    return quiet if quiet.interpreter_exists() else command


class RunKey(Protocol):
    """The Run key's string values, by name."""

    def get(self, name: str) -> str | None:
        """The value's text, or None when there is no such value."""

    def set(self, name: str, text: str) -> None:
        """Create or replace the value."""

    def delete(self, name: str) -> None:
        """Remove the value."""


class RegistryRunKey:
    """The current user's real Run key, through winreg (which exists only on Windows)."""

    def get(self, name: str) -> str | None:
        """Read a REG_SZ value."""
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                    value, _kind = winreg.QueryValueEx(key, name)
            except FileNotFoundError:
                return None
            return str(value)
        raise OSError(_ONLY_ON_WINDOWS)

    def set(self, name: str, text: str) -> None:
        """Write a REG_SZ value, creating the key if it is missing."""
        if sys.platform == "win32":
            import winreg

            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.SetValueEx(key, name, 0, winreg.REG_SZ, text)
            return
        raise OSError(_ONLY_ON_WINDOWS)

    def delete(self, name: str) -> None:
        if sys.platform == "win32":
            import winreg

            access = winreg.KEY_SET_VALUE
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, access) as key:
                winreg.DeleteValue(key, name)
            return
        raise OSError(_ONLY_ON_WINDOWS)


class WindowsRun:
    """sitbreak's Run value: recognised as ours when it runs ``-m sitbreak run``."""

    method = Method.WINDOWS

    def __init__(self, key: RunKey | None = None) -> None:
        """Manage the value in ``key`` (the real Run key by default)."""
        self.key: RunKey = key if key is not None else RegistryRunKey()

    @property
    def location(self) -> str:
        """The value's full name."""
        return f"HKCU\\{RUN_KEY}\\{VALUE_NAME}"

    def find(self) -> Found | None:
        """The value there now, or None."""
        try:
            text = self.key.get(VALUE_NAME)
        except OSError as error:
            raise AutostartError(f"cannot read {self.location}: {error}") from None
        if text is None:
            return None
        command = LaunchCommand.from_argv(split_run_value(text))
        return Found(self.method, self.location, command is not None, command)

    def install(self, command: LaunchCommand) -> list[str]:
        """Write the value unless it already says exactly this; never replace a foreign one."""
        text = render_run_value(windowless(command).argv())
        found = self.find()
        if found is not None and not found.ours:
            raise AutostartError(
                f"{self.location} exists but does not run sitbreak's module; remove it"
                " (regedit) and run 'sitbreak autostart enable' again"
            )
        if found is not None and self.key.get(VALUE_NAME) == text:
            return [f"Already enabled (windows): {self.location} is up to date."]
        try:
            self.key.set(VALUE_NAME, text)
        except OSError as error:
            raise AutostartError(f"cannot write {self.location}: {error}") from None
        return [f"{'Updated' if found else 'Wrote'} {self.location} = {text}"]

    def uninstall(self) -> list[str]:
        """Remove the value if sitbreak wrote it."""
        found = self.find()
        if found is None:
            return []
        if not found.ours:
            return [f"Left {self.location} alone: sitbreak did not write it."]
        self.key.delete(VALUE_NAME)
        return [f"Removed {self.location}."]

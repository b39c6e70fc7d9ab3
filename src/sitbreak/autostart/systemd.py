"""A systemd user unit bound to the graphical session, quoted per systemd.service(5), and the
``systemctl --user`` calls that enable it (or the command to run by hand where they cannot run).

ExecStart rules: ``%`` starts a specifier, so it is written ``%%``; ``$`` starts a variable, so it
is written ``$$``; words split at whitespace unless quoted, and C escapes (``\\"``, ``\\\\``,
``\\n``) work inside quotes. ``PartOf=``/``After=``/``WantedBy=graphical-session.target`` start
the daemon with the desktop and stop it with the desktop (systemd.special(7)).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitbreak.autostart.entry import (
    BREAK,
    QUOTE,
    AutostartError,
    FileEntry,
    LaunchCommand,
    Method,
    Parsed,
    join_words,
)

__all__ = [
    "UNIT_NAME",
    "Systemctl",
    "SystemctlResult",
    "SystemdUnit",
    "render_unit",
    "unit_exec_quote",
    "unit_exec_split",
]


UNIT_NAME = "sitbreak.service"
TARGET = "graphical-session.target"
MARKER_KEY = "X-Sitbreak-Generated"
_SAFE = re.compile(r"[A-Za-z0-9/._+,:=@-]+")
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_C_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "s": " "}
_KEY_LINE = re.compile(r"([A-Za-z0-9-]+)\s*=\s*(.*)")


def _is_control(char: str) -> bool:
    """True for ASCII control characters."""
    return ord(char) < 0x20 or ord(char) == 0x7F


def _c_escape(char: str) -> str:
    """One character as systemd reads it inside double quotes."""
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    if _is_control(char):
        return f"\\x{ord(char):02x}"
    return char


def _quote_word(word: str) -> str:
    """One word: bare when it is plain, else in double quotes with C escapes; ``%`` doubled."""
    if not _SAFE.fullmatch(word):
        word = '"' + "".join(_c_escape(char) for char in word) + '"'
    return word.replace("%", "%%")


def unit_exec_quote(argv: Sequence[str]) -> str:
    """The ExecStart value that runs ``argv`` exactly; ValueError when systemd cannot.

    Variables are expanded in the arguments but not in the program's path, so only the
    arguments double their ``$``. systemd refuses program paths holding quotes, backslashes or
    control characters ("Executable name contains special characters").
    """
    program, *arguments = argv
    refused = sorted({char for char in program if char in "\"'\\" or _is_control(char)})
    if refused:
        shown = " ".join(repr(char) for char in refused)
        raise ValueError(f"systemd cannot run a program whose path holds {shown}: {program}")
    words = [_quote_word(program)]
    words += [_quote_word(argument).replace("$", "$$") for argument in arguments]
    return " ".join(words)


def _c_unescape(text: str, index: int) -> tuple[str, int]:
    """The character a backslash escape at ``text[index]`` stands for, and the index after it."""
    escaped = text[index + 1 : index + 2]
    if escaped == "x":
        return chr(int(text[index + 2 : index + 4], 16)), index + 4
    return _C_UNESCAPES.get(escaped, escaped), index + 2


def _exec_tokens(text: str) -> Iterator[str | None]:
    """Characters, quote marks and breaks of an ExecStart value whose ``%%`` are undone."""
    quote: str | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            char, index = _c_unescape(text, index)
            yield char
            continue
        if quote is None and char in "\"'":
            quote = char
            yield QUOTE
        elif char == quote:
            quote = None
        else:
            yield BREAK if quote is None and char.isspace() else char
        index += 1
    if quote is not None:
        raise ValueError("unbalanced quotes")


def unit_exec_split(value: str) -> list[str]:
    """The arguments of an ExecStart value (specifiers other than ``%%`` are left as written)."""
    words = join_words(_exec_tokens(value.replace("%%", "%")))
    return words[:1] + [word.replace("$$", "$") for word in words[1:]]


def render_unit(command: LaunchCommand) -> str:
    """The unit file that runs ``command`` for as long as the graphical session lasts."""
    return f"""\
# Written by 'sitbreak autostart enable'; 'sitbreak autostart disable' removes it.
[Unit]
Description=sitbreak: reminders to stand up, stretch and check your posture
PartOf={TARGET}
After={TARGET}
{MARKER_KEY}=true

[Service]
Type=simple
ExecStart={unit_exec_quote(command.argv())}
Restart=on-failure
RestartSec=5s
# 1 = another sitbreak already runs, 2 = bad settings ('sitbreak config check'): restarting
# fixes neither. A crash exits 70 and is restarted.
RestartPreventExitStatus=1 2

[Install]
WantedBy={TARGET}
"""


def _unit_keys(text: str) -> dict[str, str]:
    """Every ``Key=value`` of the unit, whatever its section (the first one wins)."""
    keys: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line and line[0] not in "#;[" and (match := _KEY_LINE.fullmatch(line)):
            keys.setdefault(match[1], match[2])
    return keys


class SystemdUnit(FileEntry):
    """``<config home>/systemd/user/sitbreak.service``, enabled for the graphical session."""

    method = Method.SYSTEMD

    def __init__(self, config_home: Path, systemctl: Systemctl | None = None) -> None:
        """Manage the unit under ``config_home``; ``systemctl`` runs ``systemctl --user``."""
        unit_dir = config_home / "systemd" / "user"
        super().__init__(unit_dir / UNIT_NAME)
        self.wants_link = unit_dir / f"{TARGET}.wants" / UNIT_NAME
        self.systemctl = systemctl if systemctl is not None else Systemctl()

    def render(self, command: LaunchCommand) -> bytes:
        """The unit file, UTF-8; AutostartError when systemd could not run this interpreter."""
        try:
            return render_unit(command).encode("utf-8")
        except ValueError as error:
            raise AutostartError(f"{error}; use --method xdg instead") from None

    def parse(self, data: bytes) -> Parsed:
        """Ours when marked; the command from ExecStart; on when enabled for the session."""
        keys = _unit_keys(data.decode("utf-8", errors="replace"))
        try:
            argv = tuple(unit_exec_split(keys.get("ExecStart", "")))
        except ValueError:
            argv = ()
        command = LaunchCommand.from_argv(argv)
        active = self.wants_link.is_symlink() or self.wants_link.exists()
        note = "" if active else f"not enabled; run: systemctl --user enable {UNIT_NAME}"
        return Parsed(keys.get(MARKER_KEY, "").lower() == "true", command, active, note, argv)

    def ensure(self) -> list[str]:
        """An unchanged unit may still need enabling."""
        found = self.find()
        return [] if found is not None and found.active else self._enable()

    def after_install(self) -> list[str]:
        """Tell the user manager about the new unit, and enable it."""
        return [*self.systemctl.reload(), *self._enable()]

    def _enable(self) -> list[str]:
        """``systemctl --user enable``, or say how to do it when systemctl cannot."""
        done = self.systemctl.run("enable", UNIT_NAME)
        if done.ok:
            return [f"Enabled {UNIT_NAME} for {TARGET}."]
        return [f"Could not enable {UNIT_NAME} ({done.reason}); run: {done.command}"]

    def before_uninstall(self) -> list[str]:
        """Disable the unit (or remove its link when systemctl cannot) before it goes."""
        if not (self.wants_link.is_symlink() or self.wants_link.exists()):
            return []
        done = self.systemctl.run("disable", UNIT_NAME)
        if done.ok:
            return [f"Disabled {UNIT_NAME}."]
        if self.wants_link.is_symlink() and self.wants_link.resolve() == self.path.resolve():
            self.wants_link.unlink()
            return [f"Removed {self.wants_link} ({done.reason})."]
        return [f"Could not disable {UNIT_NAME} ({done.reason}); run: {done.command}"]

    def after_uninstall(self) -> list[str]:
        """Tell the user manager the unit has gone; a running daemon keeps running."""
        return self.systemctl.reload()


_TIMEOUT = 30.0


@dataclass(frozen=True)
class SystemctlResult:
    """How one ``systemctl --user`` call went: ok, or why not and the command to run by hand."""

    ok: bool
    command: str
    reason: str = ""


class Systemctl:
    """``systemctl --user`` found on PATH (or given), run with a timeout and its errors kept."""

    def __init__(self, program: str | None = None) -> None:
        """Use ``program``, else systemctl from PATH; without one every call says what to run."""
        self.program = program if program is not None else shutil.which("systemctl")

    def run(self, *args: str) -> SystemctlResult:
        """Run ``systemctl --user ARGS``; never raises."""
        shown = shlex.join(["systemctl", "--user", *args])
        if self.program is None:
            return SystemctlResult(False, shown, "systemctl is not on PATH")
        try:
            done = subprocess.run(
                [self.program, "--user", *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return SystemctlResult(False, shown, str(error))
        if done.returncode == 0:
            return SystemctlResult(True, shown)
        reason = (done.stderr.strip() or done.stdout.strip()).splitlines()
        return SystemctlResult(
            False, shown, reason[-1] if reason else f"exit status {done.returncode}"
        )

    def reload(self) -> list[str]:
        """``daemon-reload``; when no user manager answers, say it reads units at next login."""
        done = self.run("daemon-reload")
        if done.ok:
            return []
        return [
            f"No systemd user manager answered ({done.reason}); it reads the unit at next login"
            f" (or run: {done.command})."
        ]

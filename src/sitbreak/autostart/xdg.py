"""XDG autostart: ``$XDG_CONFIG_HOME/autostart/sitbreak.desktop``, per the Desktop Entry spec.

The Exec rules (specifications.freedesktop.org/desktop-entry-spec, "The Exec key"): an
argument holding a reserved character goes in double quotes, where ``"``, `````, ``$`` and ``\\``
take a backslash; ``%`` is written ``%%`` because ``%f``-style field codes are expanded; then the
whole value is escaped as a string (``\\`` becomes ``\\\\``, newline ``\\n``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from sitbreak.autostart.entry import (
    BREAK,
    QUOTE,
    FileEntry,
    LaunchCommand,
    Method,
    Parsed,
    join_words,
)

__all__ = [
    "MARKER_KEY",
    "XdgAutostart",
    "exec_quote",
    "exec_split",
    "parse_desktop_entry",
    "render_desktop_entry",
]

MARKER_KEY = "X-Sitbreak-Generated"
FILE_NAME = "sitbreak.desktop"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_STRING_UNESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_ENTRY_LINE = re.compile(r"([A-Za-z0-9-]+(?:\[[^\]]+\])?)\s*=\s*(.*)")


def _escape_string(value: str) -> str:
    """A value escaped as the spec's ``string`` type: backslash, newline, tab, return."""
    return "".join(_STRING_ESCAPES.get(char, char) for char in value)


def _unescape_string(value: str) -> str:
    """Undo ``_escape_string`` (and ``\\s`` for a space)."""
    return re.sub(r"\\(.)", lambda m: _STRING_UNESCAPES.get(m[1], m[0]), value)


def _quote_argument(argument: str) -> str:
    """One argument as the Exec key wants it, before string escaping."""
    if argument and not _RESERVED & set(argument):
        return argument.replace("%", "%%")
    inner = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return '"' + inner.replace("%", "%%") + '"'


def exec_quote(argv: Sequence[str]) -> str:
    """The Exec value (as written in the file) that runs ``argv``."""
    return _escape_string(" ".join(_quote_argument(argument) for argument in argv))


def _exec_tokens(text: str) -> Iterator[str | None]:
    """Characters, quote marks and breaks of an unescaped Exec value."""
    quoted, index = False, 0
    while index < len(text):
        char, after = text[index], text[index + 1 : index + 2]
        if char == "%" and after == "%":
            yield "%"
            index += 1
        elif quoted and char == "\\" and after:
            yield after
            index += 1
        elif char == '"':
            quoted = not quoted
            yield QUOTE
        else:
            yield BREAK if char == " " and not quoted else char
        index += 1
    if quoted:
        raise ValueError("unbalanced quotes")


def exec_split(value: str) -> list[str]:
    """The arguments of an Exec value as written in the file; ValueError on unbalanced quotes."""
    return join_words(_exec_tokens(_unescape_string(value)))


def render_desktop_entry(command: LaunchCommand) -> str:
    """The ``.desktop`` file that starts ``command`` at login, marked as written by sitbreak."""
    lines = [
        "# Written by 'sitbreak autostart enable'; 'sitbreak autostart disable' removes it.",
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=sitbreak",
        "GenericName=Break reminder",
        "Comment=Reminds you to stand up, stretch and check your posture",
        f"Exec={exec_quote(command.argv())}",
        f"TryExec={_escape_string(command.interpreter)}",
        "Terminal=false",
        "NoDisplay=true",
        "StartupNotify=false",
        "X-GNOME-Autostart-enabled=true",
        f"{MARKER_KEY}=true",
    ]
    return "\n".join(lines) + "\n"


def parse_desktop_entry(text: str) -> dict[str, str]:
    """The keys of the ``[Desktop Entry]`` group, values as written (not yet unescaped)."""
    keys: dict[str, str] = {}
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and (match := _ENTRY_LINE.fullmatch(line)):
            keys.setdefault(match[1], match[2])
    return keys


class XdgAutostart(FileEntry):
    """The entry in ``<config home>/autostart``: desktops read it at login."""

    method = Method.XDG

    def __init__(self, config_home: Path) -> None:
        """Manage ``config_home/autostart/sitbreak.desktop``."""
        super().__init__(config_home / "autostart" / FILE_NAME)

    def render(self, command: LaunchCommand) -> bytes:
        """The desktop entry, UTF-8."""
        return render_desktop_entry(command).encode("utf-8")

    def parse(self, data: bytes) -> Parsed:
        """Ours when marked; the command from Exec; off when Hidden or disabled for GNOME."""
        keys = parse_desktop_entry(data.decode("utf-8", errors="replace"))
        try:
            argv = tuple(exec_split(keys.get("Exec", "")))
        except ValueError:
            argv = ()
        command = LaunchCommand.from_argv(argv)
        active = (
            keys.get("Hidden", "").lower() != "true"
            and keys.get("X-GNOME-Autostart-enabled", "").lower() != "false"
        )
        note = "" if active else "switched off in the desktop's startup settings"
        return Parsed(keys.get(MARKER_KEY, "").lower() == "true", command, active, note, argv)

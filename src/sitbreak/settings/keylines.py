"""Find the line of a key in TOML text, so errors can point at it without a TOML editing library."""

from __future__ import annotations

import re

from sitbreak.settings.keys import KeyPath, split_key

__all__ = ["find_key_line"]

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"\[\[\s*({_DOTTED_KEY})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\[\s*({_DOTTED_KEY})\s*\]")
_KEY_LINE = re.compile(rf"({_DOTTED_KEY})\s*=")
_PART_RE = re.compile(_KEY_PART)


def _key_parts(text: str) -> tuple[str, ...]:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``; escapes in quoted parts are left as written."""
    return tuple(part.strip("\"'") for part in _PART_RE.findall(text))


class _Scanner:
    """Walks TOML lines and knows the full key path of each header and ``key =`` line."""

    def __init__(self) -> None:
        self.table: KeyPath = ()
        self.array_index: dict[tuple[str, ...], int] = {}
        self.in_multiline: str | None = None

    def _resolve(self, names: tuple[str, ...]) -> KeyPath:
        """Insert the current position after every prefix that is an array of tables."""
        path: list[str | int] = []
        for depth, name in enumerate(names, start=1):
            path.append(name)
            if names[:depth] in self.array_index:
                path.append(self.array_index[names[:depth]])
        return tuple(path)

    def _open_array_item(self, names: tuple[str, ...]) -> KeyPath:
        """Start the next ``[[names]]`` entry and forget the positions of arrays inside it."""
        position = self.array_index.get(names, -1) + 1
        for inner in [key for key in self.array_index if key[: len(names)] == names]:
            del self.array_index[inner]
        self.array_index[names] = position
        return self._resolve(names)

    def path_of(self, line: str) -> KeyPath | None:
        """The full key path a line declares, or None for blank, comment and value lines."""
        if self.in_multiline is not None:
            if line.count(self.in_multiline) % 2 == 1:
                self.in_multiline = None
            return None
        stripped = line.strip()
        found: KeyPath | None = None
        if match := _ARRAY_HEADER.match(stripped):
            self.table = found = self._open_array_item(_key_parts(match.group(1)))
        elif match := _TABLE_HEADER.match(stripped):
            self.table = found = self._resolve(_key_parts(match.group(1)))
        elif match := _KEY_LINE.match(stripped):
            found = (*self.table, *_key_parts(match.group(1)))
        for quotes in ('"""', "'''"):
            if stripped.count(quotes) % 2 == 1:
                self.in_multiline = quotes
        return found


def find_key_line(text: str, dotted_key: str) -> int | None:
    """The 1-based line that sets ``dotted_key`` (e.g. ``guidance.custom[0].kind``), if any.

    An exact match wins; else the first line inside that table (for errors about a whole
    table); else the deepest header or key that encloses it (an inline table, or an entry
    that lacks the key).
    """
    target = split_key(dotted_key)
    inside: int | None = None
    container: tuple[int, int] | None = None  # (depth, line) of the deepest enclosing line
    scanner = _Scanner()
    for number, line in enumerate(text.splitlines(), start=1):
        path = scanner.path_of(line)
        if path is None:
            continue
        if path == target:
            return number
        if inside is None and path[: len(target)] == target:
            inside = number
        elif target[: len(path)] == path and (container is None or len(path) > container[0]):
            container = (len(path), number)
    if inside is not None:
        return inside
    return container[1] if container is not None else None

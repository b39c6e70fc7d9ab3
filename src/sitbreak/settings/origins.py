"""Where each setting's value came from, traced over the data the sources gave pydantic-settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sitbreak.settings.keys import KeyPath

__all__ = ["Origin", "TracedSource", "trace_origins"]


@dataclass(frozen=True)
class Origin:
    """Where a value was written: ``kind`` is file, environment or flag; ``source`` says exactly."""

    kind: str
    source: str


class TracedSource(Protocol):
    """A settings source that can say which of its inputs wrote the value at a key path."""

    def __call__(self) -> dict[str, Any]:
        """The data the source gives pydantic-settings: nested dicts by setting name."""
        ...  # pragma: no cover - a protocol

    def origin_of(self, path: KeyPath) -> Origin:
        """The input (file, variable, flag) that wrote the value at ``path``."""
        ...  # pragma: no cover - a protocol


def _values(data: Mapping[str, Any], prefix: KeyPath = ()) -> Iterable[tuple[KeyPath, bool]]:
    """Every path that holds a value, and whether that value is an empty table.

    Recursive: the sources refuse data nested deeper than any setting before it gets here.
    """
    for name, value in data.items():
        path = (*prefix, name)
        if isinstance(value, Mapping) and value:
            yield from _values(value, path)
        else:
            yield path, isinstance(value, Mapping)


_HERE = object()
"""The key in an index node marking that a value is held at that node's path."""


class _PathIndex:
    """The paths held so far, as a tree, so those overlapping a new one are found in passing.

    A scan of every held path per new path made checking 20,000 unknown keys take 41 s.
    """

    def __init__(self) -> None:
        self._root: dict[object, Any] = {}

    def _node(self, path: KeyPath) -> dict[object, Any] | None:
        node: dict[object, Any] | None = self._root
        for part in path:
            if node is None:
                return None
            node = node.get(part)
        return node

    def overlapping(self, path: KeyPath) -> list[KeyPath]:
        """Held paths that are ``path``, lie above it or lie inside it."""
        found = [
            path[:depth] for depth in range(len(path)) if _HERE in (self._node(path[:depth]) or {})
        ]
        node = self._node(path)
        if node is None:
            return found
        stack: list[tuple[KeyPath, dict[object, Any]]] = [(path, node)]
        while stack:
            at, inner = stack.pop()
            for key, child in inner.items():
                if key is _HERE:
                    found.append(at)
                else:
                    stack.append(((*at, key), child))  # type: ignore[arg-type]
        return found

    def has_inside(self, path: KeyPath) -> bool:
        """Whether a held path lies strictly inside ``path``."""
        node = self._node(path)
        return node is not None and any(key is not _HERE for key in node)

    def replace(self, path: KeyPath) -> None:
        """Hold ``path`` alone: what lay above or inside it is let go."""
        node = self._root
        for part in path[:-1]:
            node.pop(_HERE, None)
            node = node.setdefault(part, {})
        node.pop(_HERE, None)
        node[path[-1]] = {_HERE: True}


def trace_origins(sources: Iterable[TracedSource]) -> dict[KeyPath, Origin]:
    """The origin of every value that survives the merge; ``sources`` strongest first.

    This mirrors how pydantic-settings merges sources (``deep_update``): a value replaces what
    weaker sources wrote at, inside or above its key; an empty table replaces only a value, since
    merged into a table it changes nothing.
    """
    origins: dict[KeyPath, Origin] = {}
    index = _PathIndex()
    for source in reversed(list(sources)):
        for path, empty_table in _values(source()):
            if empty_table and index.has_inside(path):
                continue
            for replaced in index.overlapping(path):
                del origins[replaced]
            index.replace(path)
            origins[path] = source.origin_of(path)
    return origins

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


def _overlaps(one: KeyPath, other: KeyPath) -> bool:
    """True when one path is the other or lies inside it."""
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def _values(data: Mapping[str, Any], prefix: KeyPath = ()) -> Iterable[tuple[KeyPath, bool]]:
    """Every path that holds a value, and whether that value is an empty table."""
    for name, value in data.items():
        path = (*prefix, name)
        if isinstance(value, Mapping) and value:
            yield from _values(value, path)
        else:
            yield path, isinstance(value, Mapping)


def trace_origins(sources: Iterable[TracedSource]) -> dict[KeyPath, Origin]:
    """The origin of every value that survives the merge; ``sources`` strongest first.

    This mirrors how pydantic-settings merges sources (``deep_update``): a value replaces what
    weaker sources wrote at, inside or above its key; an empty table replaces only a value, since
    merged into a table it changes nothing.
    """
    origins: dict[KeyPath, Origin] = {}
    for source in reversed(list(sources)):
        for path, empty_table in _values(source()):
            if empty_table and any(_inside(known, path) for known in origins):
                continue
            for replaced in [known for known in origins if _overlaps(known, path)]:
                del origins[replaced]
            origins[path] = source.origin_of(path)
    return origins


def _inside(known: KeyPath, path: KeyPath) -> bool:
    """True when ``known`` lies strictly inside ``path``."""
    return len(known) > len(path) and known[: len(path)] == path

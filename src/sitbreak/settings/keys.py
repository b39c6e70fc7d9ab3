"""Dotted setting keys such as ``guidance.custom[0].kind``, and the shape of the schema."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sitbreak.settings.model import Settings

__all__ = ["KeyPath", "dotted", "leaf_paths", "model_at", "put_at", "split_key"]

KeyPath = tuple[str | int, ...]
"""A key as parts: table and key names, and list positions as ints."""

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def dotted(path: KeyPath) -> str:
    """Write a key path the way people read it: ``guidance.custom[0].kind``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def split_key(key: str) -> KeyPath:
    """Parse ``guidance.custom[0].kind`` back into ``("guidance", "custom", 0, "kind")``."""
    parts: list[str | int] = []
    for match in _PART.finditer(key):
        name, index = match.groups()
        parts.append(int(index) if index is not None else name.strip())
    return tuple(parts)


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly or as the items of a list; None for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, types.UnionType, typing.Union):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def model_at(path: KeyPath, root: type[BaseModel] = Settings) -> type[BaseModel] | None:
    """The model class of the table at ``path`` (list positions skipped), or None if none is."""
    model: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _model_in(model.model_fields[part].annotation)
    return model


def leaf_paths(root: type[BaseModel] = Settings, prefix: KeyPath = ()) -> Iterator[KeyPath]:
    """Every key that holds a value rather than a table; a list of tables is one value."""
    for name, field in root.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from leaf_paths(annotation, (*prefix, name))
        else:
            yield (*prefix, name)


def put_at(tree: dict[str, Any], path: KeyPath, value: object) -> None:
    """Set ``value`` at ``path`` in nested dicts: a table merges key by key, a value replaces."""
    for name in path[:-1]:
        inner = tree.get(str(name))
        if not isinstance(inner, dict):
            inner = tree[str(name)] = {}
        tree = inner
    last = str(path[-1])
    if isinstance(value, dict) and isinstance(tree.get(last), dict):
        for name, inner_value in value.items():
            put_at(tree[last], (str(name),), inner_value)
    else:
        tree[last] = value

"""Dotted setting keys such as ``guidance.custom[0].kind``, the shape of the schema, and the line
of a settings file that sets a key (so errors can point at it)."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sitbreak.settings.model import Settings

__all__ = [
    "MAX_DEPTH",
    "KeyPath",
    "depth_of",
    "dotted",
    "find_key_line",
    "key_lines",
    "leaf_paths",
    "model_at",
    "put_at",
    "split_key",
    "typed_from_text",
]

KeyPath = tuple[str | int, ...]
"""A key as parts: table and key names, and list positions as ints."""

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,30}")
_TRUTH = {"true": True, "yes": True, "on": True, "1": True}
_TRUTH.update({"false": False, "no": False, "off": False, "0": False})

MAX_DEPTH = 12
"""Deeper than any setting (``guidance.custom[0].kind`` is 4): refused before it is walked."""


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


def depth_of(value: object, limit: int = MAX_DEPTH) -> int:
    """How deeply tables and lists nest in ``value``, counting no further than ``limit + 1``.

    Iterative, so a value nested a million levels deep is measured without recursion.
    """
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        if isinstance(item, dict):
            stack.extend((inner, depth + 1) for inner in item.values())
        elif isinstance(item, list):
            stack.extend((inner, depth + 1) for inner in item)
    return deepest


def typed_from_text(tree: dict[str, Any], model: type[BaseModel] = Settings) -> dict[str, Any]:
    """``tree`` with the text of true/false and whole-number settings read as such.

    Variables and flags carry only text; a file carries TOML's own types, which the settings
    take strictly as written (``enabled = "yes"`` is refused). Text that reads as neither is
    left for validation to refuse.
    """
    typed: dict[str, Any] = {}
    for name, value in tree.items():
        field = model.model_fields.get(name)
        typed[name] = value if field is None else _typed(value, field.annotation)
    return typed


def _typed(value: object, annotation: object) -> object:
    inner = _model_in(annotation)
    if inner is not None and isinstance(value, dict):
        return typed_from_text(value, inner)
    if inner is not None and isinstance(value, list):
        return [typed_from_text(v, inner) if isinstance(v, dict) else v for v in value]
    if not isinstance(value, str):
        return value
    if annotation is bool:
        return _TRUTH.get(value.strip().lower(), value)
    if annotation is int and _WHOLE_NUMBER.fullmatch(value.strip()):
        return int(value.strip())
    return value


_MARK = "\x00"  # never in a TOML file that parses: control characters are not allowed


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line on which each key, table and array entry of ``text`` is written.

    tomlkit keeps every character of the file, so each item is tagged with a marker where its
    line begins (its indent) and the document is written out again: the line a marker lands
    on is the item's. Tables with no line of their own (``[a.b]`` makes ``a`` one) are left
    out. Empty when the text is not TOML.
    """
    import tomlkit  # only when an error needs a line: the CLI client never pays for it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError:
        return {}
    tagged: list[KeyPath] = []
    _tag_items(document, (), tagged)
    lines: dict[KeyPath, int] = {}
    for number, line in enumerate(document.as_string().splitlines(), start=1):
        for index in line.split(_MARK)[1::2]:
            lines.setdefault(tagged[int(index)], number)
    return lines


def _tag_items(container: Any, path: KeyPath, tagged: list[KeyPath]) -> None:
    """Mark every item under ``container`` (a tomlkit Container) with its position in ``tagged``."""
    from tomlkit.items import AoT, InlineTable, Table

    for key, item in container.body:
        if key is None:  # whitespace and comments
            continue
        here = (*path, key.key)
        _tag(item, here, tagged)
        if isinstance(item, Table | InlineTable):
            _tag_items(item.value, here, tagged)
        elif isinstance(item, AoT):
            for index, entry in enumerate(item.body):
                _tag(entry, (*here, index), tagged)
                _tag_items(entry.value, (*here, index), tagged)


def _tag(item: Any, path: KeyPath, tagged: list[KeyPath]) -> None:
    tagged.append(path)
    item.trivia.indent = f"{_MARK}{len(tagged) - 1}{_MARK}{item.trivia.indent}"


def find_key_line(text: str, dotted_key: str) -> int | None:
    """The 1-based line that sets ``dotted_key`` (e.g. ``guidance.custom[0].kind``), if any.

    An exact match wins; else the first line inside that table (for errors about a whole
    table); else the deepest header or key that encloses it (an inline table, or an entry
    that lacks the key).
    """
    target = split_key(dotted_key)
    lines = key_lines(text)
    if target in lines:
        return lines[target]
    inside = [line for path, line in lines.items() if path[: len(target)] == target]
    if inside:
        return min(inside)
    enclosing = [(len(path), line) for path, line in lines.items() if target[: len(path)] == path]
    return max(enclosing)[1] if enclosing else None

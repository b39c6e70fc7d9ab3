"""Changing one setting in a TOML file while keeping the user's comments, order and layout."""

from __future__ import annotations

import difflib
import tomllib
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from sitbreak.printable import quoted
from sitbreak.settings.keys import KeyPath, dotted, leaf_paths, split_key

__all__ = ["known_key", "parse_cli_value", "set_in_toml"]


def parse_cli_value(text: str) -> object:
    """A value typed on the command line: TOML when it parses as a TOML value, else plain text.

    ``3`` is a number, ``true`` a boolean, ``["mon-fri"]`` a list and ``"true"`` (quoted) text;
    ``45m`` or ``08:00-19:00`` are not TOML values, so they are text without quotes.
    """
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def known_key(key: str) -> KeyPath:
    """The path of a setting such as ``reminders.micro.every``; ValueError with a guess if none."""
    path = split_key(key.strip().lower())
    leaves = {dotted(leaf): leaf for leaf in leaf_paths()}
    if dotted(path) in leaves:
        return leaves[dotted(path)]
    close = difflib.get_close_matches(dotted(path), list(leaves), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; 'sitbreak config show' lists them all"
    raise ValueError(f"{quoted(key)} is not a setting{hint}")


def set_in_toml(text: str, path: KeyPath, value: object) -> str:
    """``text`` with the key at ``path`` set to ``value``; everything else stays as written.

    A key already in the file keeps its place and its trailing comment. A new key goes right
    after the last value of its table, not after the comments that introduce the next table.
    A missing table is added at the end. ValueError when the text is not TOML or a part of the
    path holds a value rather than a table.
    """
    try:
        return _set(tomlkit.parse(text), path, value)
    except TOMLKitError as error:  # the file's syntax, or a key tomlkit will not place
        raise ValueError(str(error)) from None


def _set(document: TOMLDocument, path: KeyPath, value: object) -> str:
    """Set the key in the parsed document and render it."""
    table: Any = document
    for depth, name in enumerate(path[:-1], start=1):
        if name not in table:
            table[name] = tomlkit.table(is_super_table=depth < len(path) - 1)
        table = table[name]
        if not isinstance(table, Table | InlineTable | Container):
            raise ValueError(f"{dotted(path[:depth])} holds a value in the file, not a table")
    name = str(path[-1])
    if name in table or isinstance(table, InlineTable):
        table[name] = value
    else:
        _add_after_last_value(table, name, value)
    return document.as_string()


def _add_after_last_value(table: Table | Container, name: str, value: object) -> None:
    """Add ``name = value`` after the table's last value, before its trailing comments."""
    container = table.value if isinstance(table, Table) else table
    body = container.body
    values = [
        index
        for index, (key, item) in enumerate(body)
        if key is not None and not isinstance(item, Table | AoT)
    ]
    if not values or values[-1] == len(body) - 1:
        table[name] = value
        return
    # tomlkit has no public insert; _insert_at shifts its index the same way add() would
    container._insert_at(values[-1] + 1, name, value)

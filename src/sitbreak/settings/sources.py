"""The layers of settings (file, environment, flags) by key, and merging them key by key."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitbreak.settings.errors import ConfigError, ConfigProblem
from sitbreak.settings.keys import KeyPath
from sitbreak.settings.model import Settings

__all__ = [
    "NOT_SETTINGS",
    "Layer",
    "Origin",
    "environment_layer",
    "file_layer",
    "flag_layer",
    "merge",
    "read_config_text",
]

NOT_SETTINGS = frozenset({"SITBREAK_CONFIG"})
"""Variables with the settings prefix that are not settings themselves."""

_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


@dataclass(frozen=True)
class Origin:
    """Where a value was written: ``kind`` is file, environment or flag; ``source`` says exactly."""

    kind: str
    source: str


@dataclass
class Layer:
    """Values of one source, by leaf key path, each with its origin."""

    values: dict[KeyPath, object] = field(default_factory=dict)
    origins: dict[KeyPath, Origin] = field(default_factory=dict)

    def add(self, path: KeyPath, value: object, origin: Origin) -> None:
        """Set one value; a table becomes one value per key in it, so merging stays key by key."""
        if isinstance(value, dict) and value:
            for name, inner in value.items():
                self.add((*path, str(name)), inner, origin)
            return
        self.values[path] = value
        self.origins[path] = origin


def read_config_text(path: Path) -> str:
    """The config file's text; FileNotFoundError passes through, other failures are ConfigError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError([ConfigProblem(str(path), "", None, f"cannot read: {reason}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise ConfigError([ConfigProblem(str(path), "", line, message)]) from None


def _syntax_problem(message: str, text: str, path: Path) -> ConfigProblem:
    """A TOMLDecodeError's message as a problem on its line ("end of document" = last line)."""
    position = _TOML_POSITION.search(message)
    line = len(text.splitlines()) or 1
    if position is not None and position.group(1):
        line = int(position.group(1))
        message = message[: position.start()] + f" (column {position.group(2)})"
    elif position is not None:
        message = message[: position.start()] + " (at end of file)"
    return ConfigProblem(str(path), "", line, f"invalid TOML: {message}")


def file_layer(text: str, path: Path) -> Layer:
    """Parse TOML text into a layer; a syntax error becomes a ConfigError naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([_syntax_problem(str(error), text, path)]) from None
    except RecursionError:
        problem = ConfigProblem(str(path), "", None, "invalid TOML: nested too deeply")
        raise ConfigError([problem]) from None
    layer = Layer()
    origin = Origin("file", str(path))
    for name, value in data.items():
        layer.add((name,), value, origin)
    return layer


def _decode(text: str) -> object:
    """Text from a variable or flag; ``[...]`` and ``{...}`` are read as JSON lists and tables."""
    if text.strip()[:1] in ("[", "{"):
        return json.loads(text)
    return text


def environment_layer(environ: Mapping[str, str]) -> tuple[Layer, list[ConfigProblem]]:
    """Settings from ``SITBREAK_TABLE__KEY`` variables, and problems with their names or values."""
    prefix = str(Settings.model_config.get("env_prefix", "")).upper()
    delimiter = str(Settings.model_config.get("env_nested_delimiter", "__"))
    layer, problems = Layer(), []
    for name, text in sorted(environ.items()):
        if not name.upper().startswith(prefix) or name.upper() in NOT_SETTINGS:
            continue
        source = f"environment {name}"
        path: KeyPath = tuple(name[len(prefix) :].lower().split(delimiter))
        if not all(path):
            example = f"{prefix}REMINDERS{delimiter}MICRO{delimiter}EVERY"
            problems.append(ConfigProblem(source, "", None, f"not a setting name; e.g. {example}"))
            continue
        _add_text(layer, problems, path, text, Origin("environment", source))
    return layer, problems


def flag_layer(overrides: Mapping[str, str]) -> tuple[Layer, list[ConfigProblem]]:
    """Settings from ``--set reminders.micro.every=45m`` flags, and problems with keys or values."""
    layer, problems = Layer(), []
    for key, text in overrides.items():
        source = f"--set {key}"
        path: KeyPath = tuple(part.strip().lower() for part in key.split("."))
        if not all(path):
            message = "not a setting key; write e.g. reminders.micro.every=45m"
            problems.append(ConfigProblem(source, "", None, message))
            continue
        _add_text(layer, problems, path, text, Origin("flag", source))
    return layer, problems


def _add_text(
    layer: Layer, problems: list[ConfigProblem], path: KeyPath, text: str, origin: Origin
) -> None:
    """Decode one variable or flag into the layer, or record why it cannot be read."""
    try:
        value = _decode(text)
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        message = f'{text[:40]!r} is not valid JSON ({reason}); write lists like ["mon-fri"]'
        problems.append(ConfigProblem(origin.source, ".".join(map(str, path)), None, message))
        return
    layer.add(path, value, origin)


def _overlaps(one: KeyPath, other: KeyPath) -> bool:
    """True when one path is the other or lies inside it."""
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def merge(layers: Iterable[Layer]) -> tuple[dict[str, Any], dict[KeyPath, Origin]]:
    """Nested data for validation and the origin of each value; later layers win key by key."""
    values: dict[KeyPath, object] = {}
    origins: dict[KeyPath, Origin] = {}
    for layer in layers:
        for path, value in layer.values.items():
            for replaced in [known for known in values if _overlaps(known, path)]:
                del values[replaced], origins[replaced]
            values[path] = value
            origins[path] = layer.origins[path]
    nested: dict[str, Any] = {}
    for path, value in values.items():
        table = nested
        for name in path[:-1]:
            table = table.setdefault(str(name), {})
        table[str(path[-1])] = value
    return nested, origins

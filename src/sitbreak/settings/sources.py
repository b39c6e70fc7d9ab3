"""The three places settings come from, as pydantic-settings sources: the config file, the
``SITBREAK_*`` variables and the ``--set`` flags, each with problems that name where they are."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic.fields import FieldInfo
from pydantic_settings import (
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    TomlConfigSettingsSource,
)
from pydantic_settings.sources.utils import parse_env_vars

from sitbreak.files import FileTooLarge, NotARegularFile, read_regular
from sitbreak.settings.errors import ConfigError, ConfigProblem
from sitbreak.settings.fields import looks_like_json, parse_json_text
from sitbreak.settings.keys import MAX_DEPTH, KeyPath, depth_of, dotted, put_at, typed_from_text
from sitbreak.settings.origins import Origin

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from pydantic_settings import BaseSettings

__all__ = [
    "MAX_CONFIG_BYTES",
    "NOT_SETTINGS",
    "ConfigFileSource",
    "EnvironmentSource",
    "FlagSource",
    "TomlTextSource",
    "parse_toml",
    "read_config_text",
]


MAX_CONFIG_BYTES = 1024 * 1024
"""A settings file is a few kilobytes; one past this is not meant as one."""

_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def read_config_text(path: Path) -> str:
    """The config file's text; FileNotFoundError passes through, other failures are ConfigError.

    A link is followed (dotfile managers make them), but what it leads to must be a regular
    file of at most MAX_CONFIG_BYTES: a FIFO, a device or a socket is refused, never read.
    """
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        raise
    except (NotARegularFile, FileTooLarge) as error:
        problem = ConfigProblem(str(path), "", None, f"not a settings file: {error.strerror}")
        raise ConfigError([problem]) from None
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


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The tables of TOML text; a syntax error becomes a ConfigError naming the line.

    Nesting deeper than any setting is refused here too, before anything walks it.
    """
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([_syntax_problem(str(error), text, path)]) from None
    except RecursionError:
        problem = ConfigProblem(str(path), "", None, "invalid TOML: nested too deeply")
        raise ConfigError([problem]) from None
    except ValueError:  # int() refuses a number of more than 4,300 digits
        problem = ConfigProblem(str(path), "", None, "invalid TOML: a number far too long to read")
        raise ConfigError([problem]) from None
    if depth_of(tables) > MAX_DEPTH:
        message = f"tables or lists nest more than {MAX_DEPTH} levels deep; no setting does"
        raise ConfigError([ConfigProblem(str(path), "", None, message)])
    return tables


class ConfigFileSource(TomlConfigSettingsSource):
    """The config file, found and read by pydantic-settings' TOML source.

    Only the reading of one file is ours (``_read_file``, the hook every pydantic-settings file
    source implements), so that a file that is not UTF-8 or not TOML gives a ConfigError naming
    the line, and so that the text is kept for pointing at the line of each bad value. ``text``
    stays None when there is no file to read.
    """

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        """Read ``path`` if it is a file; ConfigError when it cannot be read or parsed."""
        self.path = path
        self.text: str | None = None
        super().__init__(settings_cls, toml_file=path)

    def _read_file(self, file_path: Path | Traversable) -> dict[str, Any]:
        """The file's tables, read as UTF-8 text and parsed with the file's lines in problems."""
        try:
            self.text = read_config_text(Path(str(file_path)))
        except FileNotFoundError:  # gone since pydantic-settings saw it
            problem = ConfigProblem(str(self.path), "", None, "cannot read: it was just removed")
            raise ConfigError([problem]) from None
        return parse_toml(self.text, self.path)

    def origin_of(self, path: KeyPath) -> Origin:  # noqa: ARG002 - one origin for all keys
        """Every value here was written in the file."""
        return Origin("file", str(self.path))


class TomlTextSource(InitSettingsSource):
    """TOML text as if it were the config file: for checking an edit before it is written."""

    def __init__(self, settings_cls: type[BaseSettings], text: str, path: Path) -> None:
        """Parse ``text``; ConfigError naming the line when it is not TOML."""
        self.path = path
        self.text = text
        super().__init__(settings_cls, parse_toml(text, path))

    def origin_of(self, path: KeyPath) -> Origin:  # noqa: ARG002 - one origin for all keys
        """Every value here was written in the (future) file."""
        return Origin("file", str(self.path))


NOT_SETTINGS = frozenset({"SITBREAK_CONFIG"})
"""Variables with the settings prefix that are not settings themselves."""


class EnvironmentSource(EnvSettingsSource):
    """``SITBREAK_TABLE__KEY`` variables, read by pydantic-settings from a mapping of our choice.

    Prefix and nested delimiter come from ``Settings.model_config``; names are read in any
    case. pydantic-settings finds the variables, nests them and decodes JSON. What it leaves out is
    ours: ``problems`` lists names with an empty part and values that are broken JSON (it would
    fail without naming the variable); variables naming no table are passed on, so validation
    refuses them as unknown settings (it would ignore them); text that is not JSON reaches
    validation as text, so a list written without brackets is refused with a clear message.
    """

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        """Read the settings variables among ``environ`` and note the problems with them."""
        self._environ = environ  # read by _load_env_vars, which the base __init__ calls
        super().__init__(settings_cls, case_sensitive=False)
        self.variables: dict[KeyPath, str] = {}
        """Each well-formed settings variable's key path (lower case) and name."""
        self.problems: list[ConfigProblem] = []
        for name in sorted(environ):
            self._check(name, environ[name])

    def _load_env_vars(self) -> Mapping[str, str | None]:
        """The given variables instead of ``os.environ``, names folded as pydantic-settings does.

        Sorted by name, so that a table's variable comes before those of keys inside it and the
        more precise variable wins whatever order the process environment has.
        """
        return parse_env_vars(
            dict(sorted(self._environ.items())),
            self.case_sensitive,
            self.env_ignore_empty,
            self.env_parse_none_str,
        )

    def _check(self, name: str, text: str) -> None:
        """Note a settings variable's key path, or what is wrong with its name or JSON value."""
        prefix, delimiter = self.env_prefix.upper(), self.env_nested_delimiter or "__"
        if not name.upper().startswith(prefix) or name.upper() in NOT_SETTINGS:
            return
        source = f"environment {name}"
        path: KeyPath = tuple(name[len(prefix) :].lower().split(delimiter))
        example = f"{prefix}REMINDERS{delimiter}MICRO{delimiter}EVERY"
        if not all(path) or len(path) > MAX_DEPTH:
            self.problems.append(
                ConfigProblem(source, "", None, f"not a setting name; e.g. {example}")
            )
            return
        self.variables[path] = name
        if looks_like_json(text):
            try:
                value = parse_json_text(text)
            except ValueError as error:
                self.problems.append(ConfigProblem(source, dotted(path), None, str(error)))
                return
            if depth_of(value) + len(path) > MAX_DEPTH:
                message = "the value is nested too deeply for any setting"
                self.problems.append(ConfigProblem(source, dotted(path), None, message))

    def decode_complex_value(self, field_name: str, field: FieldInfo, value: Any) -> Any:
        """JSON for text written as a list or table; other text is left for validation to judge."""
        if isinstance(value, str) and not looks_like_json(value):
            return value
        return super().decode_complex_value(field_name, field, value)

    def __call__(self) -> dict[str, Any]:
        """What pydantic-settings read, plus variables naming no table, for validation to refuse."""
        data = super().__call__()
        for path, name in self.variables.items():
            if path[0] not in self.settings_cls.model_fields:
                put_at(data, path, self._environ[name])
        return typed_from_text(data)

    def origin_of(self, path: KeyPath) -> Origin:
        """The variable that wrote the value at ``path``: the one naming most of the path."""
        wanted = tuple(str(part).lower() for part in path)
        writers = [known for known in self.variables if wanted[: len(known)] == known]
        name = self.variables[max(writers, key=len)] if writers else f"{self.env_prefix}..."
        return Origin("environment", f"environment {name}")


class FlagSource(PydanticBaseSettingsSource):
    """Settings from ``--set reminders.micro.every=45m`` flags, nested by their dotted keys.

    A value written ``[...]`` or ``{...}`` is JSON, anything else is text for validation to
    read. ``problems`` lists keys with an empty part and broken JSON; keys that name no setting
    are passed on, so validation refuses them with a suggestion.
    """

    def __init__(self, settings_cls: type[BaseSettings], overrides: Mapping[str, str]) -> None:
        """Read every flag, later flags winning over earlier ones key by key."""
        super().__init__(settings_cls)
        self.values: dict[str, Any] = {}
        self.flags: dict[KeyPath, str] = {}
        """Each well-formed flag's key path (lower case) and key as written."""
        self.problems: list[ConfigProblem] = []
        for key, text in overrides.items():
            self._add(key, text)

    def _add(self, key: str, text: str) -> None:
        """Put one flag's value at its key, or note why it cannot be read."""
        source = f"--set {key}"
        path: KeyPath = tuple(part.strip().lower() for part in key.split("."))
        if not all(path):
            message = "not a setting key; write e.g. reminders.micro.every=45m"
            self.problems.append(ConfigProblem(source, "", None, message))
            return
        if len(path) > MAX_DEPTH:
            message = f"a key of {len(path)} parts is no setting; settings have at most 4"
            self.problems.append(ConfigProblem(source, "", None, message))
            return
        try:
            value = parse_json_text(text) if looks_like_json(text) else text
        except ValueError as error:
            self.problems.append(ConfigProblem(source, dotted(path), None, str(error)))
            return
        if depth_of(value) + len(path) > MAX_DEPTH:
            message = "the value is nested too deeply for any setting"
            self.problems.append(ConfigProblem(source, dotted(path), None, message))
            return
        self.flags[path] = key
        put_at(self.values, path, value)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:  # noqa: ARG002
        """The flags' value for one top-level table (None when no flag sets it)."""
        return self.values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        """Every flag's value, nested by key; unknown keys too, so validation names them."""
        return typed_from_text(self.values)

    def origin_of(self, path: KeyPath) -> Origin:
        """The flag that wrote the value at ``path``: the one whose key covers most of it."""
        writers = [known for known in self.flags if path[: len(known)] == known]
        key = self.flags[max(writers, key=len)] if writers else "..."
        return Origin("flag", f"--set {key}")

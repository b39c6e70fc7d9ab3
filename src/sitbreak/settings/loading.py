"""Load settings: defaults < TOML file < ``SITBREAK_*`` variables < ``--set`` flags, key by key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from sitbreak import paths
from sitbreak.settings.errors import ConfigError, ConfigProblem
from sitbreak.settings.explain import explain, unknown_key
from sitbreak.settings.keylines import find_key_line
from sitbreak.settings.keys import KeyPath, dotted, leaf_paths
from sitbreak.settings.model import Settings
from sitbreak.settings.sources import (
    NOT_SETTINGS,
    Origin,
    environment_layer,
    file_layer,
    flag_layer,
    merge,
    read_config_text,
)

__all__ = [
    "CONFIG_VARIABLE",
    "NOT_SETTINGS",
    "ConfigError",
    "ConfigProblem",
    "LoadedSettings",
    "choose_config_file",
    "find_key_line",
    "load_settings",
    "validate_file_text",
]

CONFIG_VARIABLE = "SITBREAK_CONFIG"
"""The environment variable that names the config file."""

_TABLES = frozenset(Settings.model_fields)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where they came from: the file used and the origin of every key.

    ``origins`` maps each dotted key (``reminders.micro.every``) to "default", "file",
    "environment" or "flag".
    """

    settings: Settings
    config_file: Path
    file_exists: bool
    origins: Mapping[str, str]


def load_settings(
    config_path: Path | None = None,
    overrides: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> LoadedSettings:
    """Read the config file, environment and overrides; raise ConfigError listing every problem.

    The file is ``config_path``, else ``$SITBREAK_CONFIG``, else the default config file; only
    the default may be missing. ``environ`` defaults to ``os.environ``.
    """
    environ = os.environ if environ is None else environ
    config_file, named_by = choose_config_file(config_path, environ)
    env_layer, problems = environment_layer(environ)
    flags, flag_problems = flag_layer(overrides or {})
    problems += flag_problems
    text, file_problems = _read_file(config_file, named_by)
    layers = [env_layer, flags]
    if text is not None and not file_problems:
        try:
            layers.insert(0, file_layer(text, config_file))
        except ConfigError as error:
            file_problems = error.problems
    if file_problems or problems:
        raise ConfigError(file_problems + problems)
    data, origins = merge(layers)
    return LoadedSettings(
        settings=_validate(data, origins, config_file, text or ""),
        config_file=config_file,
        file_exists=text is not None,
        origins=MappingProxyType(_origin_kinds(origins)),
    )


def _validate(
    data: dict[str, Any], origins: Mapping[KeyPath, Origin], config_file: Path, text: str
) -> Settings:
    """Settings from merged data, or a ConfigError naming every problem and where it was written.

    Unknown top-level keys are refused before pydantic-settings sees them: it would take names
    like ``_cli_parse_args`` as options for itself rather than as settings.
    """
    details = [unknown_key(name, value) for name, value in data.items() if name not in _TABLES]
    try:
        settings = Settings(**{name: value for name, value in data.items() if name in _TABLES})
    except ValidationError as error:
        details += error.errors(include_url=False)
    if details:
        raise ConfigError(explain(details, origins, config_file, text))
    return settings


def validate_file_text(text: str, config_file: Path) -> Settings:
    """Settings from TOML text alone (no environment, no flags), as if it were ``config_file``.

    For checking an edit before it is written: ConfigError names the line and key as usual.
    """
    data, origins = merge([file_layer(text, config_file)])
    return _validate(data, origins, config_file, text)


def choose_config_file(
    config_path: Path | None, environ: Mapping[str, str]
) -> tuple[Path, str | None]:
    """The config file to read, and what named it (None for the default location)."""
    if config_path is not None:
        return Path(config_path).expanduser(), "given explicitly"
    named = environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser(), f"named by ${CONFIG_VARIABLE}"
    return paths.default_config_file(), None


def _read_file(config_file: Path, named_by: str | None) -> tuple[str | None, list[ConfigProblem]]:
    """The file's text (None when the default file is absent), or the problems reading it."""
    try:
        return read_config_text(config_file), []
    except FileNotFoundError:
        if named_by is None:
            return None, []
        return None, [ConfigProblem(str(config_file), "", None, f"no such file ({named_by})")]
    except ConfigError as error:
        return None, error.problems


def _origin_kinds(origins: Mapping[KeyPath, Origin]) -> dict[str, str]:
    """Every setting's dotted key and the kind of source its value came from."""
    kinds = {}
    for leaf in leaf_paths():
        found = [origin for path, origin in origins.items() if _covers(path, leaf)]
        kinds[dotted(leaf)] = found[-1].kind if found else "default"
    return kinds


def _covers(path: KeyPath, leaf: KeyPath) -> bool:
    """True when a value set at ``path`` is (part of) the setting at ``leaf``."""
    shorter = min(len(path), len(leaf))
    return path[:shorter] == leaf[:shorter]

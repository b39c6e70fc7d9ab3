"""Load settings: defaults < TOML file < ``SITBREAK_*`` variables < ``--set`` flags, key by key."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from pydantic import ValidationError
from pydantic_settings import SettingsError

from sitbreak import paths
from sitbreak.files import describe_file_type
from sitbreak.settings.errors import ConfigError, ConfigProblem, explain
from sitbreak.settings.keys import KeyPath, dotted, find_key_line, leaf_paths
from sitbreak.settings.model import Settings, reading_from
from sitbreak.settings.origins import Origin, trace_origins
from sitbreak.settings.sources import (
    NOT_SETTINGS,
    ConfigFileSource,
    EnvironmentSource,
    FlagSource,
    TomlTextSource,
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

_LoadSource = FlagSource | EnvironmentSource | ConfigFileSource | TomlTextSource
"""The sources a load reads: each can say which input wrote a value (``origin_of``)."""


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
    the default may be missing. ``environ`` defaults to ``os.environ``. pydantic-settings reads
    and merges the three sources (flags > environment > file > defaults, key by key).
    """
    environ = os.environ if environ is None else environ
    config_file, named_by = choose_config_file(config_path, environ)
    environment = EnvironmentSource(Settings, environ)
    flags = FlagSource(Settings, overrides or {})
    file_source, problems = _file_source(config_file, named_by)
    problems += environment.problems + flags.problems
    if file_source is None or problems:
        raise ConfigError(problems)
    settings, origins = _build([flags, environment, file_source], config_file, file_source.text)
    return LoadedSettings(
        settings=settings,
        config_file=config_file,
        file_exists=file_source.text is not None,
        origins=MappingProxyType(_origin_kinds(origins)),
    )


def validate_file_text(text: str, config_file: Path) -> Settings:
    """Settings from TOML text alone (no environment, no flags), as if it were ``config_file``.

    For checking an edit before it is written: ConfigError names the line and key as usual.
    """
    settings, _ = _build([TomlTextSource(Settings, text, config_file)], config_file, text)
    return settings


def _build(
    sources: Sequence[_LoadSource], config_file: Path, file_text: str | None
) -> tuple[Settings, dict[KeyPath, Origin]]:
    """Settings from ``sources`` (strongest first), or a ConfigError placing every problem."""
    try:
        origins = trace_origins(sources)
        with reading_from(sources):
            return Settings(), origins
    except ValidationError as error:
        details = error.errors(include_url=False)
        placed = explain(details, origins, config_file, file_text or "")
        raise ConfigError(placed, unlisted=len(details) - len(placed)) from None
    except SettingsError as error:  # the sources check what could fail here; just in case
        reason = f"{error} ({error.__cause__})" if error.__cause__ else str(error)
        raise ConfigError([ConfigProblem("settings", "", None, reason)]) from None


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


def _file_source(
    config_file: Path, named_by: str | None
) -> tuple[ConfigFileSource | None, list[ConfigProblem]]:
    """The config file as a source (reading nothing when the default file is absent), or why not."""
    try:
        mode = config_file.stat().st_mode
    except FileNotFoundError:
        if named_by is not None:
            return None, [ConfigProblem(str(config_file), "", None, f"no such file ({named_by})")]
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [ConfigProblem(str(config_file), "", None, f"cannot read: {reason}")]
    else:
        if not stat.S_ISREG(mode):  # pydantic-settings would take it for a missing file
            what = f"it is {describe_file_type(mode)}, not a regular file"
            return None, [ConfigProblem(str(config_file), "", None, f"not a settings file: {what}")]
    try:
        return ConfigFileSource(Settings, config_file), []
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

"""User settings: the schema, loading with precedence and precise errors, and the core's Policy."""

from sitbreak.settings.errors import ConfigError, ConfigProblem
from sitbreak.settings.loading import LoadedSettings, load_settings
from sitbreak.settings.model import Settings
from sitbreak.settings.to_policy import local_timezone, to_policy

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "LoadedSettings",
    "Settings",
    "load_settings",
    "local_timezone",
    "to_policy",
]

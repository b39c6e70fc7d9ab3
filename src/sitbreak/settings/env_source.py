"""``SITBREAK_*`` variables as a pydantic-settings source, plus the checks it does not make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic.fields import FieldInfo
from pydantic_settings import EnvSettingsSource
from pydantic_settings.sources.utils import parse_env_vars

from sitbreak.settings.errors import ConfigProblem
from sitbreak.settings.fields import looks_like_json, parse_json_text
from sitbreak.settings.keys import MAX_DEPTH, KeyPath, depth_of, dotted, put_at, typed_from_text
from sitbreak.settings.origins import Origin

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

__all__ = ["NOT_SETTINGS", "EnvironmentSource"]

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

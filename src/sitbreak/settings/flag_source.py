"""``--set KEY=VALUE`` flags as a pydantic-settings source, the strongest of them all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic.fields import FieldInfo
from pydantic_settings import PydanticBaseSettingsSource

from sitbreak.settings.errors import ConfigProblem
from sitbreak.settings.fields import looks_like_json, parse_json_text
from sitbreak.settings.keys import MAX_DEPTH, KeyPath, depth_of, dotted, put_at, typed_from_text
from sitbreak.settings.origins import Origin

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

__all__ = ["FlagSource"]


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

"""Everything the daemon derives from the settings, built in one place and swapped as a whole."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sitbreak.core import Policy
from sitbreak.guidance import (
    Catalog,
    GuidanceError,
    Prompt,
    build_catalog,
    load_builtin,
    render,
)
from sitbreak.notify.base import Reminder
from sitbreak.settings.keys import find_key_line
from sitbreak.settings.loading import ConfigError, ConfigProblem, LoadedSettings, load_settings
from sitbreak.settings.model import Settings
from sitbreak.settings.to_policy import local_timezone, to_policy

__all__ = ["Configuration", "configuration_from", "load_configuration"]


@dataclass(frozen=True)
class Configuration:
    """Loaded settings plus the policy and guidance catalog made from them."""

    loaded: LoadedSettings
    policy: Policy
    catalog: Catalog

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def warnings(self) -> tuple[str, ...]:
        """Things worth a log line that are not errors: unknown prompt ids, missing hooks."""
        return (*self._unknown_prompt_warnings(), *_missing_hook_warnings(self.settings))

    def _unknown_prompt_warnings(self) -> list[str]:
        unknown = self.catalog.unknown_disabled
        if not unknown:
            return []
        ids = [prompt.id for prompt in self.catalog.prompts]
        named = []
        for prompt_id in unknown:
            close = difflib.get_close_matches(prompt_id, ids, n=1)
            named.append(f"{prompt_id} (did you mean {close[0]}?)" if close else prompt_id)
        return [
            f"[guidance] disabled names unknown prompt ids: {', '.join(named)};"
            " 'sitbreak prompts' lists them"
        ]

    def reminder(
        self, prompt: Prompt, *, held: timedelta | None = None, standalone: bool = False
    ) -> Reminder:
        """``prompt`` worded as a notification, urgent and timed as ``[notifications]`` says.

        A ``standalone`` note (the safety note) stays until closed, beside the reminders, and
        is titled by itself rather than as a kind of break.
        """
        title, body = render(prompt, held_sitting=held)
        if standalone:
            title = prompt.title
        settings = self.settings.notifications
        timeout = timedelta(0) if standalone else settings.timeout
        return Reminder(
            prompt.kind,
            prompt.id,
            title,
            body,
            settings.urgency,
            timeout,
            prompt.image,
            standalone=standalone,
        )


def _missing_hook_warnings(settings: Settings) -> list[str]:
    """A hook whose program cannot be found would fail each time it runs."""
    hooks = settings.hooks
    warnings = []
    for name in (field for field in type(hooks).model_fields if field.startswith("on_")):
        argv: list[str] = getattr(hooks, name)
        if argv and not _program_exists(argv[0]):
            where = "is not an executable file" if os.sep in argv[0] else "is not found on PATH"
            warnings.append(f"hooks.{name}: the program {argv[0]!r} {where}; the hook would fail")
    return warnings


def _program_exists(program: str) -> bool:
    """True when ``program`` (a path, or a name looked up on PATH) can be run."""
    if os.sep in program:
        path = Path(program).expanduser()
        return path.is_file() and os.access(path, os.X_OK)
    return shutil.which(program) is not None


def load_configuration(
    config_path: Path | None = None, overrides: Mapping[str, str] | None = None
) -> Configuration:
    """Load settings and build policy and catalog; raise ConfigError for any bad input."""
    return configuration_from(load_settings(config_path, overrides))


def configuration_from(loaded: LoadedSettings) -> Configuration:
    """Policy and catalog for settings already loaded; ConfigError when the prompts clash."""
    settings = loaded.settings
    pictures = [_picture(entry.image, loaded.config_file) for entry in settings.guidance.custom]
    missing = [
        _missing_picture(loaded, number, path)
        for number, path in enumerate(pictures)
        if path is not None and not path.is_file()
    ]
    if missing:
        raise ConfigError(missing)
    custom = [
        Prompt(
            id=entry.id,
            kind=entry.kind,
            title=entry.title,
            text=entry.text,
            caution=entry.caution,
            image=picture,
            builtin=False,
            steps=steps,
            rounds=rounds,
        )
        for entry, picture in zip(settings.guidance.custom, pictures, strict=True)
        for steps, rounds in (entry.guide_steps(),)
    ]
    try:
        catalog = build_catalog(load_builtin(), custom, settings.guidance.disabled)
    except GuidanceError as error:
        source = str(loaded.config_file)
        raise ConfigError([ConfigProblem(source, "guidance.custom", None, str(error))]) from error
    return Configuration(loaded, to_policy(settings, local_timezone(settings)), catalog)


def _picture(image: str | None, config_file: Path) -> Path | None:
    """A custom prompt's picture: ``~`` expanded, a relative path taken from the config's folder."""
    if image is None:
        return None
    path = Path(image).expanduser()
    return path if path.is_absolute() else config_file.parent / path


def _missing_picture(loaded: LoadedSettings, number: int, path: Path) -> ConfigProblem:
    """The problem of a custom prompt whose picture is not there, placed where it was written."""
    key = f"guidance.custom[{number}].image"
    entry = loaded.settings.guidance.custom[number]
    message = f"custom prompt {entry.id!r}: no such file {path}"
    origin = loaded.origins.get("guidance.custom")
    if origin != "file":
        where = {"environment": "environment SITBREAK_GUIDANCE__CUSTOM"}
        return ConfigProblem(where.get(str(origin), "--set guidance.custom"), key, None, message)
    try:
        line = find_key_line(loaded.config_file.read_text(encoding="utf-8"), key)
    except OSError:
        line = None
    return ConfigProblem(str(loaded.config_file), key, line, message)

"""Config errors that say where each problem is (the file and line, the variable, or the flag),
made from pydantic's validation errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic_core import ErrorDetails

from sitbreak.settings.keys import KeyPath, dotted, find_key_line, leaf_paths, model_at
from sitbreak.settings.model import Settings
from sitbreak.settings.origins import Origin

__all__ = ["MAX_LISTED", "ConfigError", "ConfigProblem", "blame", "explain"]


MAX_LISTED = 20
"""Problems listed at most: 50,000 bad lines need their first few fixed, not a 6 MB list."""

# characters of each part of a problem, a backstop: values in messages are cut at the source
_MAX_PLACE = 160  # a path, a variable or flag, a key
_MAX_MESSAGE = 400


@dataclass(frozen=True)
class ConfigProblem:
    """One bad setting: where it was written, which key, on which line of a file, and what is wrong.

    ``source`` is a file path, ``environment SITBREAK_…`` or ``--set some.key``; ``key`` is the
    dotted setting key, or ``""`` for problems with the file as a whole (syntax, missing file).
    """

    source: str
    key: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """``source:line: key: message``, leaving out the parts that do not apply."""
        location = self.source if self.line is None else f"{self.source}:{self.line}"
        parts = (_cut(location, _MAX_PLACE), _cut(self.key, _MAX_PLACE), _cut(self.message))
        return ": ".join(part for part in parts if part)


def _cut(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class ConfigError(Exception):
    """The settings could not be loaded; ``problems`` lists the first MAX_LISTED problems found.

    ``unlisted`` counts the others, which the message mentions in one last line.
    """

    def __init__(self, problems: Iterable[ConfigProblem], unlisted: int = 0) -> None:
        """Keep the first problems; the message is one line per problem."""
        found = list(problems)
        self.problems = found[:MAX_LISTED]
        self.unlisted = unlisted + len(found) - len(self.problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        """One line per problem, and how many more there are."""
        lines = [str(problem) for problem in self.problems]
        if self.unlisted:
            lines.append(f"... and {self.unlisted:,} more problems; fix these first")
        return "\n".join(lines)


_STRENGTH = {"file": 1, "environment": 2, "flag": 3}
_DEFAULTS = Origin("default", "built-in defaults")
_MAX_SHOWN = 60
_PLAIN_WORDS = {  # pydantic's wording where it names Python types or classes
    "model_type": "should be a table of settings",
    "dict_type": "should be a table of settings",
    "list_type": "should be a list in square brackets",
    "string_type": "should be text in quotes",
    "time_delta_type": 'should be a duration in quotes, e.g. "25m"',
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
}


def blame(path: KeyPath, origins: Mapping[KeyPath, Origin]) -> Origin:
    """Who set ``path``: itself or a table holding it, else the strongest source inside it."""
    for depth in range(len(path), 0, -1):
        if path[:depth] in origins:
            return origins[path[:depth]]
    inside = [origin for key, origin in origins.items() if key[: len(path)] == path]
    if not inside:
        return _DEFAULTS
    return max(inside, key=lambda origin: _STRENGTH.get(origin.kind, 0))


def explain(
    details: Iterable[ErrorDetails],
    origins: Mapping[KeyPath, Origin],
    config_file: Path,
    file_text: str,
) -> list[ConfigProblem]:
    """One problem per error, placed where the value was written; file lines first, flags last.

    Only the first MAX_LISTED errors are placed (each search for a line reads the whole file);
    ConfigError counts the rest.
    """
    found = []
    for detail in list(details)[:MAX_LISTED]:
        path: KeyPath = tuple(detail["loc"])
        origin = blame(path, origins)
        key = dotted(path)
        line = find_key_line(file_text, key) if origin.kind == "file" else None
        source = str(config_file) if origin.kind == "file" else origin.source
        problem = ConfigProblem(source, key, line, _message(detail, path, origin))
        found.append((_STRENGTH.get(origin.kind, 0), line or 0, problem))
    found.sort(key=lambda item: (item[0], item[2].source, item[1]))
    return [problem for _, _, problem in found]


def _message(detail: ErrorDetails, path: KeyPath, origin: Origin) -> str:
    """The human part of one error: the validator's own words, or pydantic's plus the value."""
    kind = detail["type"]
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if kind == "extra_forbidden":
        return "unknown setting" + _suggestion(path, origin)
    if kind == "missing":
        return "required but missing"
    shown = repr(detail["input"])
    if len(shown) > _MAX_SHOWN:
        shown = shown[: _MAX_SHOWN - 3] + "..."
    return f"{_PLAIN_WORDS.get(kind, detail['msg'])}, not {shown}"


def _suggestion(path: KeyPath, origin: Origin) -> str:
    """``; did you mean …?`` with the closest valid key, written the way the source writes keys."""
    parent, name = path[:-1], str(path[-1])
    model = model_at(parent)
    siblings = list(model.model_fields) if model is not None else []
    close = difflib.get_close_matches(name, siblings, n=1)
    if close:
        guess: KeyPath = (*parent, close[0])
    else:
        every_key = {dotted(leaf): leaf for leaf in leaf_paths()}
        close = difflib.get_close_matches(dotted(path), list(every_key), n=1)
        if not close:
            return ""
        guess = every_key[close[0]]
    if origin.kind == "environment":
        prefix = str(Settings.model_config.get("env_prefix", ""))
        delimiter = str(Settings.model_config.get("env_nested_delimiter", "__"))
        spelled = prefix + delimiter.join(str(part) for part in guess).upper()
    else:
        spelled = dotted(guess)
    return f"; did you mean {spelled}?"

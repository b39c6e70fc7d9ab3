"""Config errors that say where each problem is: the file and line, the variable, or the flag."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MAX_LISTED", "ConfigError", "ConfigProblem"]

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

"""Config errors that say where each problem is: the file and line, the variable, or the flag."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ConfigError", "ConfigProblem"]


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
        return ": ".join(part for part in (location, self.key, self.message) if part)


class ConfigError(Exception):
    """The settings could not be loaded; ``problems`` lists every problem found, one per line."""

    def __init__(self, problems: Iterable[ConfigProblem]) -> None:
        """Keep the problems; the message is one line per problem."""
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __str__(self) -> str:
        """One line per problem."""
        return "\n".join(str(problem) for problem in self.problems)

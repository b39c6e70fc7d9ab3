"""The config file as a pydantic-settings source, with problems that name the file and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_settings import InitSettingsSource, TomlConfigSettingsSource

from sitbreak.files import FileTooLarge, NotARegularFile, read_regular
from sitbreak.settings.errors import ConfigError, ConfigProblem
from sitbreak.settings.keys import MAX_DEPTH, KeyPath, depth_of
from sitbreak.settings.origins import Origin

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from pydantic_settings import BaseSettings

__all__ = [
    "MAX_CONFIG_BYTES",
    "ConfigFileSource",
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

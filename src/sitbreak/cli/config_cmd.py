"""``sitbreak config path|init|show|check|set``: the settings file, seen, made, checked, changed."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from sitbreak.cli.config_view import show_json, show_text, toml_value
from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.files import set_aside, write_atomic
from sitbreak.settings.keys import KeyPath, dotted
from sitbreak.settings.loading import (
    ConfigError,
    LoadedSettings,
    choose_config_file,
    load_settings,
    validate_file_text,
)
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["check", "example_text", "init", "path", "set_value", "show"]


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"sitbreak: {message}", file=sys.stderr)
    return code


def example_text() -> str:
    """The commented example config shipped in the package."""
    return (resources.files("sitbreak") / "data" / "config.example.toml").read_text("utf-8")


def _config_file(args: argparse.Namespace) -> tuple[Path, str | None]:
    """The file these arguments name, and what named it (None: the default location)."""
    return choose_config_file(getattr(args, "config", None), os.environ)


def path(args: argparse.Namespace) -> int:
    """Print the settings file on the first line, and whether it exists on the second."""
    config_file, named_by = _config_file(args)
    print(config_file)
    chosen = named_by or "the default location"
    if config_file.is_file():
        print(f"exists ({chosen})")
    elif named_by is None:
        print(f"does not exist ({chosen}): defaults apply; 'sitbreak config init' writes it")
    else:
        print(f"does not exist ({chosen}): sitbreak will refuse to start until it does")
    return EXIT_OK


def init(args: argparse.Namespace) -> int:
    """Write the commented example config, with office hours when given or answered."""
    from sitbreak.cli.office_hours import ask_office_hours, office_hours_from

    config_file, _ = _config_file(args)
    try:
        office = office_hours_from(args.hours, args.days)
    except ValueError as error:
        return _fail(f"config init: {error}", EXIT_USAGE)
    exists = config_file.exists() or config_file.is_symlink()
    if exists and not args.force:
        hint = (
            " 'sitbreak config set schedule.active_hours 09:00-17:30' changes the hours alone."
            if office.chosen
            else " 'sitbreak config set KEY VALUE' changes one setting;"
        )
        return _fail(
            f"{config_file} already exists; not replaced.{hint} --force replaces the file,"
            " keeping the old one beside it."
        )
    if not office.chosen and _at_terminal():
        office = ask_office_hours()
    text = _with_office_hours(example_text(), office.hours, office.days)
    try:
        _validated(text, config_file)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_USAGE
    kept = set_aside(config_file, label="old") if exists else None
    write_atomic(config_file, text.encode("utf-8"))
    if office.chosen:
        print(f"Wrote {config_file}: reminders {office.describe()}; every other setting at its")
        print("default, each explained.")
    else:
        print(f"Wrote {config_file}: every setting at its default, each explained.")
    if kept is not None:
        print(f"The old file is now {kept}.")
    print("Edit it, or change one setting with: sitbreak config set KEY VALUE")
    from sitbreak.guidance import safety_note_line

    print(f"\n{safety_note_line()}")
    return EXIT_OK


def _at_terminal() -> bool:
    """True when a person can answer questions: stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _with_office_hours(text: str, hours: str | None, days: list[str] | None) -> str:
    """The example text with ``[schedule]`` set to the chosen hours and days."""
    from sitbreak.settings.editing import set_in_toml

    if hours is not None:
        text = set_in_toml(text, ("schedule", "active_hours"), hours)
    if days is not None:
        text = set_in_toml(text, ("schedule", "active_days"), days)
    return text


def show(args: argparse.Namespace) -> int:
    """Print the settings in force and where each came from; 2 when they have errors."""
    try:
        loaded = load_settings(args.config, overrides_from(args))
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return EXIT_USAGE
    print(show_json(loaded) if args.json else show_text(loaded))
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    """Validate the settings as the daemon would load them; 2 with every problem when invalid."""
    from sitbreak.daemon.configuration import load_configuration

    try:
        configuration = load_configuration(args.file)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_USAGE
    loaded = configuration.loaded
    if not loaded.file_exists:
        print(f"No settings file at {loaded.config_file}: the built-in defaults apply.")
    else:
        written = sum(origin == "file" for origin in loaded.origins.values())
        print(f"{loaded.config_file} is valid ({written} settings set there, the rest default).")
    for warning in configuration.warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def _current_text(config_file: Path) -> tuple[str, bool]:
    """The file's text, or the example's when there is no file yet (True: start from it)."""
    from sitbreak.settings.sources import parse_toml, read_config_text

    try:
        text = read_config_text(config_file)
    except FileNotFoundError:
        return example_text(), True
    parse_toml(text, config_file)  # a syntax error becomes a ConfigError naming its line
    return text, False


def _validated(text: str, config_file: Path) -> tuple[str, ...]:
    """Its warnings; ConfigError unless ``text`` is a config the daemon would accept."""
    from sitbreak.daemon.configuration import configuration_from

    settings = validate_file_text(text, config_file)
    return configuration_from(LoadedSettings(settings, config_file, True, {})).warnings


def set_value(args: argparse.Namespace) -> int:
    """Change one setting in the file, keeping comments; check first, then reload the daemon."""
    from sitbreak.settings.editing import known_key, parse_cli_value, set_in_toml

    try:
        key = known_key(args.key)
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE)
    value = parse_cli_value(args.value)
    config_file, _ = _config_file(args)
    try:
        text, from_example = _current_text(config_file)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_USAGE
    try:
        changed = set_in_toml(text, key, value)
        warnings = _validated(changed, config_file)
    except ConfigError as error:
        print(f"sitbreak: {dotted(key)} not changed; the result has problems:", file=sys.stderr)
        for line in str(error).splitlines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as error:
        return _fail(f"cannot change {dotted(key)} in {config_file}: {error}", EXIT_USAGE)
    shown = f"{dotted(key)} = {toml_value(value)}"
    if changed == text and not from_example:
        print(f"{config_file} already has {shown}; nothing changed.")
        return EXIT_OK
    made = " (a new file, from the commented example)" if from_example else ""
    return _write_and_reload(config_file, key, changed, f"{shown} in {config_file}{made}", warnings)


def _write_and_reload(
    config_file: Path, key: KeyPath, text: str, what: str, warnings: Sequence[str]
) -> int:
    """Write the checked ``text`` (unless a link leads to someone else's file) and reload."""
    refusal = _not_ours(config_file)
    if refusal is not None:
        return _fail(f"{dotted(key)} not changed: {refusal}")
    _write_through(config_file, text)
    print(f"Set {what}.")
    for warning in warnings:
        print(f"warning: {warning}")
    _note_environment_override(key)
    return _tell_daemon(config_file)


def _not_ours(config_file: Path) -> str | None:
    """Why a settings file reached through a link must not be rewritten, or None.

    Rewriting replaces the file, and the new one would be ours: through a link to another
    user's file that takes the file from them (as root, even from any user).
    """
    if not config_file.is_symlink():
        return None
    target = config_file.resolve()
    try:
        owner = target.stat().st_uid
    except FileNotFoundError:
        return f"{config_file} is a link to {target}, which does not exist"
    if owner != os.geteuid():
        return (
            f"{config_file} is a link to {target}, which belongs to uid {owner}, not to you;"
            " copy it to a file of your own (or point the link at one) and try again"
        )
    return None


def _write_through(config_file: Path, text: str) -> None:
    """Replace the file atomically, keeping its permissions and writing through a symlink."""
    target = config_file.resolve() if config_file.is_symlink() else config_file
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o600
    write_atomic(target, text.encode("utf-8"), mode=mode)


def _note_environment_override(key: KeyPath) -> None:
    """Say when this shell's environment overrides the key just written to the file."""
    variable = "SITBREAK_" + "__".join(str(part) for part in key).upper()
    if variable in os.environ:
        print(f"Note: {variable} is set here and overrides the file for programs started from it.")


def _tell_daemon(config_file: Path) -> int:
    """Ask a running daemon to reload and print its answer; 0 when it took the change."""
    from sitbreak.control.client import DaemonNotRunning, ProtocolError, request
    from sitbreak.control.endpoint import client_endpoint

    try:
        reply = request(client_endpoint(), "reload")
    except DaemonNotRunning:
        print("sitbreak is not running; the change applies when it next starts.")
        return EXIT_OK
    except (OSError, ProtocolError) as error:  # timeouts, refused connections, bad replies
        return _fail(f"could not ask the daemon to reload ({error}); run 'sitbreak reload'")
    if reply.get("ok") is not True:
        return _fail(f"the daemon did not take the change: {reply.get('error', 'refused')}")
    print(reply.get("message", "The daemon reloaded its settings."))
    status = reply.get("status")
    reads = status.get("config_file") if isinstance(status, dict) else None
    if isinstance(reads, str) and Path(reads).resolve() != config_file.resolve():
        return _fail(f"the running daemon reads {reads}, not {config_file}; it did not change")
    return EXIT_OK

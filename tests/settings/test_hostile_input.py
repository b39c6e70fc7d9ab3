"""The settings loader against hostile input: odd files, deep nesting, huge values, many errors."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from sitbreak.settings.errors import ConfigError
from sitbreak.settings.loading import load_settings

DEEP = 1000


def message(config: Path, environ: dict[str, str] | None = None, **flags: str) -> str:
    """The ConfigError text for loading ``config`` with ``environ`` and ``--set`` flags."""
    with pytest.raises(ConfigError) as caught:
        load_settings(config, flags, environ=environ or {})
    return str(caught.value)


def make_fifo(path: Path) -> None:
    """A named pipe: reading it would block until someone writes."""
    os.mkfifo(path)


def make_dev_zero_link(path: Path) -> None:
    """A link to /dev/zero: reading it would never end."""
    path.symlink_to("/dev/zero")


def make_socket(path: Path) -> None:
    """A bound Unix socket, left in place."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (make_fifo, "a FIFO (named pipe)"),
        (make_dev_zero_link, "a character device"),
        (make_socket, "a socket"),
    ],
)
def test_a_config_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, make: Callable[[Path], None], what: str
) -> None:
    """A FIFO, /dev/zero or a socket is not "no settings file": it is an error naming it."""
    config = tmp_path / "c.toml"
    make(config)
    assert message(config) == f"{config}: not a settings file: it is {what}, not a regular file"


def test_a_link_to_a_real_file_is_followed(tmp_path: Path) -> None:
    """Dotfile managers link the settings file; that keeps working."""
    real = tmp_path / "dotfiles.toml"
    real.write_text('[snooze]\ndefault = "5m"\n', encoding="utf-8")
    (tmp_path / "config.toml").symlink_to(real)
    loaded = load_settings(tmp_path / "config.toml", environ={})
    assert loaded.settings.snooze.default.total_seconds() == 300


def test_a_file_over_a_megabyte_is_refused_unread(tmp_path: Path) -> None:
    """A 2 MB file is no settings file; nothing of it is echoed."""
    config = tmp_path / "c.toml"
    config.write_bytes(b"# " + b"x" * (2 << 20))
    assert message(config) == f"{config}: not a settings file: it is larger than 1024 KiB"


def test_a_huge_value_is_cut_in_the_error(tmp_path: Path) -> None:
    """A 500 KB value is shown by its first 40 characters."""
    config = tmp_path / "c.toml"
    config.write_text(f'[reminders.micro]\nevery = "{"x" * 500_000}"\n', encoding="utf-8")
    text = message(config)
    assert len(text) < 300
    assert f"reminders.micro.every: '{'x' * 40}'… is not a duration" in text


@pytest.mark.parametrize(
    "text",
    [
        "[" + ".".join(["a"] * DEEP) + "]\n",
        "a = " + "[" * 900 + "]" * 900 + "\n",
        "a = " + "{b = " * 500 + "1" + "}" * 500 + "\n",
    ],
    ids=["table-header", "arrays", "inline-tables"],
)
def test_deep_nesting_in_the_file_is_refused_without_recursion(tmp_path: Path, text: str) -> None:
    """Tables or lists nested hundreds deep give one line, never a RecursionError."""
    config = tmp_path / "c.toml"
    config.write_text(text, encoding="utf-8")
    assert message(config) in (
        f"{config}: tables or lists nest more than 12 levels deep; no setting does",
        f"{config}: invalid TOML: nested too deeply",
    )


def test_deep_keys_in_flags_and_variables_are_refused(tmp_path: Path) -> None:
    """A --set key or a variable name of 1000 parts is refused in one line."""
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    key = ".".join(["a"] * DEEP)
    flag_text = message(config, **{key: "1"})
    assert flag_text.endswith("a key of 1000 parts is no setting; settings have at most 4")
    assert "\n" not in flag_text
    variable = "SITBREAK_" + "__".join(["A"] * DEEP)
    env_text = message(config, {variable: "1"})
    assert env_text.endswith("not a setting name; e.g. SITBREAK_REMINDERS__MICRO__EVERY")
    assert "\n" not in env_text
    assert len(env_text) < 300


def test_a_number_of_thousands_of_digits_is_a_toml_error(tmp_path: Path) -> None:
    """Python refuses to read a 5000-digit integer; that is a line, not a traceback."""
    config = tmp_path / "c.toml"
    config.write_text("a = " + "9" * 5000 + "\n", encoding="utf-8")
    assert message(config) == f"{config}: invalid TOML: a number far too long to read"


def test_fifty_thousand_bad_entries_print_a_screenful(tmp_path: Path) -> None:
    """50,000 bad values: 20 lines and a count, a few kilobytes instead of 6 MB."""
    config = tmp_path / "c.toml"
    config.write_text(
        "[[guidance.custom]]\n" + "".join(f'k{i} = "v"\n' for i in range(50_000)),
        encoding="utf-8",
    )
    text = message(config)
    assert len(text) < 4000
    assert text.splitlines()[-1].startswith("... and ")

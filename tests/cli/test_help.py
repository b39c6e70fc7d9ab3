"""Every command explains itself: --version, --help, and --help on each sub-command."""

from __future__ import annotations

import argparse

import pytest

from sitbreak import __version__
from sitbreak.cli.main import main
from sitbreak.cli.parsers import build_parser


def subcommands() -> list[str]:
    """Names of all sub-commands the parser knows."""
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"sitbreak {__version__}"


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """--help names every sub-command."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in subcommands():
        assert name in out


@pytest.mark.parametrize("name", subcommands())
def test_each_command_has_help_with_a_description(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sitbreak NAME --help` exits 0 and explains the command in more than its usage line."""
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: sitbreak {name}")
    assert len(out.splitlines()) >= 5


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A command that does not exist exits 2 with argparse's message."""
    with pytest.raises(SystemExit) as exit_info:
        main(["fly"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err

"""One grammar: the parser built for one command reads it exactly as the whole grammar does."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitbreak.cli.parsers import build_parser

SHAPES = [
    ["status"],
    ["status", "--json"],
    ["status", "--follow", "--format", "waybar"],
    ["snooze"],
    ["snooze", "10m"],
    ["pause"],
    ["pause", "45m"],
    ["pause", "--until", "14:00"],
    ["resume"],
    ["skip"],
    ["reload"],
    ["stop"],
    ["done"],
    ["done", "stretch"],
    ["run", "-v", "--set", "snooze.default=5m"],
    ["try", "stretch"],
    ["stats", "--days", "3", "--json"],
    ["prompts", "--kind", "micro"],
    ["autostart", "enable", "--method", "xdg"],
    ["config", "set", "snooze.default", "5m"],
    ["doctor"],
]


@pytest.mark.parametrize("argv", SHAPES, ids=" ".join)
def test_one_command_parses_as_the_whole_grammar_does(argv: list[str]) -> None:
    """``build_parser(name)`` adds only that command, and gives the same namespace."""
    assert vars(build_parser(argv[0]).parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["status", "--json", "--bogus"], ["done", "nap"], ["pause", "1m", "--until", "14:00"]],
    ids=" ".join,
)
def test_one_command_refuses_as_the_whole_grammar_does(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors read the same: usage and message come from the one grammar."""
    said = []
    for parser in (build_parser(argv[0]), build_parser()):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(argv)
        assert exit_info.value.code == 2
        said.append(capsys.readouterr().err)
    assert said[0] == said[1]


def test_an_unknown_command_gets_the_whole_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    """A word that names no command is refused with the list of every command."""
    with pytest.raises(SystemExit):
        build_parser("stat").parse_args(["stat"])
    assert "choose from 'run', 'try', 'status'" in capsys.readouterr().err


def test_parsing_a_control_command_loads_no_heavy_module() -> None:
    """``sitbreak status`` parses without shutil, pathlib or typing (the client's start-up)."""
    probe = (
        "import sys\n"
        "from sitbreak.cli.parsers import build_parser\n"
        "build_parser('status').parse_args(['status', '--json'])\n"
        "print(sorted({'shutil', 'pathlib', 'typing'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_is_as_wide_as_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """COLUMNS sets the width help wraps at, as shutil.get_terminal_size would."""
    widths = []
    for columns in ("60", "140"):
        monkeypatch.setenv("COLUMNS", columns)
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--help"])
        widths.append(max(map(len, capsys.readouterr().out.splitlines())))
    assert widths[0] <= 58 < widths[1] <= 138

"""Each platform's autostart entry, rendered on Linux and checked by that format's own rules."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sitbreak.autostart.entry import LaunchCommand
from sitbreak.autostart.launchd import LABEL, MARKER, render_plist
from sitbreak.autostart.systemd import render_unit, unit_exec_quote, unit_exec_split
from sitbreak.autostart.windows import render_run_value, split_run_value, windowless
from sitbreak.autostart.xdg import exec_quote, exec_split, render_desktop_entry
from tests.support.tools import require_tool

# Every character the Exec and ExecStart rules treat specially, in one folder name.
AWKWARD = 'py thon\'s "dir" $HOME %n ;&|<>~*?#()` \\tab\there'
# The same without what systemd refuses in a program's path: quotes, backslashes, controls.
SYSTEMD_AWKWARD = "py thon $HOME ${X} %n %% ;&|<>~*?#()`"
ARGUMENT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"))
SYSTEMD_PROGRAM = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\"'\\"), min_size=1
)


@pytest.fixture
def awkward_python(tmp_path: Path) -> Path:
    """This Python, reached through a folder whose name needs quoting and escaping in a unit."""
    folder = tmp_path / SYSTEMD_AWKWARD
    folder.mkdir()
    link = folder / "python3"
    link.symlink_to(sys.executable)
    return link


@pytest.mark.parametrize(
    "command",
    [
        LaunchCommand("/usr/bin/python3"),
        LaunchCommand("/home/a b/.venv/bin/python", "/home/a b/my config.toml"),
        LaunchCommand(f"/opt/{AWKWARD}/python3", f"/etc/{AWKWARD}.toml"),
    ],
    ids=["plain", "spaces", "awkward"],
)
def test_desktop_entry_passes_desktop_file_validate(tmp_path: Path, command: LaunchCommand) -> None:
    """desktop-file-validate accepts the entry, however odd the paths, and Exec reads back."""
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    entry = tmp_path / "sitbreak.desktop"
    text = render_desktop_entry(command)
    entry.write_text(text, encoding="utf-8")
    done = subprocess.run([validate, str(entry)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_split(exec_line.removeprefix("Exec=")) == command.argv()


def test_desktop_entry_has_the_autostart_keys() -> None:
    """The entry is a hidden application, on for GNOME, marked as sitbreak's, run by TryExec."""
    lines = render_desktop_entry(LaunchCommand("/usr/bin/python3")).splitlines()
    for line in (
        "Type=Application",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
        "X-Sitbreak-Generated=true",
        "TryExec=/usr/bin/python3",
        "Exec=/usr/bin/python3 -m sitbreak run",
    ):
        assert line in lines
    assert not any(line.startswith("X-systemd-skip") for line in lines)


@given(st.lists(ARGUMENT, min_size=1, max_size=5))
def test_exec_quoting_round_trips(argv: list[str]) -> None:
    """Any arguments, quoted for Exec= and split again, come back unchanged."""
    assert exec_split(exec_quote(argv)) == argv


@pytest.fixture
def user_runtime_dir() -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR, which systemd-analyze --user needs to start its manager."""
    path = Path(tempfile.mkdtemp(prefix="sb-", dir="/tmp"))
    path.chmod(0o700)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _verify_unit(unit: Path, runtime_dir: Path) -> subprocess.CompletedProcess[str]:
    """``systemd-analyze --user verify`` on ``unit``; skips when it cannot run here at all."""
    analyze = require_tool("systemd-analyze", "systemd")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir), "HOME": str(unit.parent)}
    done = subprocess.run(
        [analyze, "--user", "verify", str(unit)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    if "Failed to initialize manager" in done.stderr or "Failed to connect" in done.stderr:
        pytest.skip(f"systemd-analyze --user verify cannot run here: {done.stderr.strip()}")
    return done


def test_unit_passes_systemd_analyze_verify(
    tmp_path: Path, awkward_python: Path, user_runtime_dir: Path
) -> None:
    """systemd accepts the unit and finds the interpreter through a path that needs quoting."""
    unit = tmp_path / "sitbreak.service"
    command = LaunchCommand(str(awkward_python), f"/etc/{AWKWARD}.toml")
    unit.write_text(render_unit(command), encoding="utf-8")
    done = _verify_unit(unit, user_runtime_dir)
    assert done.returncode == 0, done.stderr
    assert "sitbreak.service" not in done.stderr, done.stderr


def test_systemd_analyze_verify_catches_a_missing_interpreter(
    tmp_path: Path, user_runtime_dir: Path
) -> None:
    """The verify step really reads ExecStart: a missing interpreter is reported."""
    unit = tmp_path / "sitbreak.service"
    missing = f"/nowhere/{SYSTEMD_AWKWARD}/python3"
    unit.write_text(render_unit(LaunchCommand(missing)), encoding="utf-8")
    done = _verify_unit(unit, user_runtime_dir)
    assert f"Command {missing} is not executable" in done.stderr


@pytest.mark.parametrize("char", ['"', "'", "\\", "\t"])
def test_unit_refuses_interpreter_paths_systemd_cannot_run(char: str) -> None:
    """Quotes, backslashes and control characters in the program path get a clear error."""
    with pytest.raises(ValueError, match="systemd cannot run a program whose path holds"):
        unit_exec_quote([f"/opt/a{char}b/python3", "-m", "sitbreak", "run"])


def test_unit_binds_to_the_graphical_session() -> None:
    """The unit starts and stops with the desktop, restarts after a crash, carries the marker."""
    lines = render_unit(LaunchCommand("/usr/bin/python3")).splitlines()
    for line in (
        "PartOf=graphical-session.target",
        "After=graphical-session.target",
        "WantedBy=graphical-session.target",
        "Restart=on-failure",
        "RestartPreventExitStatus=1 2",
        "X-Sitbreak-Generated=true",
        "ExecStart=/usr/bin/python3 -m sitbreak run",
    ):
        assert line in lines


@given(SYSTEMD_PROGRAM, st.lists(ARGUMENT, max_size=4))
def test_execstart_quoting_round_trips(program: str, arguments: list[str]) -> None:
    """Any program path systemd allows and any arguments, quoted and split again, come back."""
    argv = [program, *arguments]
    assert unit_exec_split(unit_exec_quote(argv)) == argv


def test_plist_round_trips_through_plistlib(tmp_path: Path) -> None:
    """plistlib reads the agent back: label, arguments, RunAtLoad, restart only after a failure."""
    command = LaunchCommand("/Users/a b/.venv/bin/python", "/Users/a b/config.toml")
    data = render_plist(command, tmp_path / "daemon.log")
    agent = plistlib.loads(data)
    assert agent == {
        "Label": LABEL,
        "ProgramArguments": command.argv(),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": str(tmp_path / "daemon.log"),
        "StandardErrorPath": str(tmp_path / "daemon.log"),
    }
    assert MARKER in data
    assert data.startswith(b"<?xml")


def test_run_value_quotes_paths_with_spaces() -> None:
    """Interpreter and config paths with spaces are quoted; plain arguments are not."""
    command = LaunchCommand(
        r"C:\Program Files\Python312\pythonw.exe", r"C:\Users\Ann Lee\sitbreak\config.toml"
    )
    assert render_run_value(command.argv()) == (
        r'"C:\Program Files\Python312\pythonw.exe" -m sitbreak run'
        r' --config "C:\Users\Ann Lee\sitbreak\config.toml"'
    )
    assert render_run_value(LaunchCommand(r"C:\Py\python.exe").argv()) == (
        r"C:\Py\python.exe -m sitbreak run"
    )


@example("p\t\\", [])  # a quoted program name ending in a backslash is read literally
@given(
    st.text(st.characters(blacklist_characters='"\0', blacklist_categories=("Cs",)), min_size=1),
    st.lists(ARGUMENT, max_size=4),
)
def test_run_value_splits_back_as_windows_does(program: str, arguments: list[str]) -> None:
    """The C runtime's splitting rules give back exactly the arguments that were quoted."""
    if program[0] in " \t" or not program.strip():
        program = "p" + program
    argv = [program, *arguments]
    assert split_run_value(render_run_value(argv)) == argv


def test_windows_entry_prefers_pythonw_beside_python(tmp_path: Path) -> None:
    """python.exe is swapped for pythonw.exe (no console window) only when that file exists."""
    python = tmp_path / "python.exe"
    python.write_bytes(b"")
    python.chmod(0o755)
    command = LaunchCommand(str(python), "/c.toml")
    assert windowless(command) == command
    pythonw = tmp_path / "pythonw.exe"
    pythonw.write_bytes(b"")
    pythonw.chmod(0o755)
    assert windowless(command) == LaunchCommand(str(pythonw), "/c.toml")

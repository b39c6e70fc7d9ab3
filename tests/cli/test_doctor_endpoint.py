"""``sitbreak doctor`` names what ``sitbreak run`` would refuse: runtime folder, socket, lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitbreak.cli.doctor_cmd import DoctorContext, Finding, Level, check_endpoint
from tests.support.user_env import UserEnvironment


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """A private runtime dir and state dir for the check to look at."""
    runtime, state = tmp_path / "run", tmp_path / "state"
    runtime.mkdir(mode=0o700)
    state.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return runtime, state


def levels(findings: list[Finding]) -> list[tuple[Level, str]]:
    """Each finding's level and message."""
    return [(finding.level, finding.message) for finding in findings]


def test_a_clean_setup_is_ok(places: tuple[Path, Path]) -> None:
    """Nothing in the way: one OK line naming the socket and the lock."""
    runtime, state = places
    assert levels(check_endpoint(DoctorContext())) == [
        (
            Level.OK,
            f"{runtime}/sitbreak/control.sock; lock {state}/sitbreak/daemon.lock",
        )
    ]


def test_a_linked_runtime_folder_and_a_linked_lock_fail(
    places: tuple[Path, Path], tmp_path: Path
) -> None:
    """Both refusals of `run` appear, each with its fix."""
    runtime, state = places
    (runtime / "sitbreak").symlink_to(tmp_path)
    (state / "sitbreak").mkdir()
    (state / "sitbreak" / "daemon.lock").symlink_to(tmp_path / "x")
    found = check_endpoint(DoctorContext())
    assert [finding.level for finding in found] == [Level.FAIL, Level.FAIL]
    assert found[0].message.startswith(f"{runtime}/sitbreak is a symbolic link")
    assert "remove the link" in found[0].message
    assert found[1].fix == (
        f"move it away: mv '{state}/sitbreak/daemon.lock' '{state}/sitbreak/daemon.lock.old'"
    )


def test_a_runtime_variable_naming_a_file_fails(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """XDG_RUNTIME_DIR naming a file is a FAIL with the fix; a relative one a warning."""
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(afile))
    [found] = check_endpoint(DoctorContext())
    assert (found.level, found.message) == (
        Level.FAIL,
        f"XDG_RUNTIME_DIR={afile} is not a directory: sitbreak cannot start",
    )
    assert found.fix.startswith("point XDG_RUNTIME_DIR at your session's folder")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "relative/run")
    assert check_endpoint(DoctorContext())[0].level is Level.WARN


def test_a_daemon_listening_elsewhere_is_mentioned(places: tuple[Path, Path]) -> None:
    """When the lock records another endpoint than this environment's, doctor says so."""
    _runtime, state = places
    (state / "sitbreak").mkdir()
    (state / "sitbreak" / "daemon.lock").write_text(
        f"{os.getpid()}\n/tmp/other/sitbreak/control.sock\n", encoding="utf-8"
    )
    [found] = check_endpoint(DoctorContext())
    assert found.level is Level.INFO
    assert found.message.startswith("the running daemon listens on /tmp/other/sitbreak/control")


def test_doctor_fails_on_a_linked_socket(user: UserEnvironment, tmp_path: Path) -> None:
    """`sitbreak doctor` exits 1 with the socket's FAIL line and the rm command."""
    folder = user.runtime_dir / "sitbreak"
    folder.mkdir(mode=0o700)
    (folder / "control.sock").symlink_to(tmp_path / "target")
    done = user.run("doctor")
    assert done.returncode == 1
    assert (
        f"FAIL  control endpoint: {folder}/control.sock is a symbolic link, not sitbreak's socket"
        in done.stdout
    )

"""Starting where sitbreak must not: one line with the fix and exit 1, never a traceback; and
one daemon per user whatever $XDG_RUNTIME_DIR says."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.daemon import SitbreakDaemon, sitbreak_argv
from tests.support.read_only import read_only_argv
from tests.support.user_env import UserEnvironment


def refusal(user: UserEnvironment, **env: str) -> str:
    """Run ``sitbreak run`` expecting a refusal; return its one line."""
    done = user.run("run", "--set", "idle.enabled=false", env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("sitbreak: cannot start: ")
    return lines[0].removeprefix("sitbreak: cannot start: ")


def test_a_linked_runtime_folder_is_refused(user: UserEnvironment, tmp_path: Path) -> None:
    """$XDG_RUNTIME_DIR/sitbreak as a symbolic link: refused, with how to remove it."""
    folder = user.runtime_dir / "sitbreak"
    folder.symlink_to(tmp_path)
    assert refusal(user) == (
        f"{folder} is a symbolic link; sitbreak wants a real directory there:"
        f" remove the link (rm '{folder}') and start again"
    )


def test_another_users_runtime_folder_is_refused(user: UserEnvironment) -> None:
    """$XDG_RUNTIME_DIR/sitbreak owned by nobody: refused, naming both uids and the fix."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another user")
    folder = user.runtime_dir / "sitbreak"
    folder.mkdir()
    os.chown(folder, 65534, 65534)
    line = refusal(user)
    assert line.startswith(f"{folder} belongs to uid 65534, not to you (uid 0)")
    assert line.endswith(
        "remove it, or point XDG_RUNTIME_DIR at a folder of your own"
        " (your session's is /run/user/0) or unset it"
    )


def test_a_runtime_dir_that_is_a_file_is_refused(user: UserEnvironment, tmp_path: Path) -> None:
    """XDG_RUNTIME_DIR naming a file: one line saying to point it at a folder or unset it."""
    afile = tmp_path / "not-a-folder"
    afile.write_text("", encoding="utf-8")
    line = refusal(user, XDG_RUNTIME_DIR=str(afile))
    assert line.startswith(f"cannot create {afile}/sitbreak (Not a directory): point XDG_RUNTIME")


def test_a_read_only_runtime_dir_is_refused(user: UserEnvironment) -> None:
    """A runtime dir sitbreak cannot write: one line, exit 1."""
    done = user.spawn(
        "sitbreak",
        read_only_argv(user.runtime_dir, sitbreak_argv("run", "--set", "idle.enabled=false")),
    )
    assert done.popen.wait(60) == 1
    log = done.log_path.read_text(encoding="utf-8")
    assert (
        f"sitbreak: cannot start: cannot create {user.runtime_dir}/sitbreak"
        " (Read-only file system): point XDG_RUNTIME_DIR at" in log
    )
    assert "Traceback" not in log


def test_a_link_at_the_socket_is_refused(user: UserEnvironment, tmp_path: Path) -> None:
    """A symbolic link at control.sock: refused with the rm command, the link's target untouched."""
    folder = user.runtime_dir / "sitbreak"
    folder.mkdir(mode=0o700)
    socket_path = folder / "control.sock"
    socket_path.symlink_to(tmp_path / "target")
    assert refusal(user) == (
        f"{socket_path} is a symbolic link, not sitbreak's socket (it is not a socket);"
        f" remove it (rm '{socket_path}') and start again"
    )
    assert socket_path.is_symlink()


def test_a_link_at_the_lock_is_refused(user: UserEnvironment, tmp_path: Path) -> None:
    """A symbolic link at daemon.lock (beside the state file): refused, never followed."""
    user.state_dir.mkdir(parents=True)
    lock = user.state_dir / "daemon.lock"
    lock.symlink_to(tmp_path / "target")
    assert refusal(user).endswith(f"move it away (mv '{lock}' '{lock}.old') and start again")
    assert not (tmp_path / "target").exists()


def test_one_daemon_per_user_whatever_xdg_runtime_dir_says(user: UserEnvironment) -> None:
    """`env -u XDG_RUNTIME_DIR sitbreak run` beside a running daemon is refused; status finds it."""
    daemon = SitbreakDaemon(user)
    without = {key: value for key, value in user.env.items() if key != "XDG_RUNTIME_DIR"}
    elsewhere = user.root / "other-runtime"
    elsewhere.mkdir(mode=0o700)
    for env in (without, {**user.env, "XDG_RUNTIME_DIR": str(elsewhere)}):
        second = _run_with(env, "run", "--set", "idle.enabled=false")
        assert second.returncode == 1, second.stderr
        assert f"already running (pid {daemon.pid})" in second.stderr
        status = _run_with(env, "status", "--json")
        assert status.returncode == 0, status.stderr
        assert f'"pid": {daemon.pid}' in status.stdout
    stopped = _run_with(without, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert daemon.process.popen.wait(10) == 0


def _run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``sitbreak ARGS`` with exactly ``env`` (not the user's own)."""
    return subprocess.run(
        sitbreak_argv(*args), env=env, capture_output=True, text=True, check=False, timeout=60
    )

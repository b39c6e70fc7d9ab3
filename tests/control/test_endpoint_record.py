"""One lock per user beside the state file, and clients that find the daemon holding it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitbreak import paths
from sitbreak.control.endpoint import client_endpoint, lock_file_text, recorded_endpoint
from sitbreak.control.single_instance import UnusableLockFile, acquire_instance_lock


@pytest.mark.parametrize(
    "environ",
    [
        {"XDG_STATE_HOME": "/home/a/.state", "HOME": "/home/a"},
        {"HOME": "/home/b"},
        {"XDG_STATE_HOME": "", "HOME": "/home/c"},
        {"XDG_STATE_HOME": "relative/dir", "HOME": "/home/d"},
        {"XDG_STATE_HOME": "/x", "HOME": "relative"},
    ],
    ids=["xdg", "home", "blank-xdg", "relative-xdg", "relative-home"],
)
def test_the_clients_lock_path_is_the_daemons(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]
) -> None:
    """The CLI's pathlib-free lock path is paths.lock_file(), whatever the variables say."""
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert lock_file_text() == os.fspath(paths.lock_file())


def test_the_lock_lives_beside_the_state_not_in_the_runtime_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Unsetting XDG_RUNTIME_DIR moves the socket, never the lock: one per state file."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    with_runtime = paths.lock_file()
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert paths.lock_file() == with_runtime == tmp_path / "sitbreak" / "daemon.lock"


def test_the_lock_records_the_endpoint_and_clients_use_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A client whose XDG_RUNTIME_DIR differs still gets the endpoint the lock holder wrote."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/elsewhere")
    listening = "/run/user/4242/sitbreak/control.sock"
    with acquire_instance_lock(paths.lock_file(), listening):
        assert paths.lock_file().read_text() == f"{os.getpid()}\n{listening}\n"
        assert client_endpoint() == listening
    assert client_endpoint() == "/run/user/elsewhere/sitbreak/control.sock"


def test_a_linked_or_foreign_lock_file_is_not_trusted(tmp_path: Path) -> None:
    """The record is read only from a plain file of this user, never through a link."""
    real = tmp_path / "real.lock"
    real.write_text("1\n/tmp/somewhere/control.sock\n", encoding="utf-8")
    assert recorded_endpoint(str(real)) == "/tmp/somewhere/control.sock"
    link = tmp_path / "daemon.lock"
    link.symlink_to(real)
    assert recorded_endpoint(str(link)) is None
    if os.geteuid() == 0:
        os.chown(real, 65534, 65534)
        assert recorded_endpoint(str(real)) is None


@pytest.mark.parametrize("make", [Path.mkdir, os.mkfifo], ids=["folder", "fifo"])
def test_a_lock_that_is_not_a_plain_file_is_refused_with_the_fix(
    tmp_path: Path, make: object
) -> None:
    """A folder or a FIFO where the lock goes: UnusableLockFile saying to move it away."""
    lock = tmp_path / "daemon.lock"
    make(lock)  # type: ignore[operator]
    with pytest.raises(UnusableLockFile) as caught:
        acquire_instance_lock(lock)
    assert str(caught.value).endswith(f"move it away (mv '{lock}' '{lock}.old') and start again")


def test_a_link_at_the_lock_is_refused(tmp_path: Path) -> None:
    """A symbolic link at daemon.lock is never followed."""
    lock = tmp_path / "daemon.lock"
    lock.symlink_to(tmp_path / "target")
    with pytest.raises(UnusableLockFile):
        acquire_instance_lock(lock)
    assert not (tmp_path / "target").exists()

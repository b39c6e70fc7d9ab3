"""The control socket's files and peers: private modes, stale sockets, other users refused."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from sitbreak.control import client
from sitbreak.control.posix import (
    EndpointInUseError,
    UnsafeDirectoryError,
    peer_uid,
    peer_uid_reader,
)
from sitbreak.control.server import ControlServer
from tests.support.control import sample_handler

_NOBODY_CLIENT = """
import socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.settimeout(10)
sock.connect(sys.argv[1])
try:
    sock.sendall(b'{"cmd": "ping"}\\n')
except OSError:
    pass  # the server may already have refused us and hung up; its reason is still readable
data = b""
while not data.endswith(b"\\n"):
    chunk = sock.recv(4096)
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode())
"""


def test_directory_is_0700_and_socket_0600(server: ControlServer) -> None:
    """The runtime directory is created 0700 and the socket file is a 0600 socket."""
    directory = os.stat(server.path.parent)
    sock = os.stat(server.path)
    assert stat.S_IMODE(directory.st_mode) == 0o700
    assert stat.S_ISSOCK(sock.st_mode)
    assert stat.S_IMODE(sock.st_mode) == 0o600


def test_loose_existing_directory_is_tightened(sock_path: Path) -> None:
    """An existing runtime directory of ours with a loose mode is tightened to 0700."""
    sock_path.parent.mkdir(mode=0o755)
    os.chmod(sock_path.parent, 0o755)  # noqa: S103 - the loose mode under test
    with ControlServer(sock_path, sample_handler):
        assert stat.S_IMODE(os.stat(sock_path.parent).st_mode) == 0o700


def test_a_shared_sticky_folder_is_refused_and_left_open(sock_path: Path) -> None:
    """A socket straight in a /tmp-like folder (sticky, world-writable) never tightens it."""
    sock_path.parent.mkdir()
    os.chmod(sock_path.parent, 0o1777)  # noqa: S103 - the shared mode under test
    server = ControlServer(sock_path, sample_handler)
    with pytest.raises(UnsafeDirectoryError, match="shared folder"):
        server.start()
    assert stat.S_IMODE(os.stat(sock_path.parent).st_mode) == 0o1777


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to another user needs root")
def test_directory_of_another_user_is_refused(sock_path: Path) -> None:
    """A runtime directory owned by someone else is refused with a message naming it."""
    sock_path.parent.mkdir(mode=0o700)
    os.chown(sock_path.parent, 65534, 65534)
    server = ControlServer(sock_path, sample_handler)
    with pytest.raises(UnsafeDirectoryError, match="belongs to uid 65534"):
        server.start()
    assert not sock_path.exists()


def test_symlinked_directory_is_refused(sock_path: Path, short_dir: Path) -> None:
    """A symbolic link in place of the runtime directory is refused."""
    (short_dir / "elsewhere").mkdir(mode=0o700)
    sock_path.parent.symlink_to(short_dir / "elsewhere")
    with pytest.raises(UnsafeDirectoryError, match="symbolic link"):
        ControlServer(sock_path, sample_handler).start()


def test_stale_socket_is_replaced(sock_path: Path) -> None:
    """A socket file left by a dead daemon is removed and the server starts."""
    sock_path.parent.mkdir(mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(sock_path))
    dead.close()
    with pytest.raises(client.DaemonNotRunning):
        client.request(sock_path, "ping")
    with ControlServer(sock_path, sample_handler):
        assert client.request(sock_path, "ping") == {"ok": True, "pong": True}


def test_non_socket_file_is_left_alone(sock_path: Path) -> None:
    """A regular file where the socket should go is refused and kept."""
    sock_path.parent.mkdir(mode=0o700)
    sock_path.write_text("precious")
    with pytest.raises(EndpointInUseError, match="not a socket"):
        ControlServer(sock_path, sample_handler).start()
    assert sock_path.read_text() == "precious"


def test_live_socket_is_not_stolen(server: ControlServer) -> None:
    """A second server on the same path refuses to start while the first one listens."""
    with pytest.raises(EndpointInUseError, match="already listening"):
        ControlServer(server.path, sample_handler).start()
    assert client.request(server.path, "ping") == {"ok": True, "pong": True}


def test_peer_uid_of_a_socketpair_is_ours() -> None:
    """The kernel-reported peer uid of our own socket is our uid."""
    left, right = socket.socketpair()
    with left, right:
        assert peer_uid(left) == os.geteuid()


def test_peer_uid_reader_per_platform() -> None:
    """Linux, macOS and the BSDs each have a peer-uid reader; other platforms are refused."""
    assert peer_uid_reader("linux") is not peer_uid_reader("darwin")
    assert peer_uid_reader("freebsd14") is peer_uid_reader("darwin")
    with pytest.raises(OSError, match="sunos5"):
        peer_uid_reader("sunos5")


def _nobody_python() -> list[str]:
    """The argv prefix that runs the system Python as nobody, or skip the test."""
    setpriv = shutil.which("setpriv")
    python = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")
    if os.geteuid() != 0:
        pytest.skip("running a client as another user needs root")
    if setpriv is None or python is None:
        pytest.skip("needs setpriv and a system python3")
    argv = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", python]
    probe = subprocess.run([*argv, "-c", "pass"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot run python3 as nobody: {probe.stderr.decode().strip()}")
    return argv


def test_other_uid_is_refused(server: ControlServer, short_dir: Path) -> None:
    """A client of another uid that gets past the file modes is refused by the peer uid check."""
    argv = _nobody_python()
    # Open the file-mode barriers for this test only, so the uid check is what stops nobody.
    os.chmod(short_dir, 0o711)  # noqa: S103 - deliberately opened for this test
    os.chmod(server.path.parent, 0o711)  # noqa: S103 - deliberately opened for this test
    os.chmod(server.path, 0o666)  # noqa: S103 - deliberately opened for this test
    result = subprocess.run(
        [*argv, "-c", _NOBODY_CLIENT, str(server.path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert '"code":"rejected"' in result.stdout.decode()
    assert f"peer uid 65534 is not the daemon's uid {os.geteuid()}" in result.stdout.decode()
    assert client.request(server.path, "ping") == {"ok": True, "pong": True}


def test_overlong_socket_path_is_reported(short_dir: Path) -> None:
    """A socket path longer than Unix sockets allow fails with a message naming the path."""
    too_long = short_dir / ("x" * 120) / "control.sock"
    with pytest.raises(OSError, match=r"cannot listen on .*AF_UNIX path too long") as caught:
        ControlServer(too_long, sample_handler).start()
    assert "Errno None" not in str(caught.value)

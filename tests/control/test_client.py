"""The client: no daemon, stale sockets, garbage or missing replies, slowness, light imports."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitbreak.control import client
from sitbreak.control.protocol import ProtocolError


@contextmanager
def fake_daemon(path: Path, reply: bytes | None) -> Iterator[None]:
    """A one-connection server that reads a request and answers with raw ``reply`` bytes.

    ``None`` means: read the request and then never answer until the client gives up.
    """
    path.parent.mkdir(mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    done = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            if reply is not None:
                conn.sendall(reply)
            else:
                done.wait(30)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=30)
        listener.close()


def test_missing_socket_means_not_running(sock_path: Path) -> None:
    """No socket file: DaemonNotRunning naming the path."""
    with pytest.raises(client.DaemonNotRunning, match="no control socket at"):
        client.request(sock_path, "status")


def test_stale_socket_means_not_running(sock_path: Path) -> None:
    """A socket file nobody listens on: DaemonNotRunning, not a confusing connection error."""
    sock_path.parent.mkdir(mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(sock_path))
    dead.close()
    with pytest.raises(client.DaemonNotRunning, match="nothing listens"):
        client.request(sock_path, "status")
    with pytest.raises(client.DaemonNotRunning):
        client.subscribe(sock_path)


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (b"this is not json\n", "bad_reply"),
        (b'{"status": "running"}\n', "bad_reply"),
        (b"[1, 2, 3]\n", "bad_reply"),
        (b'{"ok": true', "bad_reply"),
        (b"", "no_reply"),
        (b"\xff" * 70_000, "too_large"),
    ],
)
def test_garbage_replies_raise_protocol_error(sock_path: Path, reply: bytes, code: str) -> None:
    """A reply that is not a protocol reply raises ProtocolError with a telling code."""
    with fake_daemon(sock_path, reply), pytest.raises(ProtocolError) as caught:
        client.request(sock_path, "status")
    assert caught.value.code == code


def test_silent_daemon_times_out(sock_path: Path) -> None:
    """A daemon that never answers makes request() raise TimeoutError after its timeout."""
    with fake_daemon(sock_path, None), pytest.raises(TimeoutError, match="did not answer"):
        client.request(sock_path, "status", timeout=0.5)


def test_client_import_stays_light() -> None:
    """Importing the client and endpoint modules pulls in no heavy dependency or server code."""
    code = (
        "import sys, sitbreak.control.client, sitbreak.control.endpoint\n"
        "heavy = {'pydantic', 'pydantic_settings', 'apscheduler', 'plyer',\n"
        "         'ctypes', 'sitbreak.control.server', 'logging'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"

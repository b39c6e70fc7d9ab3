"""``sitbreak stop`` against a daemon that hangs up on the follow-up ping while it closes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path


def closing_daemon(path: Path, ready: threading.Event) -> None:
    """Answer ``stop``, hang up on the next request unanswered, then go away (socket removed)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()
    listener.settimeout(20)
    ready.set()
    with listener:
        for reply in ({"ok": True, "message": "Stopping the daemon (pid 1)."}, None):
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                if reply is not None:
                    conn.sendall(json.dumps(reply).encode() + b"\n")
    path.unlink()


def test_stop_counts_a_hang_up_as_the_daemon_going_away() -> None:
    """A ping the closing daemon hangs up on means it is going: exit 0, no traceback."""
    with tempfile.TemporaryDirectory(prefix="sbs-", dir="/tmp") as runtime:
        folder = Path(runtime) / "sitbreak"
        folder.mkdir(mode=0o700)
        ready = threading.Event()
        server = threading.Thread(
            target=closing_daemon, args=(folder / "control.sock", ready), daemon=True
        )
        server.start()
        assert ready.wait(10)
        done = subprocess.run(
            [sys.executable, "-m", "sitbreak", "stop"],
            env={**os.environ, "XDG_RUNTIME_DIR": runtime, "XDG_STATE_HOME": runtime},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        server.join(10)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Stopping the daemon (pid 1).\n"

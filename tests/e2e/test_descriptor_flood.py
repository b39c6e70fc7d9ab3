"""A flood of connections that never read, under a low file limit: no spinning, no log flood.

The daemons here run with a lowered RLIMIT_NOFILE (prlimit, or setrlimit in a child process).
CPU time is read from /proc to tell a sleeping process from one that spins; the bound is
loose (a spinning process uses all of the time it is given).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitbreak.control import client
from tests.support.daemon import sitbreak_argv
from tests.support.tools import require_tool
from tests.support.user_env import UserEnvironment

WATCH = 3.0  # seconds of flood during which CPU time is measured


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def flood(path: Path, count: int) -> list[socket.socket]:
    """``count`` connections that ask to follow the status and never read a byte."""
    held = []
    for _ in range(count):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(2)
        try:
            sock.connect(str(path))
            sock.sendall(b'{"cmd":"subscribe"}\n')
        except OSError:
            sock.close()
            continue
        held.append(sock)
    return held


def wait_for_status(user: UserEnvironment, timeout: float = 30.0) -> None:
    """Poll ``sitbreak status`` until it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if user.run("status").returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("the daemon never answered status")


def test_a_daemon_under_a_low_file_limit_keeps_answering(user: UserEnvironment) -> None:
    """64 files allowed, 300 followers that never read: status answers, the CPU stays idle."""
    prlimit = require_tool("prlimit", "util-linux")
    argv = [prlimit, "--nofile=64:64", "--", *sitbreak_argv("run", "--set", "idle.enabled=false")]
    process = user.spawn("sitbreak", argv)
    try:
        wait_for_status(user)
        held = flood(user.runtime_dir / "sitbreak" / "control.sock", 300)
        before = cpu_seconds(process.pid)
        time.sleep(WATCH)
        spent = cpu_seconds(process.pid) - before
        status = user.run("status")
        for sock in held:
            sock.close()
        assert status.returncode == 0, status.stderr
        assert spent < WATCH / 2, f"the daemon used {spent:.2f} CPU-s in {WATCH} s"
        assert user.run("stop").returncode == 0
        assert process.popen.wait(10) == 0
    finally:
        process.stop()
    log = process.log_path.read_text(encoding="utf-8")
    assert log.count("Too many open files") <= 10
    assert "Traceback" not in log


SERVER_UNDER_PRESSURE = """
import os, resource, sys, time
from pathlib import Path
from sitbreak.cli.logging_setup import configure_logging
from sitbreak.control.server import ControlServer

configure_logging()
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 4096))
server = ControlServer(Path(sys.argv[1]), lambda request: (
    {"ok": True, "subscribe": True} if request.cmd == "subscribe" else {"ok": True, "pong": True}
))
server.start()
# something else in the process takes every file descriptor left, until told to let go
taken = []
try:
    while True:
        taken.append(os.open("/dev/null", os.O_RDONLY))
except OSError:
    pass
print("exhausted", flush=True)
sys.stdin.readline()
for fd in taken:
    os.close(fd)
print("released", flush=True)
time.sleep(60)
"""


def test_a_server_out_of_descriptors_backs_off_then_recovers(tmp_path: Path) -> None:
    """EMFILE on accept: a few warnings and an idle CPU; once files free up, it serves."""
    # short, since socket paths are limited, and in a folder of its own: never /tmp itself
    path = Path(tempfile.mkdtemp(prefix="sbf-", dir="/tmp")) / "s.sock"
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        child = subprocess.Popen(
            [sys.executable, "-c", SERVER_UNDER_PRESSURE, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=output,
        )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        assert child.stdout.readline() == b"exhausted\n", log.read_text()
        held = flood(path, 50)
        before = cpu_seconds(child.pid)
        time.sleep(WATCH)
        spent = cpu_seconds(child.pid) - before
        child.stdin.write(b"go\n")
        child.stdin.flush()
        assert child.stdout.readline() == b"released\n"
        reply = client.request(path, "ping", timeout=10)
        for sock in held:
            sock.close()
    finally:
        child.kill()
        child.wait(10)
        path.unlink(missing_ok=True)
    text = log.read_text(encoding="utf-8")
    assert reply == {"ok": True, "pong": True}
    assert spent < WATCH / 2, f"the server used {spent:.2f} CPU-s in {WATCH} s"
    assert "ran out of file descriptors (Too many open files); not accepting for 1 s" in text
    assert text.count("ran out of file descriptors") <= 2 * WATCH

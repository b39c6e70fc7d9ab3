"""Any request on the socket gets an answer, and no answer leaves a daemon that cannot start."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.user_env import UserEnvironment

QUIET = """
[reminders.posture]
every = "20m"
"""

COMMANDS = ["status", "ping", "snooze", "pause", "resume", "skip", "done", "reload", "subscribe"]
EDGE_TEXT = [
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59",
    "2026-01-01T00:00:00+00:00",
    "99999999h",
    "2900000d",
    "9" * 400 + "d",
    "P9999999999D",
    "-5m",
    "0s",
    "1e400s",
    "micro",
    "",
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(EDGE_TEXT)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
ARGUMENT = st.sampled_from(EDGE_TEXT) | st.sampled_from(EDGE_TEXT) | JSON_VALUES
ARGS = st.fixed_dictionaries(
    {}, optional={"duration": ARGUMENT, "until": ARGUMENT, "kind": ARGUMENT, "other": ARGUMENT}
)
COMMAND_FRAMES = st.builds(
    lambda cmd, args: json.dumps({"cmd": cmd, "args": args}).encode(),
    st.sampled_from(COMMANDS),
    ARGS,
)
FRAMES = st.one_of(
    COMMAND_FRAMES,
    COMMAND_FRAMES,
    COMMAND_FRAMES,
    COMMAND_FRAMES,
    st.builds(lambda value: json.dumps(value).encode(), JSON_VALUES),
    st.binary(max_size=200).map(lambda data: data.replace(b"\n", b" ")),
)


def control_socket(user: UserEnvironment) -> Path:
    """Where the daemon of ``user`` listens."""
    return user.runtime_dir / "sitbreak" / "control.sock"


def exchange(path: Path, frame: bytes) -> dict[str, object]:
    """Send one frame on a fresh connection and return the first line that comes back."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(str(path))
        sock.sendall(frame + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(65536)
            assert chunk, f"no answer to {frame!r}"
            data += chunk
    reply = json.loads(data.split(b"\n", 1)[0])
    assert isinstance(reply, dict)
    return reply


def test_any_request_gets_an_answer_and_the_daemon_starts_again(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """Hundreds of generated frames: each answered, none an internal error; then a clean restart."""
    config = write_config(tmp_path / "config.toml", QUIET)
    daemon = SitbreakDaemon(user, config)
    path = control_socket(user)

    @settings(
        max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )
    @given(FRAMES)
    @example(b'{"cmd":"pause","args":{"until":"9999-12-31T23:59:59-14:00"}}')
    @example(b'{"cmd":"snooze","args":{"duration":"2900000d"}}')
    def answered(frame: bytes) -> None:
        reply = exchange(path, frame)
        assert isinstance(reply.get("ok"), bool), reply
        assert reply.get("code") != "internal", (frame, reply)

    answered()
    assert daemon.status()["running"] is True
    stopped = daemon.cli("stop")
    assert stopped.returncode == 0, stopped.stderr
    daemon.process.popen.wait(10)
    assert daemon.process.popen.returncode == 0, daemon.log()
    again = SitbreakDaemon(user, config)
    assert again.status()["running"] is True
    assert "Traceback" not in again.log()


def test_the_pause_that_bricked_the_daemon_is_refused(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """A pause to 9999-12-31T23:59:59-14:00 is a bad request; status, stop and start still work."""
    config = write_config(tmp_path / "config.toml", QUIET)
    daemon = SitbreakDaemon(user, config)
    frame = {"cmd": "pause", "args": {"until": "9999-12-31T23:59:59-14:00"}}
    reply = exchange(control_socket(user), json.dumps(frame).encode())
    assert reply["code"] == "bad_request"
    assert reply["error"] == (
        "pause: until: more than 30 days from now; 'sitbreak pause' without a time lasts until"
        " you resume"
    )
    assert daemon.status()["state"] != "paused"
    assert daemon.cli("stop").returncode == 0
    assert daemon.process.popen.wait(10) == 0
    assert SitbreakDaemon(user, config).status()["running"] is True


def test_huge_snooze_and_pause_are_usage_errors(user: UserEnvironment, tmp_path: Path) -> None:
    """`snooze 99999999h`, `snooze 2900000d` and `pause 99999999h` exit 2 with the limit."""
    daemon = SitbreakDaemon(user, write_config(tmp_path / "config.toml", QUIET))
    for command, text, limit in (
        ("snooze", "99999999h", "12 hours"),
        ("snooze", "2900000d", "12 hours"),
        ("pause", "99999999h", "30 days"),
    ):
        done = daemon.cli(command, text)
        assert done.returncode == 2, done.stderr
        assert f"{text} is more than the maximum of {limit}" in done.stderr
        assert "internal" not in done.stderr
    assert daemon.status()["state"] == "active"


def test_a_stopped_daemon_gets_one_line_naming_its_pid(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """A SIGSTOPped daemon: `status` says how to wake it (its pid from the lock), exit 1."""
    daemon = SitbreakDaemon(user, write_config(tmp_path / "config.toml", QUIET))
    os.kill(daemon.pid, signal.SIGSTOP)
    try:
        done = daemon.cli("status")
    finally:
        os.kill(daemon.pid, signal.SIGCONT)
    assert done.returncode == 1
    assert done.stderr == (
        f"sitbreak: the daemon (pid {daemon.pid}) did not answer within 5 s;"
        f" 'kill -CONT {daemon.pid}' wakes it if it was stopped, else 'sitbreak stop' or end it"
        " and restart\n"
    )
    assert daemon.status()["running"] is True

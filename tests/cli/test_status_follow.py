"""``sitbreak status --follow`` as a real process with no daemon: it waits, and stops cleanly."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

WAIT = 20.0


@pytest.fixture
def lonely_env() -> Iterator[dict[str, str]]:
    """An environment whose runtime dir has no daemon in it."""
    with tempfile.TemporaryDirectory(prefix="sbl-", dir="/tmp") as runtime:
        yield {**os.environ, "XDG_RUNTIME_DIR": runtime, "HOME": runtime, "XDG_STATE_HOME": runtime}


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start ``sitbreak status --follow ARGS`` with piped output."""
    return subprocess.Popen(
        [sys.executable, "-m", "sitbreak", "status", "--follow", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen[str]) -> str:
    """The first output line, waiting at most WAIT seconds."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], WAIT)
    assert ready, "no line from the follower"
    return process.stdout.readline()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_follower_with_status_0(
    lonely_env: dict[str, str], signum: signal.Signals
) -> None:
    """After its "not running" line, SIGTERM or SIGINT ends it with 0 and no traceback."""
    process = start(lonely_env, "--format", "waybar")
    try:
        line = json.loads(first_line(process))
        assert line["text"] == "not running"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        process.kill()
    assert process.returncode == 0
    assert stderr == ""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "sitbreak is not running\n"),
        ("json", '{"running":false}\n'),
        ("polybar", "%{F#7F848E}not running%{F-}\n"),
        (
            "i3blocks",
            '{"full_text": "sitbreak is not running", "short_text": "not running", '
            '"color": "#7F848E"}\n',
        ),
    ],
)
def test_not_running_line_in_every_format(
    lonely_env: dict[str, str], fmt: str, expected: str
) -> None:
    """Each format says "not running" in its own way, at once."""
    process = start(lonely_env, "--format", fmt)
    try:
        assert first_line(process) == expected
    finally:
        process.terminate()
        process.communicate(timeout=WAIT)


def test_closed_output_ends_the_follower_quietly(lonely_env: dict[str, str]) -> None:
    """When the reader goes away the follower exits 0 within a retry, with nothing on stderr."""
    process = start(lonely_env, "--format", "waybar")
    try:
        first_line(process)
        assert process.stdout is not None
        process.stdout.close()
        process.wait(WAIT)
        assert process.stderr is not None
        stderr = process.stderr.read()
    finally:
        process.kill()
    assert process.returncode == 0
    assert stderr == ""


def test_once_without_follow_prints_not_running_and_exits_3(lonely_env: dict[str, str]) -> None:
    """``status --format waybar`` without --follow prints one line and exits 3 (no daemon)."""
    done = subprocess.run(
        [sys.executable, "-m", "sitbreak", "status", "--format", "waybar"],
        env=lonely_env,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 3
    assert json.loads(done.stdout)["class"] == "not_running"


def test_json_and_another_format_do_not_mix(lonely_env: dict[str, str]) -> None:
    """``--json --format waybar`` is a usage error (status 2) naming both options."""
    done = subprocess.run(
        [sys.executable, "-m", "sitbreak", "status", "--json", "--format", "waybar"],
        env=lonely_env,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 2
    assert "--json and --format waybar" in done.stderr


def test_follower_stays_light(lonely_env: dict[str, str], tmp_path: Path) -> None:
    """The follower never imports pydantic, APScheduler or plyer (it runs all day in a bar)."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['sitbreak', 'status', '--format', 'waybar']\n"
        "try:\n"
        "    runpy.run_module('sitbreak', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pydantic', 'apscheduler', 'plyer') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=lonely_env,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
        cwd=tmp_path,
    )
    assert done.stdout.splitlines()[-1] == "[]", done.stderr

"""The hook runner with real processes: no shell, the environment, timeouts, bounds, the log."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.hooks.runner import HookRunner
from tests.support.waiting import eventually

WAIT = 20.0

DUMP = """
import json, os, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"argv": sys.argv[2:], "env": {k: v for k, v in os.environ.items()
                                             if k.startswith("SITBREAK_")}}, out)
"""


@pytest.fixture
def runner() -> Iterator[HookRunner]:
    """A runner with the default bounds, closed after the test."""
    made = HookRunner()
    yield made
    made.close()


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_argv_reaches_the_program_verbatim_with_the_environment(
    runner: HookRunner, tmp_path: Path
) -> None:
    """Shell metacharacters in arguments stay literal text; SITBREAK_* variables arrive."""
    script, out = tmp_path / "dump.py", tmp_path / "out.json"
    script.write_text(DUMP, encoding="utf-8")
    nasty = "$(touch pwned); `touch pwned2` | rm -rf / ; echo ${HOME} > x && 'q' \"d\""
    env = {"SITBREAK_EVENT": "reminder", "SITBREAK_TEXT": nasty}
    assert runner.submit("on_reminder", [sys.executable, str(script), str(out), nasty], env, 10)
    assert eventually(out.exists, WAIT)
    assert eventually(lambda: runner.outstanding == 0, WAIT)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == {"argv": [nasty], "env": env}
    assert not list(tmp_path.glob("pwned*"))
    assert not Path("pwned").exists()


def test_hanging_hook_and_what_it_started_are_killed_after_the_timeout(
    runner: HookRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A hook still running at its timeout is stopped with its whole process group."""
    caplog.set_level(logging.INFO, logger="sitbreak.hooks")
    pid_file = tmp_path / "child.pid"
    argv = ["sh", "-c", f"sleep 300 & echo $! > {pid_file}; wait"]
    runner.submit("on_pause", argv, {}, 1.0)
    assert eventually(lambda: pid_file.exists() and pid_file.read_text().strip() != "", WAIT)
    child = int(pid_file.read_text())
    assert eventually(lambda: runner.outstanding == 0, WAIT)
    assert not pid_alive(child)
    assert "hook on_pause ('sh') still running after 1 s; stopped it" in caplog.text


def test_output_and_failures_go_to_the_log(
    runner: HookRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """Each output line is logged at info; a non-zero exit and a missing program at warning."""
    caplog.set_level(logging.INFO, logger="sitbreak.hooks")
    runner.submit("on_snooze", ["sh", "-c", "echo to stdout; echo to stderr >&2; exit 3"], {}, 10)
    runner.submit("on_resume", ["/nonexistent/hook-program"], {}, 10)
    assert eventually(lambda: runner.outstanding == 0, WAIT)
    messages = {(r.levelname, r.getMessage()) for r in caplog.records}
    assert ("INFO", "hook on_snooze: to stdout") in messages
    assert ("INFO", "hook on_snooze: to stderr") in messages
    assert ("WARNING", "hook on_snooze ('sh') failed with exit status 3") in messages
    assert any(
        level == "WARNING" and text.startswith("hook on_resume: cannot run '/nonexistent/")
        for level, text in messages
    )


def test_chatty_hook_output_is_cut(runner: HookRunner, caplog: pytest.LogCaptureFixture) -> None:
    """Only the first 8 KiB of output are logged; the rest is counted."""
    caplog.set_level(logging.INFO, logger="sitbreak.hooks")
    runner.submit("on_reminder", ["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"], {}, 10)
    assert eventually(lambda: runner.outstanding == 0, WAIT)
    assert "hook on_reminder: 91808 more bytes of output not logged" in caplog.text


def test_beyond_the_bound_hooks_are_skipped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One running and one waiting fill a (1, 1) runner: a third is skipped and logged."""
    runner = HookRunner(max_running=1, max_waiting=1)
    try:
        assert runner.submit("on_pause", ["sleep", "30"], {}, 30)
        assert runner.submit("on_pause", ["sleep", "30"], {}, 30)
        assert not runner.submit("on_resume", ["true"], {}, 30)
        assert "hook on_resume skipped: 2 hooks are still running or waiting" in caplog.text
    finally:
        runner.close(grace=0)
    assert runner.outstanding <= 1  # the waiting one was cancelled, the running one stopped


def test_close_stops_running_hooks(tmp_path: Path) -> None:
    """Closing the runner (the daemon stopping) ends a running hook within the grace time."""
    runner = HookRunner()
    pid_file = tmp_path / "hook.pid"
    runner.submit("on_pause", ["sh", "-c", f"echo $$ > {pid_file}; exec sleep 300"], {}, 300)
    assert eventually(lambda: pid_file.exists() and pid_file.read_text().strip() != "", WAIT)
    hook = int(pid_file.read_text())
    started = time.monotonic()
    runner.close(grace=0.2)
    assert time.monotonic() - started < WAIT
    assert not pid_alive(hook)
    assert not runner.submit("on_pause", ["true"], {}, 1)


def test_hook_environment_keeps_the_daemons_own(runner: HookRunner, tmp_path: Path) -> None:
    """The daemon's environment (DISPLAY, PATH...) is passed on under the SITBREAK_* values."""
    out = tmp_path / "path.txt"
    runner.submit("on_pause", ["sh", "-c", f'printf %s "$PATH" > {out}'], {}, 10)
    assert eventually(lambda: runner.outstanding == 0, WAIT)
    assert out.read_text() == os.environ["PATH"]

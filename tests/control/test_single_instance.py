"""One daemon per user: the instance lock, across real processes, including kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sitbreak.control.single_instance import AlreadyRunning, acquire_instance_lock
from tests.support.read_only import read_only_argv

_HOLDER = """
import sys, time
from pathlib import Path
from sitbreak.control.single_instance import acquire_instance_lock
lock = acquire_instance_lock(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(600)
"""


def _start_holder(lock_path: Path) -> subprocess.Popen[str]:
    """A separate process that takes the lock and sleeps holding it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_lock_writes_our_pid_in_a_private_directory(short_dir: Path) -> None:
    """Acquiring creates the directory 0700 and the lock file holds our pid."""
    lock_path = short_dir / "run" / "daemon.lock"
    lock = acquire_instance_lock(lock_path)
    try:
        assert lock_path.read_text() == f"{os.getpid()}\n"
        assert stat.S_IMODE(os.stat(lock_path.parent).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(lock_path).st_mode) == 0o600
    finally:
        lock.release()


def test_second_process_is_told_who_runs(short_dir: Path) -> None:
    """While another process holds the lock, acquiring fails with "already running (pid N)"."""
    lock_path = short_dir / "daemon.lock"
    holder = _start_holder(lock_path)
    try:
        with pytest.raises(AlreadyRunning) as caught:
            acquire_instance_lock(lock_path)
        assert str(caught.value) == f"already running (pid {holder.pid})"
        assert caught.value.pid == holder.pid
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_lock_of_a_killed_daemon_is_taken_over(short_dir: Path) -> None:
    """After kill -9 of the holder the kernel drops its lock; a new acquire succeeds."""
    lock_path = short_dir / "daemon.lock"
    holder = _start_holder(lock_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path.read_text() == f"{holder.pid}\n"  # the stale pid is still written
    with acquire_instance_lock(lock_path):
        assert lock_path.read_text() == f"{os.getpid()}\n"


def test_release_lets_the_next_daemon_in(short_dir: Path) -> None:
    """Releasing clears the pid and frees the lock; a second acquire in-process fails until then."""
    lock_path = short_dir / "daemon.lock"
    first = acquire_instance_lock(lock_path)
    with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
        acquire_instance_lock(lock_path)
    first.release()
    first.release()  # idempotent
    assert lock_path.read_text() == ""
    acquire_instance_lock(lock_path).release()


_READ_ONLY_TWICE = """
import sys
from pathlib import Path
from sitbreak.control.single_instance import AlreadyRunning, acquire_instance_lock
first = acquire_instance_lock(Path(sys.argv[1]), "/run/x/control.sock")
try:
    acquire_instance_lock(Path(sys.argv[1]))
except AlreadyRunning:
    print("second refused", flush=True)
first.release()
print("released", flush=True)
"""


def test_an_existing_lock_on_a_read_only_disk_still_locks(short_dir: Path) -> None:
    """flock needs no write access: on a read-only disk the lock holds, nothing is written."""
    lock_path = short_dir / "daemon.lock"
    lock_path.write_text("123\n", encoding="utf-8")
    argv = read_only_argv(short_dir, [sys.executable, "-c", _READ_ONLY_TWICE, str(lock_path)])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == "second refused\nreleased\n", done.stderr
    assert lock_path.read_text(encoding="utf-8") == "123\n"

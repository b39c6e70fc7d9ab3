"""The benchmark's desktop: the tests' Xvfb + session bus + dunst, a system bus, fresh homes."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.buses import start_extra_bus
from tests.support.desktop import NOTIFICATIONS_NAME, DesktopSession, start_desktop
from tests.support.dunst import DUNSTRC
from tests.support.environment import private_environment
from tests.support.processes import BackgroundProcess, spawn

__all__ = ["BenchSession", "start_session"]

_START_TIMEOUT_SECONDS = 30.0


class BenchSession:
    """One private desktop shared by every program measured; each gets its own HOME."""

    def __init__(self, desktop: DesktopSession) -> None:
        """Wrap a started desktop; `start_session` also starts the system bus."""
        self.desktop = desktop
        self.system_bus_address = ""
        self._runtime_dirs: list[Path] = []

    @property
    def root(self) -> Path:
        """The folder holding every program's home and the logs."""
        return self.desktop.root

    def environment(self, name: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Fresh HOME, XDG folders and runtime dir for ``name``, on the shared display and buses."""
        # unix socket paths are limited to 108 bytes, so the runtime dir lives in /tmp
        runtime = Path(tempfile.mkdtemp(prefix=f"sb-{name}-"))
        self._runtime_dirs.append(runtime)
        env = private_environment(self.root / "homes" / name, runtime)
        env["DISPLAY"] = self.desktop.display
        env["DBUS_SESSION_BUS_ADDRESS"] = self.desktop.bus_address
        env["DBUS_SYSTEM_BUS_ADDRESS"] = self.system_bus_address
        env.update(extra or {})
        return env

    def spawn(self, name: str, argv: Sequence[str], env: Mapping[str, str]) -> BackgroundProcess:
        """Start ``argv`` in the background with ``env``, logging to logs/<name>.log."""
        process = _spawn(self.desktop, name, argv, env)
        self.desktop.processes.append(process)
        return process

    def run(
        self, argv: Sequence[str], env: Mapping[str, str], timeout: float = 60.0
    ) -> subprocess.CompletedProcess[str]:
        """Run a command to completion with ``env``, capturing its text."""
        return subprocess.run(
            list(argv), env=dict(env), capture_output=True, text=True, check=False, timeout=timeout
        )

    def name_has_owner(self, name: str) -> bool:
        """Whether a connection owns ``name`` on the session bus."""
        return self.desktop.name_has_owner(name)

    def windows_of(self, pid: int) -> list[str]:
        """X window ids that the process ``pid`` has mapped or created (by _NET_WM_PID)."""
        if shutil.which("xdotool") is None:
            return []
        found = self.run(["xdotool", "search", "--pid", str(pid)], self.desktop.env, timeout=10)
        return found.stdout.split()

    def stop(self) -> None:
        """Stop every process (newest first) and remove the runtime folders."""
        self.desktop.stop()
        for runtime in self._runtime_dirs:
            shutil.rmtree(runtime, ignore_errors=True)


def start_session(root: Path) -> BenchSession:
    """Start Xvfb, the session bus, dunst and a private system bus under ``root``."""
    session = BenchSession(start_desktop(root, notification_server=False))
    try:
        _start_dunst(session)
        # Safe Eyes dies at start without a system bus (it listens for logind's PrepareForSleep)
        # and Workrave complains; a real desktop has one, so the benchmark gives them a private one.
        session.system_bus_address = start_extra_bus(session.desktop, "system")
    except BaseException:
        session.stop()
        raise
    return session


def _start_dunst(session: BenchSession) -> None:
    """Start dunst with the tests' settings, but keeping identical notifications apart.

    By default dunst stacks a notification identical to one on screen into it, so a prompt
    shown twice would arrive once; the lateness measurement needs every one.
    """
    config = session.root / "dunstrc"
    config.write_text(DUNSTRC.replace("[global]\n", "[global]\n    stack_duplicates = no\n", 1))
    dunst = session.spawn("dunst", ["dunst", "-config", str(config)], session.desktop.env)
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not session.name_has_owner(NOTIFICATIONS_NAME):
        if not dunst.is_running() or time.monotonic() > deadline:
            raise RuntimeError(f"dunst did not start: {dunst.describe()}")
        time.sleep(0.05)


def _spawn(
    desktop: DesktopSession,
    name: str,
    argv: Sequence[str],
    env: Mapping[str, str],
    pass_fds: Sequence[int] = (),
) -> BackgroundProcess:
    """Start a background process the way the test fixtures do, with its own environment."""
    return spawn(name, argv, env=env, log_dir=desktop.logs, pass_fds=pass_fds)

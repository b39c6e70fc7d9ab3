"""A real headless Wayland compositor (sway) for tests, and input typed into it with wtype.

sway refuses to run as root ("Unable to drop root"), so a root test run starts it as an
unprivileged system user made for the tests (created once, reused after). The compositor's
runtime folder belongs to that user; root connects to its socket all the same.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.desktop import DesktopSession
from tests.support.processes import read_line_from_fd, spawn

__all__ = ["COMPOSITOR_USER", "WAYLAND_TOOLS", "headless_sway", "start_xwayland", "wtype"]

WAYLAND_TOOLS = {"sway": "sway", "wtype": "wtype"}
COMPOSITOR_USER = "sitbreak-test-wl"
START_TIMEOUT = 30.0


def _unprivileged_ids() -> tuple[int, int] | None:
    """uid and gid to run the compositor as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(COMPOSITOR_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", COMPOSITOR_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(COMPOSITOR_USER)
    return entry.pw_uid, entry.pw_gid


@contextmanager
def headless_sway(session: DesktopSession) -> Iterator[Path]:
    """Run sway headless (no GPU, no input devices) in ``session``; yield its socket path."""
    ids = _unprivileged_ids()
    runtime = Path(tempfile.mkdtemp(prefix="sitbreak-wl-"))
    try:
        config = runtime / "sway.conf"
        config.write_text("# no bar, no bindings: only the protocols matter\n")
        drop: list[str] = []
        if ids is not None:
            os.chown(runtime, *ids)
            os.chown(config, *ids)
            drop = ["setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups", "--"]
        argv = [
            *drop,
            "env",
            "-i",
            f"HOME={runtime}",
            f"XDG_RUNTIME_DIR={runtime}",
            "WLR_BACKENDS=headless",
            "WLR_LIBINPUT_NO_DEVICES=1",
            "WLR_RENDERER=pixman",
            f"PATH={os.environ.get('PATH', '/usr/bin:/bin')}",
            "sway",
            "--config",
            str(config),
        ]
        process = session.spawn("sway", argv)
        yield _wait_for_socket(runtime, process.is_running, session)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def _wait_for_socket(runtime: Path, running: object, session: DesktopSession) -> Path:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        sockets = [p for p in runtime.glob("wayland-*") if p.is_socket()]
        if sockets:
            return sockets[0]
        if callable(running) and not running():
            break
        time.sleep(0.05)
    raise RuntimeError(f"sway did not open a Wayland socket in {runtime}\n{session.describe()}")


def wtype(socket: Path, text: str = "x") -> None:
    """Type ``text`` into the compositor through its virtual-keyboard protocol."""
    subprocess.run(
        ["wtype", text],
        env={**os.environ, "WAYLAND_DISPLAY": str(socket)},
        check=True,
        capture_output=True,
        timeout=30,
    )


def start_xwayland(session: DesktopSession, socket: Path) -> str:
    """Start a rootless Xwayland as a client of the compositor; return its X display name."""
    read_end, write_end = os.pipe()
    try:
        try:
            process = spawn(
                "xwayland",
                ["Xwayland", "-displayfd", str(write_end)],
                env={**session.env, "WAYLAND_DISPLAY": str(socket)},
                log_dir=session.logs,
                pass_fds=[write_end],
            )
            session.processes.append(process)
        finally:
            os.close(write_end)
        return ":" + read_line_from_fd(read_end, process, START_TIMEOUT).strip()
    finally:
        os.close(read_end)

"""Measure the daemon's context switches per minute while the person is away, per idle backend.

Not a test: a measurement for the record. Each scenario starts a private desktop (Xvfb, a
session bus), a real ``sitbreak run`` with default cadences, makes the person idle, lets it
settle, then sums voluntary and involuntary context switches over every thread in
/proc/<pid>/task/*/status across the measuring window.

Run from the repository root: ``.venv/bin/python benchmarks/idle_context_switches.py [seconds]``
(root is needed only for the Wayland scenario, which runs sway as a test user).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession, start_desktop
from tests.support.fake_desktop_services import FakeMutterIdleMonitor
from tests.support.sni_watcher import StandInWatcher
from tests.support.waiting import wait_until
from tests.support.wayland import headless_sway

CONFIG = (
    '[idle]\nenabled = {enabled}\n[reminders.posture]\nbreak_length = "2s"\n'
    "[tray]\nenabled = {tray}\n"
)


def context_switches(pid: int) -> int:
    """Voluntary plus involuntary switches, summed over the process's live threads."""
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue  # the thread ended while we looked
        for line in text.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def thread_count(pid: int) -> int:
    """How many threads the process has now."""
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


@contextmanager
def gnome(session: DesktopSession) -> Iterator[Callable[[], None]]:
    """A stand-in GNOME idle monitor; the callable makes the person idle."""
    fake = FakeMutterIdleMonitor(session.bus_address)
    try:
        yield fake.user_went_idle
    finally:
        fake.stop()


@contextmanager
def sway(session: DesktopSession) -> Iterator[Callable[[], None]]:
    """Headless sway in the session; idleness comes by itself."""
    with headless_sway(session) as socket:
        session.env["WAYLAND_DISPLAY"] = str(socket)
        yield lambda: None


def measure(
    name: str,
    setup: Callable[[DesktopSession], AbstractContextManager[Callable[[], None]]] | None,
    enabled: bool,
    window: float,
    *,
    tray: bool = True,
    panel: bool = False,
) -> None:
    """Run one scenario and print its figures.

    ``tray``: the tray icon on (the default) or off; ``panel``: a stand-in tray (a
    StatusNotifierWatcher) runs, and the measuring waits until the icon registered with it.
    """
    root = Path(tempfile.mkdtemp(prefix="sitbreak-bench-"))
    session = start_desktop(root / "desktop", notification_server=False)
    try:
        context = setup(session) if setup is not None else nullcontext(lambda: None)
        with context as go_idle:
            text = CONFIG.format(enabled=str(enabled).lower(), tray=str(tray).lower())
            config = write_config(root / "config.toml", text)
            watcher = StandInWatcher(session.bus_address) if panel else None
            daemon = SitbreakDaemon(session, config, idle=enabled)
            try:
                if watcher is not None:
                    wait_until(lambda: watcher.items, "the tray icon registers", 30)
                go_idle()
                expected = "idle" if enabled else "active"
                wait_until(lambda: daemon.status()["state"] == expected, f"state {expected}", 60)
                backend = daemon.status()["idle_backend"]
                time.sleep(5)  # let start-up work settle
                before = context_switches(daemon.pid)
                time.sleep(window)
                after = context_switches(daemon.pid)
                per_minute = (after - before) * 60.0 / window
                print(
                    f"{name:<22} backend={backend:<10} threads={thread_count(daemon.pid):<3}"
                    f" switches/min={per_minute:7.1f}",
                    flush=True,
                )
            finally:
                daemon.terminate()
                if watcher is not None:
                    watcher.stop()
    finally:
        session.stop()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Every scenario that can run here, one line each."""
    window = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    measure("idle off (baseline)", None, False, window)
    measure("idle off, tray shown", None, False, window, panel=True)
    measure("x11 (Xvfb, 30 s poll)", None, True, window)
    measure("x11, tray off", None, True, window, tray=False)
    measure("x11, tray shown", None, True, window, panel=True)
    measure("mutter (events)", gnome, True, window)
    measure("kwin-idle (sway)", sway, True, window)


if __name__ == "__main__":
    main()

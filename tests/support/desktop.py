"""A real, private desktop session for tests: Xvfb, a D-Bus session bus and (optionally) dunst."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jeepney import DBus  # type: ignore[import-untyped]
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]

from tests.support.buses import start_bus
from tests.support.dunst import ReceivedNotification, dunstrc, parse_history
from tests.support.environment import private_environment
from tests.support.notify_calls import NotifyCall, NotifyCallLog
from tests.support.processes import BackgroundProcess, spawn, start_and_read_line

__all__ = [
    "DESKTOP_TOOLS",
    "NOTIFICATION_SERVER_TOOLS",
    "DesktopSession",
    "start_desktop",
]

START_TIMEOUT_SECONDS = 30.0
COMMAND_TIMEOUT_SECONDS = 60.0
NOTIFICATIONS_NAME = "org.freedesktop.Notifications"

# Each tool the fixtures run, with the Debian package that provides it.
DESKTOP_TOOLS = {"Xvfb": "xvfb", "dbus-daemon": "dbus-daemon"}
NOTIFICATION_SERVER_TOOLS = {
    "dunst": "dunst",
    "dunstctl": "dunst",
    "dbus-send": "dbus-bin",  # dunstctl calls it
    "busctl": "systemd",  # `dunstctl history` calls it
    "notify-send": "libnotify-bin",
}


class DesktopSession:
    """A running private desktop: its environment, its processes and the notifications it got.

    Build one with `start_desktop`. `env` holds DISPLAY, DBUS_SESSION_BUS_ADDRESS and private
    HOME and XDG directories, so a program run in it never touches the real user's files.
    """

    def __init__(self, root: Path) -> None:
        """Create the private directories; `start_desktop` then starts the processes."""
        self.root = root
        self.logs = root / "logs"
        self.logs.mkdir(parents=True)
        # Sockets live here, so keep it short: unix socket paths are limited to 108 bytes.
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="sitbreak-run-"))
        self.env: dict[str, str] = private_environment(root, self.runtime_dir)
        self.processes: list[BackgroundProcess] = []
        self.has_notification_server = False
        self._bus: DBusConnection | None = None
        self._calls: NotifyCallLog | None = None
        self._highest_seen_id = 0
        self._dmenu = "/bin/false"

    @property
    def display(self) -> str:
        """The X display, such as ":3"."""
        return self.env["DISPLAY"]

    @property
    def bus_address(self) -> str:
        """The private session bus address."""
        return self.env["DBUS_SESSION_BUS_ADDRESS"]

    @property
    def pids(self) -> dict[str, int]:
        """Pid of each process the session started, by name (xvfb, dbus, dunst, …)."""
        return {process.name: process.pid for process in self.processes}

    def run(self, argv: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        """Run a command to completion in the session, capturing text; a failed exit is returned."""
        kwargs.setdefault("timeout", COMMAND_TIMEOUT_SECONDS)
        return subprocess.run(
            list(argv), env=self.env, capture_output=True, text=True, check=False, **kwargs
        )

    def spawn(
        self,
        name: str,
        argv: Sequence[str],
        *,
        pass_fds: Sequence[int] = (),
        without: Sequence[str] = (),
        extra: Mapping[str, str] | None = None,
    ) -> BackgroundProcess:
        """Start a background command in the session (output in logs/<name>.log); `stop` ends it.

        `without` names environment variables the command does not get (DISPLAY, say).
        """
        env = {key: value for key, value in self.env.items() if key not in without}
        env.update(extra or {})
        process = spawn(name, argv, env=env, log_dir=self.logs, pass_fds=pass_fds)
        self.processes.append(process)
        return process

    def name_has_owner(self, name: str) -> bool:
        """Whether some connection owns `name` on the session bus (never activates a service)."""
        reply = self._require_bus().send_and_get_reply(DBus().NameHasOwner(name), timeout=10)
        return bool(reply.body[0])

    def notifications(self) -> list[ReceivedNotification]:
        """Every notification dunst received so far, oldest first (closes those on screen)."""
        calls = self._require_calls()
        self._dunstctl("close-all")
        entries = parse_history(self._dunstctl("history"))
        calls.sync()
        return [
            ReceivedNotification.from_history(e, calls.by_id.get(int(e["id"]))) for e in entries
        ]

    def notify_calls(self) -> list[tuple[int, NotifyCall]]:
        """Every Notify call so far with the id it got, oldest first; leaves the screen alone."""
        calls = self._require_calls()
        calls.sync()
        return list(calls.calls)

    def wait_for_notify_calls(
        self, count: int, timeout: float = 30.0
    ) -> list[tuple[int, NotifyCall]]:
        """Wait until at least `count` Notify calls were answered; return them all."""
        deadline = time.monotonic() + timeout
        while len(calls := self.notify_calls()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} Notify call(s) within {timeout} s, got {len(calls)}: "
                    f"{calls}\n{self.describe()}"
                )
            time.sleep(0.1)
        return calls

    def new_notifications(self) -> list[ReceivedNotification]:
        """Notifications received since the last call (or since the session started)."""
        new = [n for n in self.notifications() if n.id > self._highest_seen_id]
        if new:
            self._highest_seen_id = new[-1].id
        return new

    def wait_for_notifications(
        self, count: int, timeout: float = 30.0
    ) -> list[ReceivedNotification]:
        """Wait until `count` new notifications arrived; return them (and any extra ones)."""
        deadline = time.monotonic() + timeout
        received: list[ReceivedNotification] = []
        while True:
            received += self.new_notifications()
            if len(received) >= count:
                return received
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} new notification(s) within {timeout} s, got "
                    f"{len(received)}: {received}\n{self.describe()}"
                )
            time.sleep(0.1)

    def describe(self) -> str:
        """State and recent output of every process, for failure messages."""
        return "\n".join(process.describe() for process in self.processes)

    def stop(self) -> None:
        """Stop the processes (newest first) and connections, remove the runtime dir; idempotent."""
        for connection in (self._calls, self._bus):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
        self._calls = self._bus = None
        for process in reversed(self.processes):
            process.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def start_dunst(self) -> None:
        """Start dunst now (a desktop whose notification server comes after the programs)."""
        if self.has_notification_server:
            raise RuntimeError("dunst runs already in this desktop session")
        self._calls = NotifyCallLog(self.bus_address)  # before dunst, to see every call
        _start_dunst(self, self._dmenu)
        self.has_notification_server = True

    def restart_bus(self) -> None:
        """Kill the session bus (and dunst with it), then start a new one at the same address.

        dunst comes back on the new bus if it ran before, as after a desktop session restart.
        """
        had_dunst = self.has_notification_server
        for connection in (self._calls, self._bus):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
        self._calls = self._bus = None
        for name in ("dunst", "dbus"):
            for process in [p for p in self.processes if p.name == name]:
                process.stop()
                self.processes.remove(process)
        self.has_notification_server = False
        (self.runtime_dir / "bus").unlink(missing_ok=True)
        self._start_bus()
        if had_dunst:
            self.start_dunst()

    def _start(self, *, notification_server: bool, dmenu: str) -> None:
        """Start the processes in order, each ready before the next needs it."""
        self._dmenu = dmenu
        self.env["DISPLAY"] = _start_xvfb(self)
        self._start_bus()
        if notification_server:
            self.start_dunst()

    def _start_bus(self) -> None:
        """Start the session bus at the session's one address, and connect to it."""
        bus = start_bus(self, "dbus", "session", self.runtime_dir / "bus")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus
        self._bus = open_dbus_connection(bus=self.bus_address)

    def _dunstctl(self, command: str) -> str:
        """Run `dunstctl <command>` in the session and return its output, failing clearly."""
        result = self.run(["dunstctl", command])
        if result.returncode != 0:
            failure = f"dunstctl {command} failed ({result.returncode}): {result.stderr}"
            raise RuntimeError(f"{failure}\n{self.describe()}")
        return result.stdout

    def _require_bus(self) -> DBusConnection:
        """The session's own bus connection, failing clearly once stopped."""
        if self._bus is None:
            raise RuntimeError(
                "the desktop session has no bus connection (not started, or stopped)"
            )
        return self._bus

    def _require_calls(self) -> NotifyCallLog:
        """The Notify call log, which exists only with a notification server."""
        if self._calls is None or not self.has_notification_server:
            raise RuntimeError("this desktop session runs no notification server")
        return self._calls


def start_desktop(
    root: Path, *, notification_server: bool = True, dmenu: str = "/bin/false"
) -> DesktopSession:
    """Start Xvfb, a private session bus and, if asked, dunst; stop them all if any fails.

    `dmenu` is the command dunst runs on `dunstctl context` to pick a notification action.
    """
    session = DesktopSession(root)
    try:
        session._start(notification_server=notification_server, dmenu=dmenu)
    except BaseException:
        session.stop()
        raise
    return session


def _start_xvfb(session: DesktopSession) -> str:
    """Start Xvfb on a free display; return that display once Xvfb accepts connections."""
    screen = ["-screen", "0", "1280x1024x24"]

    def xvfb(fd: int) -> list[str]:
        """The command line, writing the display number to ``fd`` once it is ready."""
        return ["Xvfb", "-displayfd", str(fd), "-nolisten", "tcp", "-noreset", *screen]

    number = start_and_read_line(
        lambda fd: session.spawn("xvfb", xvfb(fd), pass_fds=[fd]), START_TIMEOUT_SECONDS
    )
    return f":{number}"


def _start_dunst(session: DesktopSession, dmenu: str) -> None:
    """Start dunst with the test dunstrc; wait until it owns the notifications name."""
    config = Path(session.env["XDG_CONFIG_HOME"]) / "dunst" / "dunstrc"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(dunstrc(dmenu))
    dunst = session.spawn("dunst", ["dunst", "-config", str(config)])
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not session.name_has_owner(NOTIFICATIONS_NAME):
        if not dunst.is_running() or time.monotonic() > deadline:
            raise RuntimeError(
                f"dunst did not take {NOTIFICATIONS_NAME} within {START_TIMEOUT_SECONDS} s "
                f"on {session.bus_address}.\n{session.describe()}"
            )
        time.sleep(0.05)

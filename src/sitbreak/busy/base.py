"""What every busy signal offers, the reasons it reports, and what several signals share.

Shared: probing by one read, running a desktop's command-line tool, and the ``[quiet] apps``
signal every platform has (only the way of listing processes differs).
"""

from __future__ import annotations

import enum
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the D-Bus layer (jeepney) exists only where D-Bus does
    from sitbreak.dbus import Match

__all__ = [
    "CALL",
    "COMM_LENGTH",
    "DND",
    "FULLSCREEN",
    "TOOL_TIMEOUT",
    "Availability",
    "BusySignal",
    "RunningApps",
    "SessionInfo",
    "SignalReport",
    "SignalUnavailable",
    "Switch",
    "app_reason",
    "find_tool",
    "name_matches",
    "probe_by_reading",
    "run_tool",
]

# The reasons status shows; a configured app adds "app:NAME".
DND = "dnd"
FULLSCREEN = "fullscreen"
CALL = "call"


def app_reason(name: str) -> str:
    """The reason reported while the configured program ``name`` runs."""
    return f"app:{name}"


class Switch(enum.StrEnum):
    """The ``[quiet]`` setting that turns a signal on."""

    DND = "respect_dnd"
    FULLSCREEN = "fullscreen"
    IN_CALL = "in_call"
    APPS = "apps"


class SignalUnavailable(Exception):
    """This source cannot be read here (now); the message says why, for logs and doctor.

    ``may_appear`` marks a source missing only for now (a service not on the bus yet).
    """

    def __init__(self, message: str, *, may_appear: bool = False) -> None:
        """Keep the reason and whether the source may still turn up."""
        super().__init__(message)
        self.may_appear = may_appear


@dataclass(frozen=True)
class Availability:
    """Whether a signal can be read on this desktop, and why not.

    ``may_appear`` marks a source that is missing only for now, such as a notification
    server that starts after sitbreak at login: it stays on the list and is tried again.
    """

    works: bool
    detail: str
    may_appear: bool = False


@dataclass(frozen=True)
class SignalReport:
    """One line of ``sitbreak doctor``: a signal, whether it works here, and why (not)."""

    name: str
    works: bool
    detail: str
    enabled: bool = True  # False when its [quiet] switch is off (or no apps are listed)


@dataclass(frozen=True)
class SessionInfo:
    """Where the signals look: the environment (bus, display, desktop) and the system roots."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    proc: Path = Path("/proc")
    dev: Path = Path("/dev")
    asound: Path = Path("/proc/asound")

    @property
    def bus_address(self) -> str | None:
        """The session bus address, or None without one."""
        return self.env.get("DBUS_SESSION_BUS_ADDRESS") or None

    @property
    def display(self) -> str | None:
        """The X display, or None without one."""
        return self.env.get("DISPLAY") or None

    @property
    def wayland(self) -> bool:
        """True in a Wayland session (where X11 sees only XWayland windows)."""
        return bool(self.env.get("WAYLAND_DISPLAY")) or self.env.get("XDG_SESSION_TYPE") == (
            "wayland"
        )

    @property
    def desktops(self) -> frozenset[str]:
        """``XDG_CURRENT_DESKTOP`` as lower-case names (``ubuntu:GNOME`` -> ubuntu, gnome)."""
        raw = self.env.get("XDG_CURRENT_DESKTOP", "")
        return frozenset(part.strip().lower() for part in raw.split(":") if part.strip())


class BusySignal(Protocol):
    """One way of telling the person is busy, read only when a reminder is due or held."""

    name: str
    switch: Switch

    def probe(self) -> Availability:
        """Can this signal be read here? Called at start-up and by ``sitbreak doctor``."""

    def read(self) -> frozenset[str]:
        """The reasons this signal sees now (empty = free); raise SignalUnavailable if not."""

    def changes(self) -> tuple[Match, ...]:
        """D-Bus signals that mean "this reading may have changed", or ()."""


def probe_by_reading(signal: BusySignal, what: str, not_here: str = "") -> Availability:
    """Probe by one read: works when it reads, else not, with the reason from SignalUnavailable.

    ``not_here`` explains a lasting failure in words (the error follows in brackets).
    """
    try:
        reasons = signal.read()
    except SignalUnavailable as error:
        detail = f"{not_here} ({error})" if not_here and not error.may_appear else str(error)
        return Availability(works=False, detail=detail, may_appear=error.may_appear)
    state = "busy now" if reasons else "free now"
    return Availability(works=True, detail=f"{what} ({state})")


TOOL_TIMEOUT = 5.0  # seconds


def find_tool(name: str, env: Mapping[str, str]) -> str | None:
    """The full path of ``name`` on the session's PATH, or None."""
    return shutil.which(name, path=env.get("PATH"))


def run_tool(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """Run a desktop's own tool in the session's environment; its stripped output.

    For desktops with no bus API; any failure is SignalUnavailable, naming the command.
    """
    try:
        done = subprocess.run(
            list(argv),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SignalUnavailable(f"{argv[0]} failed: {error}") from error
    if done.returncode != 0:
        said = done.stderr.strip() or done.stdout.strip() or "no output"
        raise SignalUnavailable(f"{' '.join(argv)} exited with {done.returncode}: {said}")
    return done.stdout.strip()


COMM_LENGTH = 15  # Linux keeps this many characters of a process name


def name_matches(wanted: str, running: set[str]) -> bool:
    """Whether a configured name is among the running names (case-insensitive, comm-cut)."""
    name = wanted.lower()
    return name in running or (len(name) > COMM_LENGTH and name[:COMM_LENGTH] in running)


class RunningApps:
    """Busy with ``app:NAME`` while a program named in ``[quiet] apps`` runs as this user."""

    name = "apps"
    switch = Switch.APPS

    def __init__(
        self, names: Sequence[str], list_names: Callable[[], Iterable[str]], source: str
    ) -> None:
        """Watch for ``names``; ``list_names`` lists the running ones, ``source`` says how."""
        self._names = tuple(names)
        self._list_names = list_names
        self._source = source

    def probe(self) -> Availability:
        """Works when the process list can be read."""
        try:
            running = self.read()
        except SignalUnavailable as error:
            return Availability(False, str(error))
        if not self._names:
            return Availability(True, f"{self._source}; no apps are listed in [quiet] apps")
        now = ", ".join(sorted(running)) or "none running now"
        return Availability(True, f"{self._source}; watching {', '.join(self._names)} ({now})")

    def read(self) -> frozenset[str]:
        """``app:NAME`` for each configured name that runs."""
        if not self._names:
            return frozenset()
        try:
            running = {name.lower() for name in self._list_names()}
        except OSError as error:
            raise SignalUnavailable(f"cannot list processes: {error}") from error
        return frozenset(app_reason(name) for name in self._names if name_matches(name, running))

    def changes(self) -> tuple[Match, ...]:
        """Processes starting and ending are not on D-Bus; grace polling covers them."""
        return ()

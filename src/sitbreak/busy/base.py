"""What every busy signal offers: a Protocol, the reasons it reports, and how it is probed."""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

__all__ = [
    "CALL",
    "DND",
    "FULLSCREEN",
    "Availability",
    "BusySignal",
    "SessionInfo",
    "SignalReport",
    "Switch",
    "Unavailable",
    "app_reason",
    "probe_by_reading",
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


class Unavailable(Exception):
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
        """The reasons this signal sees now (empty = free); raise Unavailable if unreadable."""

    def change_rules(self) -> tuple[str, ...]:
        """D-Bus match rules for signals that mean "this reading may have changed", or ()."""


def probe_by_reading(signal: BusySignal, what: str, not_here: str = "") -> Availability:
    """Probe by one read: works when it reads, else not, with the reason from Unavailable.

    ``not_here`` explains a lasting failure in words (the error follows in brackets).
    """
    try:
        reasons = signal.read()
    except Unavailable as error:
        detail = f"{not_here} ({error})" if not_here and not error.may_appear else str(error)
        return Availability(works=False, detail=detail, may_appear=error.may_appear)
    state = "busy now" if reasons else "free now"
    return Availability(works=True, detail=f"{what} ({state})")

"""Which busy signals this platform has, which the settings switch on, and how they are read.

At start-up (and on reload) the enabled signals are probed once; those that work, or may
appear later (a notification server not started yet), form the ``SignalSet`` the daemon
reads when a reminder is due. ``diagnose`` probes them all for ``sitbreak doctor``.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitbreak.busy.base import BusySignal, SessionInfo, SignalReport, SignalUnavailable, Switch
from sitbreak.settings.model import QuietSettings, Settings

if TYPE_CHECKING:  # the D-Bus layer (jeepney) exists only where D-Bus does
    from sitbreak.dbus import Bus, Match

__all__ = ["SignalSet", "build_signal_set", "diagnose", "is_enabled", "platform_signals"]

log = logging.getLogger(__name__)


def platform_signals(
    quiet: QuietSettings, info: SessionInfo, bus: Bus | None = None
) -> list[BusySignal]:
    """Every signal this platform may offer (enabled or not); Linux reads D-Bus through ``bus``."""
    apps = tuple(quiet.apps)
    if sys.platform == "win32":
        from sitbreak.busy.windows import windows_signals

        return windows_signals(apps)
    if sys.platform == "darwin":
        from sitbreak.busy.macos import macos_signals

        return macos_signals(apps)
    from sitbreak.busy.linux import linux_signals

    if bus is None:
        raise ValueError("the Linux busy signals read D-Bus: they need a connection")
    return linux_signals(apps, info, bus)


def is_enabled(signal: BusySignal, quiet: QuietSettings) -> bool:
    """Whether the ``[quiet]`` switch of ``signal`` is on (for apps: whether any are listed)."""
    if signal.switch is Switch.APPS:
        return bool(quiet.apps)
    return bool(getattr(quiet, signal.switch.value))


class SignalSet:
    """Reads every active signal and joins their reasons; one read at a time.

    A signal that cannot be read counts as free: a broken probe must never hold reminders
    back for good. Failures are logged when they start and when they end, not every time.
    """

    def __init__(self, signals: Sequence[BusySignal]) -> None:
        """Read ``signals``."""
        self.signals = tuple(signals)
        self._lock = threading.Lock()
        self._failing: dict[str, str] = {}  # signal name -> how it fails now

    @property
    def changes(self) -> tuple[Match, ...]:
        """The D-Bus signals, of every active signal, that say a reading may have changed."""
        return tuple(dict.fromkeys(match for s in self.signals for match in s.changes()))

    def read(self) -> frozenset[str]:
        """The reasons the person is busy now (empty = free)."""
        with self._lock:
            reasons: set[str] = set()
            for signal in self.signals:
                reasons |= self._read_one(signal)
            return frozenset(reasons)

    def _read_one(self, signal: BusySignal) -> frozenset[str]:
        """One signal's reasons; a failure counts as free and is logged when it starts."""
        try:
            found = signal.read()
        except SignalUnavailable as error:
            if self._failing.get(signal.name) != "unavailable":
                log.debug("busy signal %s cannot be read now (%s)", signal.name, error)
            self._failing[signal.name] = "unavailable"
            return frozenset()
        except Exception:
            if self._failing.get(signal.name) != "broken":
                log.exception("busy signal %s failed; counted as free", signal.name)
            self._failing[signal.name] = "broken"
            return frozenset()
        if self._failing.pop(signal.name, None) is not None:
            log.debug("busy signal %s can be read again", signal.name)
        return found


def build_signal_set(quiet: QuietSettings, info: SessionInfo, bus: Bus | None) -> SignalSet:
    """Probe the enabled signals of this platform and keep those that work or may appear."""
    active: list[BusySignal] = []
    working: list[str] = []
    waiting: list[str] = []
    for signal in platform_signals(quiet, info, bus):
        if not is_enabled(signal, quiet):
            continue
        availability = signal.probe()
        if availability.works:
            active.append(signal)
            working.append(signal.name)
        elif availability.may_appear:
            active.append(signal)
            waiting.append(f"{signal.name} ({availability.detail})")
        else:
            log.debug("busy signal %s does not work here: %s", signal.name, availability.detail)
    log.info(
        "busy signals read when a reminder is due: %s%s",
        ", ".join(working) or "none",
        f"; also tried, not there yet: {'; '.join(waiting)}" if waiting else "",
    )
    return SignalSet(active)


def diagnose(settings: Settings, info: SessionInfo | None = None) -> list[SignalReport]:
    """Probe every busy signal of this platform: for ``sitbreak doctor``.

    Each report names the signal, whether it can be read on this desktop and why (not),
    and whether the settings switch it on. Reads the desktop once; changes nothing.
    """
    where = info or SessionInfo()
    bus = _one_off_bus(where)
    try:
        reports = []
        for signal in platform_signals(settings.quiet, where, bus):
            availability = signal.probe()
            enabled = is_enabled(signal, settings.quiet)
            detail = availability.detail
            if not enabled:
                detail += f" [off: {_off_because(signal.switch)}]"
            elif availability.may_appear and not availability.works:
                detail += " [tried again whenever a reminder is due]"
            reports.append(SignalReport(signal.name, availability.works, detail, enabled))
        return reports
    finally:
        if bus is not None:
            bus.close()


def _one_off_bus(info: SessionInfo) -> Bus | None:
    """A connection to the session bus of ``info`` for one check, where D-Bus exists."""
    try:
        from sitbreak.dbus import Bus
    except ImportError:
        return None
    return Bus(info.bus_address, reconnect=False)


def _off_because(switch: Switch) -> str:
    """Which setting keeps a signal off."""
    if switch is Switch.APPS:
        return "[quiet] apps is empty"
    return f"[quiet] {switch.value} = false"

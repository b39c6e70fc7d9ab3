"""The signals switched on and readable here, probed once at start-up and read together."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from sitbreak.busy.base import BusySignal, SessionInfo, Unavailable
from sitbreak.busy.dbus_reader import DBusReader
from sitbreak.busy.registry import is_enabled, platform_signals
from sitbreak.settings.model import QuietSettings

__all__ = ["SignalSet", "build_signal_set"]

log = logging.getLogger(__name__)


class SignalSet:
    """Reads every active signal and joins their reasons; one read at a time.

    A signal that cannot be read counts as free: a broken probe must never hold reminders
    back for good. Failures are logged when they start and when they end, not every time.
    """

    def __init__(self, signals: Sequence[BusySignal], bus: DBusReader | None = None) -> None:
        """Read ``signals``; ``bus`` is the shared reader they use, closed with the set."""
        self.signals = tuple(signals)
        self._bus = bus
        self._lock = threading.Lock()
        self._failing: dict[str, str] = {}  # signal name -> how it fails now

    @property
    def change_rules(self) -> tuple[str, ...]:
        """D-Bus match rules of every signal that announces its changes."""
        return tuple(rule for signal in self.signals for rule in signal.change_rules())

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
        except Unavailable as error:
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

    def close(self) -> None:
        """Release the bus connection."""
        if self._bus is not None:
            self._bus.close()


def build_signal_set(quiet: QuietSettings, info: SessionInfo) -> SignalSet:
    """Probe the enabled signals of this platform and keep those that work or may appear."""
    bus = DBusReader(info.bus_address)
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
    return SignalSet(active, bus)

"""Holding reminders while the person is busy: read the signals when one is due, and while held.

Cost rule: nothing here runs on a timer of its own while the person is free. The signals are
read (1) right before a timer wake-up (``observe``), i.e. when a reminder is about to fire,
and (2) while a reminder is held, every ``[quiet] grace`` and at once when a D-Bus signal says
a reading changed. The moment the person is free the hold thread goes back to sleep.

The watch never sees the daemon: it gets ``dispatch`` and a view of the core state, and the
daemon's assembly asks it before wake-ups and tells it the state after each dispatch.

Which busy signals this platform has, which the settings switch on, and how they are read.

At start-up (and on reload) the enabled signals are probed once; those that work, or may
appear later (a notification server not started yet), form the ``SignalSet`` the daemon
reads when a reminder is due. ``diagnose`` probes them all for ``sitbreak doctor``.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from sitbreak.busy.base import BusySignal, SessionInfo, SignalReport, SignalUnavailable, Switch
from sitbreak.core import BusyChanged, Event, State
from sitbreak.settings.model import QuietSettings, Settings

if TYPE_CHECKING:
    from sitbreak.dbus import Bus, Match, Subscription

__all__ = [
    "BusyWatch",
    "SignalSet",
    "build_signal_set",
    "diagnose",
    "is_enabled",
    "platform_signals",
    "start_busy_watch",
]


log = logging.getLogger(__name__)

_JOIN_TIMEOUT = 10.0  # seconds to wait for the hold thread at shutdown

Dispatch = Callable[[Event], object]


class BusyWatch:
    """Reads the busy signals when the daemon asks, and waits out a hold on its own thread.

    ``start`` starts the thread and the change subscriptions; ``reconfigure`` follows a
    settings reload; ``close`` stops both.
    """

    def __init__(
        self,
        dispatch: Dispatch,
        state: Callable[[], State],
        signals: SignalSet,
        grace: timedelta,
        *,
        info: SessionInfo | None = None,
        bus: Bus | None = None,
    ) -> None:
        """Watch ``signals`` for the daemon, re-reading every ``grace`` while a reminder is held.

        ``state`` gives the core state as of the last dispatch; change signals come from ``bus``.
        """
        self._dispatch = dispatch
        self._state = state
        self._signals = signals
        self._grace = grace.total_seconds()
        self._info = info or SessionInfo()
        self._bus = bus
        self._subscriptions: list[Subscription] = []
        self._reading = threading.Lock()  # one read at a time; a reload swaps sets in between
        self._cond = threading.Condition()
        self._held = bool(state().busy)
        self._recheck = False
        self._stopped = False
        self._thread = threading.Thread(target=self._hold_loop, name="sitbreak-busy", daemon=True)

    def start(self) -> None:
        """Start the hold thread and listen for change signals."""
        self._thread.start()
        self._listen()

    def observe(self) -> Sequence[Event]:
        """Right before a wake-up: BusyChanged when the signals read unlike the state."""
        return self._changes(self._read())

    def follow(self, state: State) -> None:
        """After each dispatch (inside the daemon's lock): wake the hold thread if a hold began
        or ended. Never blocks.
        """
        held = bool(state.busy)
        with self._cond:
            if held == self._held:
                return
            self._held = held
            self._recheck = False  # the reading that started the hold is fresh
            self._cond.notify_all()

    def recheck(self) -> None:
        """Read again now if a reminder is held (a D-Bus signal said something changed)."""
        with self._cond:
            self._recheck = True
            self._cond.notify_all()

    def reconfigure(self, quiet: QuietSettings) -> None:
        """Use the signals and grace of reloaded settings, and read again if a reminder is held."""
        fresh = build_signal_set(quiet, self._info, self._bus)
        with self._reading:
            self._signals = fresh
        with self._cond:
            self._grace = quiet.grace.total_seconds()
        self._stop_listening()
        self._listen()
        self.recheck()

    def close(self) -> None:
        """Stop the hold thread and the change subscriptions."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._stop_listening()
        if self._thread.is_alive():
            self._thread.join(_JOIN_TIMEOUT)

    def _read(self) -> frozenset[str]:
        """One reading of the current signal set."""
        with self._reading:
            return self._signals.read()

    def _changes(self, reasons: frozenset[str]) -> list[Event]:
        """The event that brings the daemon's busy reasons to ``reasons``, if they differ."""
        if reasons == self._state().busy:
            return []
        if reasons:
            log.info("busy (%s): reminders wait until you are free", ", ".join(sorted(reasons)))
        else:
            log.info("no longer busy: a held reminder, if any, comes now")
        return [BusyChanged(reasons)]

    def _hold_loop(self) -> None:
        """Sleep until a hold begins; then read every grace (or on a change) until it ends."""
        while self._wait_for_reason_to_read():
            try:
                for event in self._changes(self._read()):
                    self._dispatch(event)
            except Exception:
                # the thread must outlive any one failure, or a hold could never end
                log.exception("reading the busy signals failed; trying again after grace")

    def _wait_for_reason_to_read(self) -> bool:
        """Block until a held reminder needs a fresh reading (True) or the watch stops (False)."""
        with self._cond:
            while not self._stopping():
                if not self._held:
                    self._cond.wait()  # free: sleep until a hold begins
                    continue
                self._cond.wait_for(self._hold_interrupted, self._grace)
                if self._held and not self._stopping():
                    self._recheck = False
                    return True
            return False

    def _stopping(self) -> bool:
        """Whether close() was called (a call, so mypy does not keep it narrowed)."""
        return self._stopped

    def _hold_interrupted(self) -> bool:
        """A reason to stop waiting out the grace early: stop, a change signal, or hold over."""
        return self._stopped or self._recheck or not self._held

    def _listen(self) -> None:
        """Subscribe to the change signals of the current signal set."""
        if self._bus is None:
            return
        self._subscriptions = [
            self._bus.subscribe(match, lambda _signal: self.recheck())
            for match in self._signals.changes
        ]

    def _stop_listening(self) -> None:
        """Cancel the change subscriptions."""
        subscriptions, self._subscriptions = self._subscriptions, []
        for subscription in subscriptions:
            subscription.cancel()


def start_busy_watch(
    dispatch: Dispatch,
    state: Callable[[], State],
    quiet: QuietSettings,
    *,
    bus: Bus | None = None,
    info: SessionInfo | None = None,
) -> BusyWatch:
    """Probe the busy signals and return the running watch (assembly attaches it)."""
    where = info or SessionInfo()
    watch = BusyWatch(
        dispatch, state, build_signal_set(quiet, where, bus), quiet.grace, info=where, bus=bus
    )
    watch.start()
    return watch


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

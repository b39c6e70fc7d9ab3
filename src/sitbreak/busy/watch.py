"""Holding reminders while the person is busy: read the signals when one is due, and while held.

Cost rule: nothing here runs on a timer of its own while the person is free. The signals are
read (1) by the daemon's observer hook, right before a timer wake-up, i.e. when a reminder
is about to fire, and (2) while a reminder is held, every ``[quiet] grace`` and at once when
a D-Bus signal says a reading changed. The moment the person is free the hold thread goes
back to sleep until the next hold.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import timedelta

from sitbreak.busy.base import SessionInfo
from sitbreak.busy.bus_listener import ChangeListener
from sitbreak.busy.signal_set import SignalSet, build_signal_set
from sitbreak.core import BusyChanged, Event
from sitbreak.daemon.service import Daemon, DispatchResult
from sitbreak.settings.model import QuietSettings

__all__ = ["BusyWatch", "start_busy_watch"]

log = logging.getLogger(__name__)

_JOIN_TIMEOUT = 10.0  # seconds to wait for the hold thread at shutdown


class BusyWatch:
    """The daemon's observer and listener for busy signals, plus the thread that waits out a hold.

    ``start`` hooks it into the daemon; ``reconfigure`` follows a settings reload;
    ``close`` unhooks it and stops its threads.
    """

    def __init__(
        self, daemon: Daemon, signals: SignalSet, grace: timedelta, info: SessionInfo
    ) -> None:
        """Watch ``signals`` for ``daemon``, re-reading every ``grace`` while a reminder is held."""
        self._daemon = daemon
        self._signals = signals
        self._grace = grace.total_seconds()
        self._info = info
        self._listener: ChangeListener | None = None
        self._reading = threading.Lock()  # one read at a time; a reload swaps sets in between
        self._cond = threading.Condition()
        self._held = bool(daemon.state.busy)
        self._recheck = False
        self._stopped = False
        self._thread = threading.Thread(target=self._hold_loop, name="sitbreak-busy", daemon=True)

    def start(self) -> None:
        """Join the daemon's observers and listeners, start the hold thread and the bus listener."""
        self._daemon.observers.append(self)
        self._daemon.listeners.append(self)
        self._thread.start()
        self._listen()

    # --- the daemon's observer: asked right before each timer wake-up

    def observe(self) -> Sequence[Event]:
        """A BusyChanged when the signals now read differently from the daemon's state."""
        return self._changes(self._read())

    # --- the daemon's listener: told about every dispatch, inside its lock

    def after_dispatch(self, result: DispatchResult) -> None:
        """Wake the hold thread when a hold begins or ends; never blocks."""
        held = bool(result.status.busy_reasons)
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
        fresh = build_signal_set(quiet, self._info)
        with self._reading:
            old, self._signals = self._signals, fresh
        with self._cond:
            self._grace = quiet.grace.total_seconds()
        old.close()
        self._stop_listening()
        self._listen()
        self.recheck()

    def close(self) -> None:
        """Leave the daemon, stop the threads, release the bus."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        for hooks in (self._daemon.observers, self._daemon.listeners):
            if self in hooks:
                hooks.remove(self)
        self._stop_listening()
        if self._thread.is_alive():
            self._thread.join(_JOIN_TIMEOUT)
        with self._reading:
            self._signals.close()

    def _read(self) -> frozenset[str]:
        """One reading of the current signal set."""
        with self._reading:
            return self._signals.read()

    def _changes(self, reasons: frozenset[str]) -> list[Event]:
        """The event that brings the daemon's busy reasons to ``reasons``, if they differ."""
        if reasons == self._daemon.state.busy:
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
                    self._daemon.dispatch(event)
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
        listener = ChangeListener(self._info.bus_address, self._signals.change_rules, self.recheck)
        if listener.start():
            self._listener = listener

    def _stop_listening(self) -> None:
        """Stop the bus listener, if one runs."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()


def start_busy_watch(
    daemon: Daemon, quiet: QuietSettings, info: SessionInfo | None = None
) -> BusyWatch:
    """Probe the busy signals, hook them into ``daemon`` and return the running watch."""
    where = info or SessionInfo()
    watch = BusyWatch(daemon, build_signal_set(quiet, where), quiet.grace, where)
    watch.start()
    return watch

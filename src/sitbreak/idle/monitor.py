"""Idle detection for a daemon: the chosen backend, its poller and the lock sources.

The monitor never sees the daemon itself: it gets ``dispatch``, a view of the current core
state, and the settings; the daemon's assembly asks it for a fresh reading right before every
timer wake-up (``observe``, i.e. before any reminder may fire), tells it the state after each
dispatch (``follow``, which turns polling on or off) and hands it reloaded settings.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sitbreak.core import Event, IdleSample, Policy, Presence, PresenceSources, State
from sitbreak.core.schedule import is_active
from sitbreak.idle.base import (
    BackendReport,
    Dispatch,
    IdleBackend,
    LockSource,
    WatchingBackend,
)
from sitbreak.idle.poller import Poller
from sitbreak.idle.registry import describe, detect, start_lock_sources
from sitbreak.settings.model import IdleSettings

if TYPE_CHECKING:
    from sitbreak.dbus import Bus

__all__ = ["Detector", "IdleMonitor", "LockSourceStarter", "should_poll"]

log = logging.getLogger(__name__)

Detector = Callable[[IdleSettings], tuple[IdleBackend | None, list[BackendReport]]]
LockSourceStarter = Callable[[Dispatch], tuple[list[LockSource], list[BackendReport]]]


def should_poll(state: State, now: datetime, policy: Policy) -> bool:
    """Polling matters while sitting accrues or the person is away (a lock ends only by unlock)."""
    return (
        not state.paused
        and bool(policy.enabled_kinds())
        and state.presence is not Presence.LOCKED
        and is_active(now, policy.schedule)
    )


class IdleMonitor:
    """Feeds IdleSample, Locked and Unlocked into ``dispatch``; build it, then ``start`` it."""

    def __init__(
        self,
        dispatch: Dispatch,
        state: Callable[[], State],
        settings: IdleSettings,
        policy: Policy,
        *,
        session: Bus | None = None,
        detector: Detector | None = None,
        lock_sources: LockSourceStarter | None = None,
    ) -> None:
        """Nothing is probed yet: ``start`` does that, once the daemon counts.

        ``state`` gives the core state as of the last dispatch; D-Bus backends use ``session``.
        ``detector`` and ``lock_sources`` choose the backend and start the lock sources
        (tests pass fakes).
        """
        self._dispatch = dispatch
        self._state = state
        self._settings = settings
        self._policy = policy
        self._detect: Detector = detector or (lambda idle: detect(idle, session))
        self._start_lock_sources: LockSourceStarter = lock_sources or (
            lambda dispatch: start_lock_sources(dispatch, session)
        )
        self._lock = threading.Lock()  # serialises (re)starts; never taken inside a dispatch
        self._backend: IdleBackend | None = None
        self._poller: Poller | None = None
        self._sources: list[LockSource] = []
        self._reports: tuple[BackendReport, ...] = ()
        self._why_none = "idle detection has not started"
        self._applied: tuple[IdleSettings, float] | None = None
        self._closed = False

    @property
    def name(self) -> str:
        """The backend in use, or "none"."""
        backend = self._backend
        return "none" if backend is None else backend.name

    @property
    def detail(self) -> str:
        """One line for ``status``: how the backend works, or why there is none."""
        backend, poller = self._backend, self._poller
        if backend is None:
            return self._why_none
        parts = [_how(backend)]
        locks = [source.name for source in self._sources]
        parts.append(
            f"screen lock from {' and '.join(locks)}" if locks else "no screen-lock source"
        )
        if poller is not None and poller.blind_warning:
            parts.append(poller.blind_warning)
        return "; ".join(parts)

    @property
    def polling(self) -> bool:
        """Whether a polling backend is being sampled right now."""
        poller = self._poller
        return poller is not None and poller.wanted

    @property
    def reports(self) -> tuple[BackendReport, ...]:
        """What start-up found about each backend and lock source."""
        return self._reports

    def start(self) -> None:
        """Probe and start; call once the daemon has started, so events land in the real state."""
        self._apply()

    def reconfigure(self, settings: IdleSettings, policy: Policy) -> None:
        """Use reloaded settings: polling follows at once; a new backend is chosen off-thread."""
        self._settings, self._policy = settings, policy
        self.follow(self._state())
        if not self._closed:
            threading.Thread(target=self._apply, name="sitbreak-idle-reload", daemon=True).start()

    def _apply(self) -> None:
        """Bring everything in line with the settings now."""
        with self._lock:
            if self._closed:
                return
            settings = self._settings
            threshold = self._policy.away_threshold.total_seconds()
            if self._applied is not None and self._applied[0] == settings:
                if self._applied[1] != threshold and isinstance(self._backend, WatchingBackend):
                    log.info("idle threshold now %g s", threshold)
                    self._backend.watch(threshold, self._on_transition)
            else:
                self._stop_all()
                self._start_all(threshold)
            self._applied = (settings, threshold)

    def _start_all(self, threshold: float) -> None:
        """Detect a backend, start the lock sources, then watch or poll."""
        settings = self._settings
        backend, reports = self._detect(settings)
        lock_reports: list[BackendReport] = []
        if settings.enabled:
            # said first, because a lock source reports a lock it finds as soon as it opens
            self._announce(idle=backend is not None, lock=True)
            self._sources, lock_reports = self._start_lock_sources(self._dispatch)
        self._announce(idle=backend is not None, lock=bool(self._sources))
        self._reports = (*reports, *lock_reports)
        self._backend = backend
        if backend is None:
            self._why_none = _why_none(settings, reports)
            log.warning(
                "no idle detection: %s. Sitting counts all the time inside active hours; "
                "'sitbreak doctor' says more.",
                self._why_none,
            )
            return
        log.info("idle detection: %s (%s)", backend.name, _how(backend))
        if isinstance(backend, WatchingBackend):
            backend.watch(threshold, self._on_transition)
            return
        self._poller = Poller(
            backend,
            settings.poll_every.total_seconds(),
            self._on_polled,
            on_answering=lambda answers: self._announce(answers, bool(self._sources)),
        )
        self._poller.start()
        self.follow(self._state())

    def _stop_all(self) -> None:
        """Close the poller (or backend) and every lock source."""
        poller, backend, sources = self._poller, self._backend, self._sources
        self._poller, self._backend, self._sources = None, None, []
        if poller is not None:
            poller.close()  # closes its backend too
        elif backend is not None:
            backend.close()
        for source in sources:
            source.close()

    def _announce(self, idle: bool, lock: bool) -> None:
        """Tell the core which sources can report a return; an absence none can end is over."""
        self._dispatch(PresenceSources(idle=idle, lock=lock))

    def _on_transition(self, seconds: float) -> None:
        """A watching backend saw the person leave (threshold) or come back (0)."""
        self._dispatch(IdleSample(seconds))

    def _on_polled(self, seconds: float) -> None:
        """A poll: dispatch only when it changes presence (a Tick does the rest)."""
        threshold = self._policy.away_threshold.total_seconds()
        if (seconds >= threshold) != (self._state().presence is Presence.IDLE):
            self._dispatch(IdleSample(seconds))

    def observe(self) -> Sequence[Event]:
        """Right before a timer wake-up: a fresh reading from a polling backend."""
        poller = self._poller
        if poller is None:
            return ()
        seconds = poller.sample_now()
        return () if seconds is None else (IdleSample(seconds),)

    def follow(self, state: State) -> None:
        """After each dispatch (inside the daemon's lock): poll only while it matters."""
        poller = self._poller
        if poller is not None and state.updated_at is not None:
            poller.set_wanted(should_poll(state, state.updated_at, self._policy))

    def close(self) -> None:
        """Stop polling and watching, and close every connection."""
        with self._lock:
            self._closed = True
            self._stop_all()


def _how(backend: IdleBackend) -> str:
    """How ``backend`` works, in a few words for status."""
    fallback = "event-driven" if isinstance(backend, WatchingBackend) else "polled"
    return describe(backend.name) or fallback


def _why_none(settings: IdleSettings, reports: Sequence[BackendReport]) -> str:
    """Why no backend is in use: turned off, or what each one tried said."""
    if not settings.enabled:
        return "turned off ([idle] enabled = false)"
    tried = [f"{r.name}: {r.detail}" for r in reports if r.tried]
    return "no idle backend works here (" + "; ".join(tried) + ")" if tried else "none for here"

"""Idle detection for a daemon: the chosen backend, its poller and the lock sources.

The monitor never sees the daemon itself: it gets ``dispatch``, a view of the current core
state, and the settings; the daemon's assembly asks it for a fresh reading right before every
timer wake-up (``observe``, i.e. before any reminder may fire), tells it the state after each
dispatch (``follow``, which turns polling on or off) and hands it reloaded settings.

Pauses in typing (``[reminders] pause_length``) matter only while a reminder waits for one:
then a polling backend is asked every second, and a backend that can (``PauseWatching``)
holds a short watch besides its away watch. The rest of the time costs what it did before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sitbreak.core import Event, IdleSample, Policy, Presence, PresenceSources, State
from sitbreak.core.schedule import is_active
from sitbreak.idle.base import (
    BackendReport,
    Dispatch,
    IdleBackend,
    LockSource,
    PauseWatching,
    WatchingBackend,
)
from sitbreak.idle.poller import Poller
from sitbreak.idle.registry import describe, detect, start_lock_sources
from sitbreak.settings.model import IdleSettings

if TYPE_CHECKING:
    from sitbreak.dbus import Bus

__all__ = [
    "Detector",
    "IdleMonitor",
    "LockSourceStarter",
    "should_poll",
    "wants_pause_watch",
    "wants_quick_polls",
]

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


def wants_quick_polls(state: State, policy: Policy) -> bool:
    """Poll every second: a reminder waits for a pause, and only a pause holds it back now
    (not a call, an absence or the end of active hours, which the window outlasts)."""
    return (
        state.waiting_since is not None
        and policy.wait_for_pause > timedelta(0)
        and state.presence is Presence.PRESENT
        and not state.busy
        and state.updated_at is not None
        and is_active(state.updated_at, policy.schedule)
    )


def wants_pause_watch(state: State, policy: Policy) -> bool:
    """Hold the short watch: as for quick polls, and while the core holds a pause it reported.

    A reported pause stands in the core until input is reported, so the watch stays until
    then, also after the reminder it let through. Never while away: a fresh watch would
    report a "pause" of a person long gone as their return.
    """
    held = state.quiet_since is not None and policy.wait_for_pause > timedelta(0)
    return wants_quick_polls(state, policy) or (held and state.presence is Presence.PRESENT)


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
        self._pause_lock = threading.Lock()  # guards the pause watch; never held over a dispatch
        self._backend: IdleBackend | None = None
        self._pause_watch: float | None = None  # the pause length watched on the backend
        self._tells_pauses = False  # whether the backend in use can tell pauses in typing
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
    def listening_for_pauses(self) -> bool:
        """Whether pauses in typing are asked for right now (every-second polls, a pause watch)."""
        poller = self._poller
        polled = poller is not None and poller.wanted and poller.quick
        return polled or self._pause_watch is not None

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
        self._tells_pauses = _tells_pauses(backend)
        lock_reports: list[BackendReport] = []
        if settings.enabled:
            # said first, because a lock source reports a lock it finds as soon as it opens
            self._announce(idle=backend is not None, lock=True)
            self._sources, lock_reports = self._start_lock_sources(self._dispatch)
        self._announce(idle=backend is not None, lock=bool(self._sources))
        self._reports = (*reports, *lock_reports)
        with self._pause_lock:
            self._backend, self._pause_watch = backend, None
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
            self.follow(self._state())
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
        with self._pause_lock:
            poller, backend, sources = self._poller, self._backend, self._sources
            self._poller, self._backend, self._sources = None, None, []
            self._pause_watch = None
        if poller is not None:
            poller.close()  # closes its backend too
        elif backend is not None:
            backend.close()
        for source in sources:
            source.close()

    def _announce(self, idle: bool, lock: bool) -> None:
        """Tell the core which sources can report a return (an absence none can end is over),
        and whether the idle backend tells pauses in typing."""
        self._dispatch(PresenceSources(idle=idle, lock=lock, pauses=idle and self._tells_pauses))

    def _on_transition(self, seconds: float) -> None:
        """A watching backend saw the person leave (threshold) or come back (0)."""
        self._dispatch(IdleSample(seconds))

    def _on_pause(self, seconds: float) -> None:
        """The pause watch saw input stop for the pause length (or resume: 0)."""
        if seconds > 0 and self._state().presence is not Presence.PRESENT:
            return  # a pause of someone away or locked is no news (and no return)
        self._dispatch(IdleSample(seconds))

    def _on_polled(self, seconds: float) -> None:
        """A poll: dispatch only when it changes what the core knows (a Tick does the rest).

        That is presence; and whether the person pauses, when a pause could show a waiting
        reminder (quick polls), or to end a pause the core still holds.
        """
        state, policy = self._state(), self._policy
        away_news = (seconds >= policy.away_threshold.total_seconds()) != (
            state.presence is Presence.IDLE
        )
        pausing, held = (
            seconds >= policy.pause_length.total_seconds(),
            state.quiet_since is not None,
        )
        poller = self._poller
        pause_news = pausing != held and (held or (poller is not None and poller.quick))
        if away_news or pause_news:
            self._dispatch(IdleSample(seconds))

    def observe(self) -> Sequence[Event]:
        """Right before a timer wake-up: a fresh reading from a polling backend."""
        poller = self._poller
        if poller is None:
            return ()
        seconds = poller.sample_now()
        return () if seconds is None else (IdleSample(seconds),)

    def follow(self, state: State) -> None:
        """After each dispatch (inside the daemon's lock): poll, or watch pauses, as it matters."""
        poller = self._poller
        if poller is not None and state.updated_at is not None:
            poller.set_wanted(should_poll(state, state.updated_at, self._policy))
            poller.set_quick(wants_quick_polls(state, self._policy))
        with self._pause_lock:
            backend: object = self._backend  # (mypy sees no IdleBackend that is PauseWatching)
            if not isinstance(backend, PauseWatching):
                return
            wanted = wants_pause_watch(state, self._policy)
            length = self._policy.pause_length.total_seconds() if wanted else None
            if length != self._pause_watch:
                log.debug("pause watch: %s", "off" if length is None else f"{length:g} s")
                backend.watch_pauses(length, self._on_pause)
                self._pause_watch = length

    def close(self) -> None:
        """Stop polling and watching, and close every connection."""
        with self._lock:
            self._closed = True
            self._stop_all()


def _tells_pauses(backend: IdleBackend | None) -> bool:
    """Whether ``backend`` can tell pauses in typing: a poller (asked every second), or a watch."""
    if backend is None:
        return False
    return isinstance(backend, PauseWatching) or not isinstance(backend, WatchingBackend)


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

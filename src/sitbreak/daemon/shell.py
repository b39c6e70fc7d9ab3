"""The daemon: one lock, one ``dispatch`` into the core, effects carried out, one timer re-armed."""

from __future__ import annotations

import logging
import os
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sitbreak.core import (
    ClockSetBack,
    ConfigChanged,
    Effect,
    Event,
    GuideEnded,
    GuideStarted,
    GuideStep,
    Kind,
    Notify,
    NotifyReason,
    Pending,
    Persist,
    Rejected,
    StartGuide,
    State,
    StatusView,
    Tick,
    WokeFromSleep,
    describe,
    next_wakeup,
    step,
)
from sitbreak.daemon.configuration import Configuration
from sitbreak.daemon.guided import GuidedPrompt, end_note, plan_guide, step_note
from sitbreak.daemon.snapshot import Snapshot, load_snapshot, save_snapshot
from sitbreak.daemon.timer import Clock, JumpDetector, SystemClock, WakeTimer
from sitbreak.dispatch import DispatchResult, Listener, Observer
from sitbreak.durations import humanize
from sitbreak.guidance import SAFETY_PROMPT, Prompt, next_prompt
from sitbreak.notify import LogNotifier, Notifier, NotifyError, Reminder

__all__ = ["Daemon"]

log = logging.getLogger(__name__)


class Daemon:
    """Owns the core state; timer, control server and probes only ever call ``dispatch``."""

    def __init__(
        self,
        configuration: Configuration,
        notifier: Notifier,
        state_file: Path,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.configuration = configuration
        self.notifier = notifier
        self.state_file = state_file
        self.pid = os.getpid()
        self._clock = clock or SystemClock()
        self._rng = rng or random.Random()  # noqa: S311 - choosing a prompt is not security
        self.observers: list[Observer] = []
        self.listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._snapshot = Snapshot()
        self._jumps = JumpDetector()
        self._timer = WakeTimer(self._wake, self._clock)
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitbreak-notify")
        self._fallback = LogNotifier()
        self._notify_failing = False
        self._planned: GuidedPrompt | None = None  # for the StartGuide being dispatched
        self._guided: GuidedPrompt | None = None  # what the guided break under way follows

    @property
    def state(self) -> State:
        """The core state as of the last dispatch."""
        return self._snapshot.state

    @property
    def guided(self) -> GuidedPrompt | None:
        """The prompt and steps of the guided break under way, if one is."""
        return self._guided

    def start(self) -> None:
        """Restore the snapshot, start the timer, and count the downtime as time away."""
        with self._lock:
            self._snapshot = load_snapshot(self.state_file)
            self._timer.start()
            now = self._clock.now()
            self._jumps.observe(now, self._clock.monotonic())
            last = self._snapshot.state.updated_at
            if last is not None and now > last:
                self._dispatch_at(WokeFromSleep(now - last), now)
            elif last is not None and now < last:
                log.info(
                    "the saved state is %s ahead of the clock; moved back", humanize(last - now)
                )
                self._dispatch_at(ClockSetBack(last - now), now)
            self._dispatch_at(Tick(), now)

    def dispatch(self, event: Event) -> DispatchResult:
        """Step the core with ``event`` now; the only way anything changes the state."""
        with self._lock:
            now = self._clock.now()
            gap = self._jumps.observe(now, self._clock.monotonic())
            if gap is not None and gap > timedelta(0):
                log.info(
                    "the machine slept or the clock jumped: %s counted as time away", humanize(gap)
                )
                self._dispatch_at(WokeFromSleep(gap), now)
            elif gap is not None:
                log.info("the clock was set back by %s; times kept move with it", humanize(-gap))
                self._dispatch_at(ClockSetBack(-gap), now)
            return self._dispatch_at(event, now)

    def _dispatch_at(self, event: Event, now: datetime) -> DispatchResult:
        if isinstance(event, StartGuide) and not event.steps:
            event = self._plan_guide(event)
        effects, reminders = self._apply(event, now)
        rejected = next((e.reason for e in effects if isinstance(e, Rejected)), None)
        result = DispatchResult(event, now, effects, reminders, rejected, self._describe(now))
        for listener in self.listeners:
            try:
                listener.after_dispatch(result)
            except Exception:
                log.exception("listener %r failed; the daemon keeps running", listener)
        return result

    def now(self) -> datetime:
        """The daemon's clock, for replies that mention times."""
        return self._clock.now()

    def _wake(self) -> None:
        """The timer fired: ask the probes what the person is doing, then tick."""
        for observer in self.observers:
            try:
                events = observer.observe()
            except Exception:
                log.exception("probe %r failed; carrying on without it this time", observer)
                continue
            for event in events:
                self.dispatch(event)
        self.dispatch(Tick())

    def prompt_shown(self, kind: Kind | None) -> Prompt | None:
        """The prompt last shown for ``kind`` (the pending reminder's, for its kind), if known."""
        if kind is None:
            return None
        with self._lock:
            prompt_id = self._snapshot.last_prompt.get(kind)
        return None if prompt_id is None else self.configuration.catalog.get(prompt_id)

    def status(self, now: datetime | None = None) -> StatusView:
        """The state as it is ``now`` (default: the clock's now), without changing it."""
        with self._lock:
            return self._describe(self._clock.now() if now is None else now)

    def reconfigure(self, configuration: Configuration) -> DispatchResult:
        """Swap in a new configuration and let the core re-plan; on any error keep the old one."""
        with self._lock:
            previous, self.configuration = self.configuration, configuration
            try:
                return self.dispatch(ConfigChanged())
            except Exception:
                self.configuration = previous
                raise

    def stop(self) -> None:
        """Stop the timer and the sender, and save the state."""
        with self._lock:
            self._timer.shutdown()
            self._save()
        self._sender.shutdown(wait=True, cancel_futures=False)
        self.notifier.close()

    def _describe(self, now: datetime) -> StatusView:
        policy = self.configuration.policy
        state = self._snapshot.state
        if state.updated_at is not None:
            state, _ = step(state, Tick(), now, policy)  # a preview brought up to now, not kept
        return describe(state, now, policy)

    def _apply(
        self, event: Event, now: datetime
    ) -> tuple[tuple[Effect, ...], tuple[Reminder, ...]]:
        policy = self.configuration.policy
        showing = _on_screen(self._snapshot.state)
        state, effects = step(self._snapshot.state, event, now, policy)
        self._snapshot = replace(self._snapshot, state=state)
        self._planned, planned = None, self._planned
        guiding = [e for e in effects if isinstance(e, GuideStarted | GuideStep | GuideEnded)]
        for effect in guiding:
            self._guide(effect, planned)
        reminders = tuple(self._show(e) for e in effects if isinstance(e, Notify))
        if showing is not None and _on_screen(state) is None and not reminders and not guiding:
            # answered elsewhere, dismissed, paused away: its buttons must not act any more
            self._sender.submit(self._withdraw)
        if reminders or any(isinstance(e, Persist) for e in effects):
            self._save()
        self._timer.arm(next_wakeup(state, policy), now)
        return effects, reminders

    def _plan_guide(self, request: StartGuide) -> StartGuide:
        """Complete a request to start a guided break with its kind and steps (see guided.py)."""
        snapshot = self._snapshot
        event, self._planned = plan_guide(
            request,
            snapshot.state,
            policy=self.configuration.policy,
            catalog=self.configuration.catalog,
            last_prompt=snapshot.last_prompt,
            bag=snapshot.bag,
            rng=self._rng,
        )
        return event

    def _guide(
        self, effect: GuideStarted | GuideStep | GuideEnded, planned: GuidedPrompt | None
    ) -> None:
        """Show a guided break's steps as they come, and its end."""
        if isinstance(effect, GuideStarted):
            self._guided = planned
            if planned is not None:
                if planned.bag is not None:
                    self._snapshot = replace(self._snapshot, bag=planned.bag)
                self._remember_prompt(effect.kind, planned.prompt.id)
                log.info(
                    "guided %s: %r in %d steps",
                    effect.kind.label,
                    planned.prompt.title,
                    len(planned.steps),
                )
            return
        guided = self._guided
        if isinstance(effect, GuideStep):
            if guided is not None:
                self._sender.submit(self._deliver, step_note(guided, effect))
            return
        self._guided = None
        log.info("guided %s %s", effect.kind.label, "done" if effect.completed else "ended early")
        if effect.completed and guided is not None:
            length = sum((step.length for step in guided.steps), timedelta(0))
            self._sender.submit(self._deliver, end_note(guided, effect.kind, length))
        else:
            self._sender.submit(self._withdraw)

    def _show(self, notify: Notify) -> Reminder:
        reminder = self._compose(notify)
        log.info(
            "reminder: %s %r [%s] after %s sitting (%s)",
            notify.kind.label,
            reminder.title,
            reminder.prompt_id,
            humanize(notify.sitting),
            notify.reason.value,
        )
        if notify.kind is Kind.STRETCH and not self._snapshot.safety_note_shown:
            self._snapshot = replace(self._snapshot, safety_note_shown=True)
            log.info("the safety note goes with this first stretch (once per user)")
            note = self.configuration.reminder(SAFETY_PROMPT, standalone=True)
            self._sender.submit(self._deliver, note)
        self._sender.submit(self._deliver, reminder)
        return reminder

    def _compose(self, notify: Notify) -> Reminder:
        catalog = self.configuration.catalog
        last = self._snapshot.last_prompt.get(notify.kind)
        again = catalog.get(last) if last is not None else None
        if notify.reason in (
            NotifyReason.REPEAT,
            NotifyReason.SNOOZED,
        ) and again in catalog.choices(notify.kind):
            prompt = again
        else:
            prompt, bag = next_prompt(catalog, notify.kind, self._snapshot.bag, self._rng)
            self._snapshot = replace(self._snapshot, bag=bag)
        assert prompt is not None  # noqa: S101 - narrowed above for mypy
        self._remember_prompt(notify.kind, prompt.id)
        held = notify.sitting if notify.reason is NotifyReason.HELD else None
        return self.configuration.reminder(prompt, held=held)

    def _remember_prompt(self, kind: Kind, prompt_id: str) -> None:
        last = dict(self._snapshot.last_prompt)
        last[kind] = prompt_id
        self._snapshot = replace(self._snapshot, last_prompt=last)

    def _deliver(self, reminder: Reminder) -> None:
        """Runs on the sender thread, so a slow desktop never holds the lock."""
        try:
            self.notifier.send(reminder)
        except NotifyError as error:
            if not self._notify_failing:
                log.warning("cannot show notifications (%s); reminders go to the log", error)
            self._notify_failing = True
            self._fallback.send(reminder)
            return
        except Exception:
            log.exception("notification backend %s failed; reminder logged", self.notifier.name)
            self._fallback.send(reminder)
            return
        if self._notify_failing:
            log.info("notifications work again")
        self._notify_failing = False

    def _withdraw(self) -> None:
        """Runs on the sender thread, after the reminder it takes down was sent."""
        try:
            self.notifier.withdraw()
        except Exception:
            log.exception("could not take the answered reminder down")

    def _save(self) -> None:
        try:
            save_snapshot(self.state_file, self._snapshot)
        except OSError as error:
            log.warning("cannot save state to %s: %s", self.state_file, error)


def _on_screen(state: State) -> Pending | None:
    """The reminder a notification stands for: pending, and not snoozed out of sight."""
    pending = state.pending
    return pending if pending is not None and not pending.snoozed else None

"""The real core on simulated time, feeding a real HistoryRecorder as the daemon would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sitbreak.core import Event, Notify, Policy, Tick, describe, next_wakeup
from sitbreak.dispatch import DispatchResult
from sitbreak.history.recorder import HistoryRecorder
from sitbreak.notify import Reminder
from tests.core.sim import Run

__all__ = ["Feed"]


@dataclass
class Feed:
    """The real core with simulated time, every dispatch handed to a real HistoryRecorder."""

    recorder: HistoryRecorder
    run: Run = field(default_factory=lambda: Run(policy=Policy(max_repeats=0)))

    def send(self, event: Event, now: datetime) -> tuple[Notify, ...]:
        """Step the core and give the recorder what the daemon would; return what was shown."""
        effects = self.run.send(event, now)
        shown = tuple(e for e in effects if isinstance(e, Notify))
        reminders = tuple(
            Reminder(e.kind, f"{e.kind.value}-prompt", "title", "body") for e in shown
        )
        status = describe(self.run.state, now, self.run.policy)
        self.recorder.after_dispatch(DispatchResult(event, now, effects, reminders, None, status))
        return shown

    def until(
        self,
        end: datetime,
        answer: Callable[[Notify], Event | None] | None = None,
        after: timedelta = timedelta(0),
    ) -> None:
        """Let the timer fire at every wake-up up to ``end``; ``answer`` may reply to a
        reminder, ``after`` it was shown (then the timer goes on from there)."""
        while (wake := next_wakeup(self.run.state, self.run.policy)) is not None and wake <= end:
            for notify in self.send(Tick(), wake):
                reply = None if answer is None else answer(notify)
                if reply is not None and wake + after <= end:
                    self.send(reply, wake + after)
        self.send(Tick(), end)

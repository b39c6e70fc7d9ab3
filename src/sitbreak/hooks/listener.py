"""Hooks: which ``[hooks]`` events one dispatch amounts to (pure, from the result and the status
before it), and the daemon listener that hands their commands to the runner."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sitbreak.core import (
    Activity,
    Away,
    Kind,
    Notify,
    Outcome,
    Pause,
    Record,
    ReminderShown,
    Resolution,
    Resume,
    SittingStretch,
    Snooze,
    StatusView,
)
from sitbreak.dispatch import DispatchResult
from sitbreak.hooks.runner import HookRunner
from sitbreak.notify import Reminder
from sitbreak.settings.model import HooksSettings

__all__ = ["HOOK_NAMES", "HookEvent", "Hooks", "Runner", "hook_events"]


RecordEntry = ReminderShown | Outcome | Away | SittingStretch

HOOK_NAMES = ("reminder", "break_taken", "snooze", "pause", "resume")


@dataclass(frozen=True)
class HookEvent:
    """Something a hook may react to, with what the hook is told about it."""

    name: str  # one of HOOK_NAMES; the setting is on_<name>
    kind: str = ""
    prompt_id: str = ""
    title: str = ""
    text: str = ""
    sitting_seconds: int = 0

    @property
    def setting(self) -> str:
        """The ``[hooks]`` key whose command runs for this event."""
        return f"on_{self.name}"

    def environment(self) -> dict[str, str]:
        """The ``SITBREAK_*`` variables the hook gets, every one present (maybe empty)."""
        return {
            "SITBREAK_EVENT": self.name,
            "SITBREAK_KIND": self.kind,
            "SITBREAK_PROMPT_ID": self.prompt_id,
            "SITBREAK_TITLE": self.title,
            "SITBREAK_TEXT": self.text,
            "SITBREAK_SITTING_SECONDS": str(self.sitting_seconds),
        }


def _seconds(duration: timedelta) -> int:
    """Whole seconds, never negative."""
    return max(0, round(duration.total_seconds()))


def _about(
    name: str, kind: Kind | None, sitting: timedelta, reminder: Reminder | None = None
) -> HookEvent:
    """An event; ``reminder`` (the one on screen) adds its prompt id, title and text."""
    if reminder is None:
        return HookEvent(name, kind.value if kind else "", sitting_seconds=_seconds(sitting))
    return HookEvent(
        name,
        reminder.kind.value,
        reminder.prompt_id,
        reminder.title,
        reminder.body,
        _seconds(sitting),
    )


def _holds(status: StatusView, result: DispatchResult) -> bool:
    """Whether ``status`` had a pause, or a snooze still running at the time of ``result``."""
    snoozing = status.snoozed_until is not None and status.snoozed_until > result.now
    return status.activity is Activity.PAUSED or snoozing


def _state_events(result: DispatchResult, before: StatusView | None) -> list[HookEvent]:
    """Pause, resume (asked for, or a timed pause running out) and snooze."""
    sitting = result.status.sitting
    if result.rejected is not None:
        return []
    if isinstance(result.event, Pause):
        return [_about("pause", None, sitting)]
    if before is None:
        return []
    was_paused = before.activity is Activity.PAUSED
    ended_itself = was_paused and result.status.activity is not Activity.PAUSED
    if (isinstance(result.event, Resume) and _holds(before, result)) or ended_itself:
        return [_about("resume", None, sitting)]
    return []


def _outcomes(records: Sequence[RecordEntry], outcome: Resolution) -> list[Kind]:
    """The kinds of the ``outcome`` records."""
    return [r.kind for r in records if isinstance(r, Outcome) and r.resolution is outcome]


def _largest(kinds: Iterable[Kind]) -> Kind:
    """The largest kind (stretch over micro over posture)."""
    return max(kinds, key=lambda kind: kind.rank)


def _outcome_events(
    result: DispatchResult, before: StatusView | None, shown: Mapping[Kind, Reminder]
) -> list[HookEvent]:
    """Snooze (asked for and not refused) and at most one break taken, the largest kind."""
    records = [effect.entry for effect in result.effects if isinstance(effect, Record)]
    stretch = next((r.sitting for r in records if isinstance(r, SittingStretch)), None)
    pending = before.pending_kind if before is not None else None

    def on_screen(kind: Kind) -> Reminder | None:
        """The reminder shown for ``kind`` if it was the one waiting, else None."""
        return shown.get(kind) if kind is pending else None

    events: list[HookEvent] = []
    if isinstance(result.event, Snooze) and result.rejected is None:
        snoozed = next(iter(_outcomes(records, Resolution.SNOOZED)), None)
        reminder = on_screen(snoozed) if snoozed else None
        events.append(_about("snooze", snoozed, result.status.sitting, reminder))
    taken = _outcomes(records, Resolution.DONE)
    taken += [_largest(r.kinds) for r in records if isinstance(r, Away) and r.kinds]
    if taken:
        kind = _largest(taken)
        sitting = stretch if stretch is not None else result.status.sitting
        events.append(_about("break_taken", kind, sitting, on_screen(kind)))
    return events


def hook_events(
    result: DispatchResult,
    before: StatusView | None,
    shown: Mapping[Kind, Reminder] | None = None,
) -> list[HookEvent]:
    """The hook events of ``result``; ``before`` is the status after the previous dispatch,
    ``shown`` the last reminder shown of each kind (for the prompt of a snoozed reminder)."""
    notifies = [effect for effect in result.effects if isinstance(effect, Notify)]
    events = _state_events(result, before) + _outcome_events(result, before, shown or {})
    for notify, reminder in zip(notifies, result.reminders, strict=True):
        events.append(_about("reminder", notify.kind, notify.sitting, reminder))
    return events


log = logging.getLogger(__name__)


class Runner(Protocol):
    """What runs the commands (``HookRunner``); ``submit`` must never block."""

    def submit(
        self, name: str, argv: Sequence[str], env: Mapping[str, str], timeout: float
    ) -> bool:
        """Start or queue one run; False if it was skipped."""

    def close(self) -> None:
        """Stop taking runs and end the ones still going."""


class Hooks:
    """Called inside the daemon lock after every dispatch: works out events, hands off runs.

    ``settings`` is asked on every dispatch, so a reload takes effect at once. Nothing here
    waits for a hook: the runner's worker threads start and watch the commands.
    """

    def __init__(self, settings: Callable[[], HooksSettings], runner: Runner | None = None) -> None:
        """Run the commands ``settings()`` names through ``runner`` (a default one if None)."""
        self._settings = settings
        self._runner: Runner = runner or HookRunner()
        self._before: StatusView | None = None
        self._shown: dict[Kind, Reminder] = {}

    def after_dispatch(self, result: DispatchResult) -> None:
        """Start the hooks this dispatch calls for; remember the status for the next one."""
        before, self._before = self._before, result.status
        events = hook_events(result, before, self._shown)
        for reminder in result.reminders:
            self._shown[reminder.kind] = reminder
        if not events:
            return
        settings = self._settings()
        timeout = settings.timeout.total_seconds()
        for event in events:
            argv: list[str] = getattr(settings, event.setting)
            if argv:
                log.debug("hook %s for %s", event.setting, event.kind or "-")
                self._runner.submit(event.setting, argv, event.environment(), timeout)

    def close(self) -> None:
        """Stop taking hooks; let running ones finish briefly, then stop them."""
        self._runner.close()

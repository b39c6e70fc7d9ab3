"""What the tray shows for a status: the icon's look, the tooltip, the menu; pure functions.

Everything here works on a ``BarView``: a status payload from the daemon's status stream
brought forward to "now" (``statusbar.view.project``), as ``status --follow`` does.
"""

from __future__ import annotations

import enum
import html
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sitbreak.status_text import clock_phrase
from sitbreak.statusbar.formats import next_sentence, tooltip_lines
from sitbreak.statusbar.view import BarView
from sitbreak.tray.icon import STEPS, Look, Mood
from sitbreak.vocabulary import COUNTING as COUNTING_STATES
from sitbreak.vocabulary import KIND_LABELS

__all__ = [
    "SNOOZE_FOR",
    "Action",
    "Entry",
    "look_of",
    "menu_of",
    "next_change",
    "status_of",
    "tooltip_of",
]

SNOOZE_FOR = timedelta(minutes=10)

_MOODS = {
    "active": Mood.COUNTING,
    "due": Mood.DUE,
    "paused": Mood.PAUSED,
    "snoozed": Mood.SNOOZED,
    "busy": Mood.BUSY,
    "idle": Mood.RESTING,
    "outside_hours": Mood.RESTING,
    # due, and shown at the next pause in typing: the figure, but no call for attention yet
    "waiting_for_pause": Mood.DUE,
    "guided": Mood.RESTING,  # on a break, walked through it step by step
}
_RINGED = frozenset({Mood.COUNTING, Mood.SNOOZED, Mood.BUSY})


def _fraction(view: BarView) -> float | None:
    """How far through the interval to the next reminder, 0 to 1; None without one."""
    if view.left is None or not view.every:
        return None
    return max(0.0, min(1.0, 1 - view.left / view.every))


def look_of(view: BarView) -> Look:
    """The icon for ``view``: its mood and, where the ring counts, the eighths filled."""
    mood = _MOODS.get(view.state, Mood.RESTING)
    fraction = _fraction(view)
    if mood not in _RINGED or fraction is None:
        return Look(mood)
    return Look(mood, math.floor(fraction * STEPS))


def next_change(view: BarView) -> datetime | None:
    """When the ring gains its next eighth, if it is moving; the tray wakes only then."""
    look = look_of(view)
    if look.mood not in _RINGED or look.step >= STEPS or view.state not in COUNTING_STATES:
        return None
    if view.left is None or not view.every:
        return None
    left_at_next_step = view.every * (1 - (look.step + 1) / STEPS)
    return view.now + (view.left - left_at_next_step)


def status_of(view: BarView) -> str:
    """The item's ``Status``: NeedsAttention while a reminder waits, else Active."""
    return "NeedsAttention" if view.state == "due" else "Active"


def tooltip_of(view: BarView) -> tuple[str, str]:
    """The tooltip's title and text (escaped: hosts read it as markup)."""
    first, *rest = tooltip_lines(view)
    if view.state in COUNTING_STATES and rest:
        rest[0] += " since your last break"
    return "sitbreak", html.escape("\n".join([first, *rest]), quote=False)


class Action(enum.IntEnum):
    """The menu's items; the value is the dbusmenu id, the same in every layout."""

    HEADING = 1
    DONE = 2
    SNOOZE = 3
    SKIP = 4
    PAUSE = 5
    PAUSE_30_MIN = 6
    PAUSE_1_HOUR = 7
    PAUSE_TOMORROW = 8
    RESUME = 9
    TODAY = 10
    SETTINGS = 11
    AUTOSTART = 12
    QUIT = 13
    STATUS = 14  # not in the menu: the left click
    START = 15


@dataclass(frozen=True)
class Entry:
    """One menu item; ``action`` None is a separator (its ``key`` keeps ids unique)."""

    action: Action | None
    label: str = ""
    enabled: bool = True
    checked: bool | None = None  # None: not a checkbox
    children: tuple[Entry, ...] = ()
    key: int = 0

    @property
    def id(self) -> int:
        """The dbusmenu id: the action's, or 100 + ``key`` for a separator."""
        return int(self.action) if self.action is not None else 100 + self.key


def _separator(key: int) -> Entry:
    return Entry(None, key=key)


def _heading(view: BarView) -> str:
    """The guided break's step, the reminder on screen titled as its notification is, or the next
    one and when."""
    if view.guide is not None:
        label = KIND_LABELS.get(view.guide.kind, "break")
        return f"Guided {label}: step {view.guide.step} of {view.guide.steps}"
    if view.state == "due":
        label = KIND_LABELS.get(view.pending or "", "break")
        title = view.payload.get("pending_title")
        if isinstance(title, str) and title:
            return f"{label[0].upper()}{label[1:]}: {title}"
        return f"Time for a {label}"
    return next_sentence(view)


def _skip_label(pending: str, *, guided: bool, due: bool) -> str:
    """What Skip would drop: the rest of a guided break, the reminder on screen, or nothing."""
    if guided:
        return f"Skip the rest of the {pending}"
    return f"Skip this {pending}" if due else "Skip"


def menu_of(view: BarView, *, starts_at_login: bool) -> tuple[Entry, ...]:
    """The menu's items for ``view``: labels and which are enabled follow the state."""
    due = view.state == "due"
    paused = view.state == "paused"
    held = paused or view.snoozed_until is not None
    guided = KIND_LABELS.get(view.guide.kind, "break") if view.guide is not None else None
    pending = guided or KIND_LABELS.get(view.pending or "", "reminder")
    answering = due or guided is not None
    guidable = due and view.pending in ("micro", "stretch")
    resume = "Resume"
    if paused and view.paused_until is not None:
        resume = f"Resume (paused until {clock_phrase(view.paused_until, view.now)})"
    elif view.snoozed_until is not None:
        resume = f"Resume (snoozed until {clock_phrase(view.snoozed_until, view.now)})"
    pause = (
        Entry(Action.PAUSE_30_MIN, "For 30 min"),
        Entry(Action.PAUSE_1_HOUR, "For 1 hour"),
        Entry(Action.PAUSE_TOMORROW, "Until tomorrow"),
    )
    return (
        Entry(Action.HEADING, _heading(view), enabled=False),
        _separator(1),
        Entry(
            Action.START,
            f"Start: walk me through the {pending}" if guidable else "Start a guided break",
            enabled=not paused and guided is None and (guidable or not due),
        ),
        Entry(
            Action.DONE,
            f"Done: I took the {pending}" if answering else "Done: I just took a break",
        ),
        Entry(
            Action.SNOOZE,
            f"Snooze {SNOOZE_FOR.seconds // 60} min",
            enabled=not paused and guided is None and (due or view.next_kind is not None),
        ),
        Entry(
            Action.SKIP,
            f"Skip the rest of the {pending}"
            if guided
            else f"Skip this {pending}"
            if due
            else "Skip",
            enabled=answering or view.state == "waiting_for_pause",
        ),
        _separator(2),
        Entry(Action.PAUSE, "Pause", children=pause),
        Entry(Action.RESUME, resume, enabled=held),
        _separator(3),
        Entry(Action.TODAY, "Today"),
        Entry(Action.SETTINGS, "Open settings file"),
        Entry(Action.AUTOSTART, "Start at login", checked=starts_at_login),
        _separator(4),
        Entry(Action.QUIT, "Quit sitbreak"),
    )

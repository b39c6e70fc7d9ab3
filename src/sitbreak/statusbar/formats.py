"""One line per status-bar flavour, from a ``BarView``: pure functions, stdlib only."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Mapping
from datetime import timedelta

from sitbreak.durations import humanize
from sitbreak.status_text import ago_words, at_phrase, in_words
from sitbreak.statusbar.view import BarView
from sitbreak.vocabulary import KIND_LABELS, Activity, Kind

__all__ = [
    "FORMATS",
    "Renderer",
    "as_i3blocks",
    "as_i3blocks_json",
    "as_json",
    "as_polybar",
    "as_text",
    "as_waybar",
    "bar_text",
    "break_sentence",
    "colour",
    "countdown",
    "guide_sentence",
    "next_sentence",
    "renderer",
    "tooltip_lines",
]

Renderer = Callable[[BarView], str]

FORMATS = ("text", "json", "waybar", "i3blocks", "polybar")

_DUE_WORDS: Mapping[str, str] = {
    Kind.POSTURE: "posture!",
    Kind.MICRO: "stand up!",
    Kind.STRETCH: "stretch!",
}
_STATE_WORDS: Mapping[str, str] = {
    Activity.IDLE: "away",
    Activity.PAUSED: "paused",
    Activity.OUTSIDE_HOURS: "off hours",
    Activity.WAITING_FOR_PAUSE: "break soon",
    Activity.GUIDED: "on a break",
}
_GREY = "#7F848E"
_COLOURS: Mapping[str, str] = {
    Activity.GUIDED: "#98C379",
    Activity.DUE: "#E06C75",
    Activity.WAITING_FOR_PAUSE: "#E06C75",
    Activity.SNOOZED: "#E5C07B",
    Activity.BUSY: "#D19A66",
    Activity.IDLE: _GREY,
    Activity.PAUSED: _GREY,
    Activity.OUTSIDE_HOURS: _GREY,
    "not_running": _GREY,
}


def _label(kind: str | None) -> str:
    """The name a person reads for a kind."""
    return KIND_LABELS.get(kind or "", kind or "reminder")


def _minutes_left(left: timedelta) -> int:
    """Whole minutes, rounded up, so "1m" shows until the very end."""
    return max(0, math.ceil(left.total_seconds() / 60))


def countdown(left: timedelta) -> str:
    """``23m``, ``1h05m``, or ``now``: compact enough for any bar."""
    minutes = _minutes_left(left)
    if minutes == 0:
        return "now"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def colour(view: BarView) -> str | None:
    """A colour for the state, or None for the bar's own."""
    return _COLOURS.get(view.state)


def _seconds_left(view: BarView) -> str:
    """The seconds left in the guide's step: ``20 s``, or ``2 min`` for long ones."""
    assert view.guide is not None  # noqa: S101 - only called during a guided break
    seconds = max(0, math.ceil((view.guide.step_ends_at - view.now).total_seconds()))
    return f"{seconds} s" if seconds < 120 else humanize(timedelta(seconds=seconds))


def guide_sentence(view: BarView) -> str | None:
    """``Stretch break: step 2 of 6, 20 s left`` during a guided break."""
    guide = view.guide
    if guide is None:
        return None
    label = _label(guide.kind)
    return (
        f"{label[0].upper()}{label[1:]}: step {guide.step} of {guide.steps},"
        f" {_seconds_left(view)} left"
    )


def bar_text(view: BarView) -> str:
    """The few characters a bar shows: ``23m``, ``paused``, ``stand up!``, ``stretch 2/6``..."""
    if not view.running or view.guide is not None:
        guide = view.guide
        return "not running" if guide is None else f"{guide.kind} {guide.step}/{guide.steps}"
    if view.state == Activity.DUE:
        return _DUE_WORDS.get(view.pending or view.next_kind or "", "break!")
    if view.state in _STATE_WORDS:
        return _STATE_WORDS[view.state]
    if view.left is None:
        return "-"
    if view.state == Activity.BUSY and view.left <= timedelta(0):
        return "held"
    return countdown(view.left)


def _hold_sentence(view: BarView) -> str | None:
    """Why reminders wait, for the paused, snoozed and busy states."""
    if view.state == Activity.PAUSED:
        until = view.paused_until
        return "Paused until " + ("you resume" if until is None else at_phrase(until, view.now))
    if view.state == Activity.SNOOZED and view.snoozed_until is not None:
        return f"Snoozed until {at_phrase(view.snoozed_until, view.now)}"
    if view.state == Activity.BUSY:
        return f"Busy ({', '.join(view.busy) or 'do not disturb'}): reminders wait"
    return None


def _reminder_sentence(view: BarView) -> str | None:
    """The reminder on screen, or the one waiting for a pause in typing."""
    if view.state == Activity.DUE:
        return f"A {_label(view.pending)} is waiting for you"
    if view.state != Activity.WAITING_FOR_PAUSE:
        return None
    sentence = f"A {_label(view.next_kind)} is due: it comes at your next pause in typing"
    if view.waiting_until is not None:
        sentence += f" ({in_words(view.waiting_until - view.now)} at the latest)"
    return sentence


def _state_sentence(view: BarView) -> str:
    """What the daemon is doing, as a sentence."""
    if not view.running:
        return "sitbreak is not running"
    special = guide_sentence(view) or _hold_sentence(view) or _reminder_sentence(view)
    if special is not None:
        return special
    words: Mapping[str, str] = {
        Activity.IDLE: "Away: not counting",
        Activity.OUTSIDE_HOURS: "Outside active hours",
    }
    return words.get(view.state, "Counting your sitting time")


def next_sentence(view: BarView) -> str:
    """When the next reminder comes, or why none is planned."""
    if view.next_kind is None or view.left is None:
        if view.state == Activity.PAUSED:
            return "No reminders until you resume"
        return "No reminder is scheduled"
    label = _label(view.next_kind)
    if view.state == Activity.IDLE:
        return f"Next: {label} after {humanize(view.left)} more sitting"
    if view.next_at is None:
        return f"Next: {label} {in_words(view.left)}"
    return f"Next: {label} at {at_phrase(view.next_at, view.now)}"


def break_sentence(view: BarView) -> str | None:
    """``Last break 25 min ago``; None when the daemon does not say (an older one)."""
    if "last_break_at" not in view.payload:
        return None
    if view.last_break_at is None:
        return "No break noticed yet"
    return f"Last break {ago_words(view.now - view.last_break_at)}"


def tooltip_lines(view: BarView) -> list[str]:
    """The state, the sitting time, the next reminder and the last break, one sentence each."""
    if not view.running:
        return [_state_sentence(view)]
    lines = [_state_sentence(view), f"Sitting {humanize(view.sitting)}", next_sentence(view)]
    if view.guide is not None and view.guide.text is not None:
        lines.insert(1, f"Now: {view.guide.text}")
    last_break = break_sentence(view)
    return lines if last_break is None else [*lines, last_break]


def as_text(view: BarView) -> str:
    """A short line for a person: ``Sitting 42 min; next: micro-break at 14:30 (in 23 min)``."""
    lines = tooltip_lines(view)
    if view.state == Activity.ACTIVE:
        lines = lines[1:]
    first, *rest = lines
    return "; ".join([first, *(line[0].lower() + line[1:] for line in rest)])


def as_json(view: BarView) -> str:
    """The ``status --json`` object on one line, its counters brought forward to now."""
    payload = dict(view.payload)
    if view.running:
        payload["sitting_seconds"] = round(view.sitting.total_seconds())
        upcoming = payload.get("next")
        if isinstance(upcoming, dict) and view.left is not None:
            payload["next"] = {**upcoming, "in_seconds": round(view.left.total_seconds())}
        if view.last_break_at is not None:
            since = max(0, round((view.now - view.last_break_at).total_seconds()))
            payload["since_break_seconds"] = since
    return json.dumps(payload, separators=(",", ":"))


def as_waybar(view: BarView) -> str:
    """One JSON object for waybar's ``return-type: json`` (text and tooltip are Pango markup)."""
    tooltip = "\n".join(html.escape(line, quote=False) for line in tooltip_lines(view))
    return json.dumps(
        {
            "text": html.escape(bar_text(view), quote=False),
            "alt": view.state,
            "tooltip": tooltip,
            "class": view.state,
            "percentage": view.percentage,
        },
        ensure_ascii=False,
    )


def _full_text(view: BarView) -> str:
    """The longer i3blocks text: ``micro-break in 23 min · break 40 min ago`` or the state."""
    if (
        view.running
        and view.state in (Activity.ACTIVE, Activity.BUSY, Activity.SNOOZED)
        and view.left is not None
    ):
        text = f"{_label(view.next_kind)} {in_words(view.left)}"
        if view.last_break_at is not None:
            text += f" · break {ago_words(view.now - view.last_break_at)}"
        return text
    if view.state == Activity.WAITING_FOR_PAUSE:
        return f"{_label(view.next_kind)} at your next pause"
    return _state_sentence(view) if view.state != Activity.DUE else bar_text(view)


def as_i3blocks(view: BarView) -> str:
    """i3blocks' raw format: full_text, short_text and color lines (for ``interval=N``)."""
    return "\n".join([_full_text(view), bar_text(view), colour(view) or ""])


def as_i3blocks_json(view: BarView) -> str:
    """One i3blocks JSON object per line (for ``interval=persist`` with ``format=json``)."""
    block = {"full_text": _full_text(view), "short_text": bar_text(view)}
    shade = colour(view)
    if shade is not None:
        block["color"] = shade
    return json.dumps(block, ensure_ascii=False)


def as_polybar(view: BarView) -> str:
    """One polybar line, coloured with ``%{F#rrggbb}`` tags."""
    text = bar_text(view)
    shade = colour(view)
    return text if shade is None else f"%{{F{shade}}}{text}%{{F-}}"


def renderer(name: str, *, follow: bool) -> Renderer:
    """The function for format ``name``; i3blocks needs JSON lines when it follows."""
    if name == "i3blocks":
        return as_i3blocks_json if follow else as_i3blocks
    table: dict[str, Renderer] = {
        "text": as_text,
        "json": as_json,
        "waybar": as_waybar,
        "polybar": as_polybar,
    }
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}") from None

"""Each status-bar format, one by one, from literal payloads."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from sitbreak.statusbar.formats import (
    as_i3blocks,
    as_i3blocks_json,
    as_json,
    as_polybar,
    as_text,
    as_waybar,
    bar_text,
    countdown,
    renderer,
    tooltip_lines,
)
from sitbreak.statusbar.view import BarView, not_running, project
from tests.statusbar.payloads import NOW, at, payload

WAYBAR_KEYS = {"text", "alt", "tooltip", "class", "percentage"}


def view_of(state: str = "active", **kwargs: Any) -> BarView:
    """The view at NOW of a payload made at NOW."""
    return project(payload(state, **kwargs), NOW, NOW)


@pytest.mark.parametrize(
    ("left", "shown"),
    [(0, "now"), (1, "1m"), (60, "1m"), (61, "2m"), (23 * 60, "23m"), (65 * 60, "1h05m")],
)
def test_countdown_rounds_minutes_up(left: int, shown: str) -> None:
    """The countdown shows whole minutes rounded up, hours past 60 min, "now" at zero."""
    assert countdown(timedelta(seconds=left)) == shown


@pytest.mark.parametrize(
    ("state", "kwargs", "shown"),
    [
        ("active", {}, "23m"),
        ("snoozed", {"snoozed_minutes": 8, "next_in_minutes": 8}, "8m"),
        ("paused", {"paused_minutes": 10}, "paused"),
        ("idle", {}, "away"),
        ("outside_hours", {}, "off hours"),
        ("due", {"pending": "stretch"}, "stretch!"),
        ("busy", {"busy": ("fullscreen",), "next_in_minutes": 0}, "held"),
        ("active", {"next_kind": None}, "-"),
    ],
)
def test_bar_text_per_state(state: str, kwargs: dict[str, Any], shown: str) -> None:
    """The short bar text says the countdown, or the word for a state that holds it."""
    assert bar_text(view_of(state, **kwargs)) == shown


def test_waybar_line_is_one_json_object_with_the_promised_keys() -> None:
    """Waybar gets text, alt, tooltip, class and percentage on one line."""
    line = as_waybar(view_of("active"))
    assert "\n" not in line
    data = json.loads(line)
    assert set(data) == WAYBAR_KEYS
    assert data["text"] == "23m"
    assert data["class"] == data["alt"] == "active"
    assert data["percentage"] == 23
    assert data["tooltip"].split("\n") == [
        "Counting your sitting time",
        "Sitting 42 min",
        "Next: micro-break at 14:30 (in 23 min)",
    ]


def test_waybar_tooltip_names_pause_and_snooze_ends() -> None:
    """The tooltip gives the clock time a pause or a snooze ends."""
    paused = json.loads(as_waybar(view_of("paused", paused_minutes=53)))
    assert paused["tooltip"].startswith("Paused until 15:00 (in 53 min)")
    assert paused["class"] == "paused"
    forever = json.loads(as_waybar(view_of("paused", next_kind=None)))
    assert forever["tooltip"].split("\n")[0] == "Paused until you resume"
    assert forever["tooltip"].split("\n")[2] == "No reminders until you resume"
    snoozed = json.loads(as_waybar(view_of("snoozed", snoozed_minutes=8)))
    assert snoozed["tooltip"].startswith("Snoozed until 14:15 (in 8 min)")


def test_waybar_escapes_pango_markup() -> None:
    """Busy reasons with markup characters are escaped, since waybar parses Pango markup."""
    data = json.loads(as_waybar(view_of("busy", busy=("<b>Q&A</b>",))))
    assert "&lt;b&gt;Q&amp;A&lt;/b&gt;" in data["tooltip"]


def test_waybar_not_running() -> None:
    """With no daemon waybar shows "not running" with class not_running."""
    data = json.loads(as_waybar(not_running(NOW)))
    assert data["text"] == "not running"
    assert data["class"] == "not_running"
    assert set(data) == WAYBAR_KEYS


def test_away_tooltip_speaks_of_sitting_still_needed() -> None:
    """While away the next reminder is sitting time away, not a clock time."""
    data = json.loads(as_waybar(view_of("idle")))
    assert data["tooltip"].split("\n")[2] == "Next: micro-break after 23 min more sitting"


def test_i3blocks_raw_lines_are_full_short_and_colour() -> None:
    """Without --follow i3blocks gets three lines: full_text, short_text, color."""
    assert as_i3blocks(view_of("active")).split("\n") == ["micro-break in 23 min", "23m", ""]
    assert as_i3blocks(view_of("due", pending="micro")).split("\n") == [
        "stand up!",
        "stand up!",
        "#E06C75",
    ]


def test_i3blocks_json_line_for_persist_blocks() -> None:
    """With --follow i3blocks gets one JSON object per line with the same three keys."""
    data = json.loads(as_i3blocks_json(view_of("snoozed", snoozed_minutes=8, next_in_minutes=8)))
    assert data == {"full_text": "micro-break in 8 min", "short_text": "8m", "color": "#E5C07B"}
    assert "color" not in json.loads(as_i3blocks_json(view_of("active")))


def test_polybar_line_has_colour_tags_only_when_there_is_a_colour() -> None:
    """Polybar gets %{F#rrggbb}...%{F-} around held states and plain text otherwise."""
    assert as_polybar(view_of("active")) == "23m"
    assert as_polybar(view_of("paused", paused_minutes=10)) == "%{F#7F848E}paused%{F-}"
    assert as_polybar(not_running(NOW)) == "%{F#7F848E}not running%{F-}"


def test_json_has_the_status_keys_brought_forward() -> None:
    """JSON is the ``status --json`` object with sitting and in_seconds counted on to now."""
    data = payload("active")
    view = project(data, NOW, NOW + timedelta(minutes=2))
    out = json.loads(as_json(view))
    assert set(out) == set(data)
    assert out["sitting_seconds"] == 44 * 60
    assert out["next"]["in_seconds"] == 21 * 60
    assert out["next"]["at"] == data["next"]["at"]
    assert json.loads(as_json(not_running(NOW))) == {"running": False}


def test_text_is_one_short_line() -> None:
    """Text is one line for a person: state when it holds things up, sitting, next."""
    assert as_text(view_of("active")) == ("Sitting 42 min; next: micro-break at 14:30 (in 23 min)")
    assert as_text(view_of("paused", paused_minutes=10, next_in_minutes=33)) == (
        "Paused until 14:17 (in 10 min); sitting 42 min; next: micro-break at 14:40 (in 33 min)"
    )
    assert as_text(not_running(NOW)) == "sitbreak is not running"


def test_renderer_picks_the_i3blocks_flavour_by_mode_and_rejects_unknown_names() -> None:
    """i3blocks renders raw lines once and JSON lines when following; unknown names fail."""
    assert renderer("i3blocks", follow=False) is as_i3blocks
    assert renderer("i3blocks", follow=True) is as_i3blocks_json
    assert renderer("waybar", follow=True) is as_waybar
    with pytest.raises(ValueError, match="unknown format 'lemonbar'"):
        renderer("lemonbar", follow=True)


def test_every_format_says_when_a_reminder_waits_for_a_pause() -> None:
    """Waiting for a pause: "break soon" in the bar's colour for due, and a tooltip saying so."""
    view = view_of("waiting_for_pause", next_kind="stretch", waiting_until=at(1.5))
    assert bar_text(view) == "break soon"
    assert as_polybar(view) == "%{F#E06C75}break soon%{F-}"
    waybar = json.loads(as_waybar(view))
    assert waybar["class"] == "waiting_for_pause"
    assert waybar["percentage"] == 100
    assert waybar["tooltip"].split("\n")[0] == (
        "A stretch break is due: it comes at your next pause in typing (in 2 min at the latest)"
    )
    assert json.loads(as_i3blocks_json(view)) == {
        "full_text": "stretch break at your next pause",
        "short_text": "break soon",
        "color": "#E06C75",
    }


def test_the_last_break_is_in_the_tooltip_text_json_and_i3blocks() -> None:
    """A break that ended 25 min before: each format says so, and the time runs on."""
    data = payload("active", last_break_at=at(-25))
    view = project(data, NOW, NOW + timedelta(minutes=2))
    assert json.loads(as_waybar(view))["tooltip"].split("\n")[-1] == "Last break 27 min ago"
    assert as_text(view).endswith("; last break 27 min ago")
    assert json.loads(as_json(view))["since_break_seconds"] == 27 * 60
    assert as_i3blocks(view).split("\n")[0] == "micro-break in 21 min · break 27 min ago"
    none_yet = project(payload("active", last_break_at=None), NOW, NOW)
    assert tooltip_lines(none_yet)[-1] == "No break noticed yet"


def test_every_format_shows_the_guided_step() -> None:
    """Guided: bar text 'stretch 2/6', waybar class 'guided' and steps done as percentage,
    text and i3blocks 'Stretch break: step 2 of 6, 20 s left', counting down between pushes."""
    data = {
        **payload("guided"),
        "guide": {
            "kind": "stretch",
            "step": 2,
            "steps": 6,
            "text": "Right foot back",
            "step_left_seconds": 25,
        },
    }
    view = project(data, NOW, NOW + timedelta(seconds=5))
    assert bar_text(view) == "stretch 2/6"
    assert as_polybar(view) == "%{F#98C379}stretch 2/6%{F-}"
    waybar = json.loads(as_waybar(view))
    assert (waybar["class"], waybar["percentage"]) == ("guided", 17)
    assert waybar["tooltip"].splitlines()[:2] == [
        "Stretch break: step 2 of 6, 20 s left",
        "Now: Right foot back",
    ]
    assert as_text(view).startswith("Stretch break: step 2 of 6, 20 s left; now: Right foot back")
    assert as_i3blocks(view).split("\n")[:2] == [
        "Stretch break: step 2 of 6, 20 s left",
        "stretch 2/6",
    ]

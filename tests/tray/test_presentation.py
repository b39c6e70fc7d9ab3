"""What the tray shows for a status payload: icon look, next wake-up, tooltip, menu."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sitbreak.statusbar.view import project
from sitbreak.tray.icon import STEPS, Look, Mood
from sitbreak.tray.presentation import (
    Action,
    Entry,
    look_of,
    menu_of,
    next_change,
    status_of,
    tooltip_of,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


def _payload(state: str = "active", left_minutes: float = 30, **extra: object) -> dict[str, object]:
    at = NOW + timedelta(minutes=left_minutes)
    return {
        "state": state,
        "sitting_seconds": 600,
        "next": {
            "kind": "micro",
            "at": at.isoformat(),
            "in_seconds": round(left_minutes * 60),
            "every_seconds": 1800,
        },
        "paused_until": None,
        "snoozed_until": None,
        "pending": None,
        "busy_reasons": [],
        **extra,
    }


def _view(payload: dict[str, object], minutes_later: float = 0):
    return project(payload, NOW, NOW + timedelta(minutes=minutes_later))


def _by_action(entries: tuple[Entry, ...]) -> dict[Action, Entry]:
    found: dict[Action, Entry] = {}
    for entry in entries:
        if entry.action is not None:
            found[entry.action] = entry
        found.update(_by_action(entry.children))
    return found


def test_the_ring_counts_eighths_of_the_interval() -> None:
    """30 min interval: 0 filled at the start, 2 eighths after 8 min, all when the time is up."""
    payload = _payload(left_minutes=30)
    assert look_of(_view(payload)) == Look(Mood.COUNTING, 0)
    assert look_of(_view(payload, 8)) == Look(Mood.COUNTING, 2)
    assert look_of(_view(payload, 30)) == Look(Mood.COUNTING, STEPS)


def test_next_change_is_the_next_eighth_and_none_while_standing_still() -> None:
    """The tray wakes when the ring gains an eighth (3 min 45 s in 30 min), never while away."""
    assert next_change(_view(_payload(left_minutes=30))) == NOW + timedelta(minutes=3.75)
    assert next_change(_view(_payload(left_minutes=30), 4)) == NOW + timedelta(minutes=7.5)
    for state in ("idle", "paused", "outside_hours", "due"):
        assert next_change(_view(_payload(state))) is None, state


def test_each_state_has_its_look() -> None:
    """Due, paused, snoozed, busy, away and outside hours each map to their mood."""
    moods = {
        state: look_of(_view(_payload(state))).mood
        for state in ("due", "paused", "snoozed", "busy", "idle", "outside_hours")
    }
    assert moods == {
        "due": Mood.DUE,
        "paused": Mood.PAUSED,
        "snoozed": Mood.SNOOZED,
        "busy": Mood.BUSY,
        "idle": Mood.RESTING,
        "outside_hours": Mood.RESTING,
    }
    assert status_of(_view(_payload("due", pending="micro"))) == "NeedsAttention"
    assert status_of(_view(_payload())) == "Active"


def test_tooltip_names_sitting_time_and_the_next_reminder() -> None:
    """Title sitbreak; the text: the state, sitting since the last break, and the next one."""
    title, text = tooltip_of(_view(_payload(left_minutes=20), 5))
    assert title == "sitbreak"
    assert text.splitlines() == [
        "Counting your sitting time",
        "Sitting 15 min since your last break",
        "Next: micro-break at 10:20 (in 15 min)",
    ]


def test_menu_follows_the_state() -> None:
    """Counting: no Skip or Resume; due: Skip names the reminder; paused: Resume says until."""
    counting = _by_action(menu_of(_view(_payload()), starts_at_login=False))
    assert counting[Action.HEADING].label == "Next: micro-break at 10:30 (in 30 min)"
    assert not counting[Action.HEADING].enabled
    assert not counting[Action.SKIP].enabled
    assert not counting[Action.RESUME].enabled
    assert counting[Action.SNOOZE].enabled
    assert counting[Action.AUTOSTART].checked is False

    due = _by_action(menu_of(_view(_payload("due", pending="micro")), starts_at_login=True))
    assert due[Action.HEADING].label == "Time for a micro-break"
    assert due[Action.SKIP].label == "Skip this micro-break"
    assert due[Action.SKIP].enabled
    assert due[Action.DONE].label == "Done: I took the micro-break"
    assert due[Action.AUTOSTART].checked is True

    until = (NOW + timedelta(hours=1)).isoformat()
    paused = _by_action(
        menu_of(_view(_payload("paused", paused_until=until)), starts_at_login=False)
    )
    assert paused[Action.RESUME].enabled
    assert paused[Action.RESUME].label == "Resume (paused until 11:00)"
    assert not paused[Action.SNOOZE].enabled


def test_menu_ids_are_unique_and_pause_is_a_submenu() -> None:
    """Every item has its own id; Pause holds 30 min, 1 hour and until tomorrow."""
    entries = menu_of(_view(_payload()), starts_at_login=False)

    def ids(items: tuple[Entry, ...]) -> list[int]:
        return [i for entry in items for i in (entry.id, *ids(entry.children))]

    assert len(ids(entries)) == len(set(ids(entries)))
    pause = _by_action(entries)[Action.PAUSE]
    assert [child.action for child in pause.children] == [
        Action.PAUSE_30_MIN,
        Action.PAUSE_1_HOUR,
        Action.PAUSE_TOMORROW,
    ]


def test_the_last_break_line_leaves_the_menu_heading_alone() -> None:
    """A daemon that reports the last break: the tooltip ends with it, the heading stays "Next"."""
    since = (NOW - timedelta(minutes=25)).isoformat()
    view = _view(_payload(last_break_at=since))
    assert tooltip_of(view)[1].splitlines()[-1] == "Last break 25 min ago"
    heading = _by_action(menu_of(view, starts_at_login=False))[Action.HEADING]
    assert heading.label == "Next: micro-break at 10:30 (in 30 min)"


def test_a_reminder_waiting_for_a_pause_shows_the_figure_without_asking_for_attention() -> None:
    """Waiting for a pause in typing: the due figure, status Active (no blinking), Skip offered."""
    view = _view(_payload("waiting_for_pause", left_minutes=0, waiting_until=NOW.isoformat()))
    assert look_of(view) == Look(Mood.DUE)
    assert status_of(view) == "Active"
    assert _by_action(menu_of(view, starts_at_login=False))[Action.SKIP].enabled


def test_the_due_heading_names_the_prompt_on_screen() -> None:
    """Due with the prompt's title in the status: the heading is the notification's title; an
    older daemon without the key gives the plain heading."""
    payload = _payload("due", pending="micro", pending_title="Walk to the window")
    heading = _by_action(menu_of(_view(payload), starts_at_login=False))[Action.HEADING]
    assert heading.label == "Micro-break: Walk to the window"
    plain = _by_action(menu_of(_view(_payload("due", pending="micro")), starts_at_login=False))
    assert plain[Action.HEADING].label == "Time for a micro-break"


def test_start_walks_through_a_pending_micro_or_stretch_and_not_a_posture_check() -> None:
    """Stretch due: 'Start: walk me through the stretch break'; posture due: Start greyed out;
    counting: 'Start a guided break' (the next one); paused: greyed out."""

    def start(payload: dict[str, object]) -> Entry:
        return _by_action(menu_of(_view(payload), starts_at_login=False))[Action.START]

    stretch = start(_payload("due", pending="stretch"))
    assert (stretch.label, stretch.enabled) == ("Start: walk me through the stretch break", True)
    posture = start(_payload("due", pending="posture"))
    assert (posture.label, posture.enabled) == ("Start a guided break", False)
    counting = start(_payload())
    assert (counting.label, counting.enabled) == ("Start a guided break", True)
    assert not start(_payload("paused")).enabled


def test_a_guided_break_shows_its_step_resting_and_offers_skip_and_done() -> None:
    """Guided: heading 'Guided stretch break: step 2 of 6', the resting figure, Skip the rest,
    Done enabled, Start and Snooze greyed out; the tooltip says the step and what to do."""
    guide = {
        "kind": "stretch",
        "step": 2,
        "steps": 6,
        "text": "Right foot back: torso upright, tailbone tucked",
        "step_left_seconds": 20,
    }
    view = _view(_payload("guided", guide=guide), minutes_later=0.1)
    menu = _by_action(menu_of(view, starts_at_login=False))
    assert menu[Action.HEADING].label == "Guided stretch break: step 2 of 6"
    assert (menu[Action.SKIP].label, menu[Action.SKIP].enabled) == (
        "Skip the rest of the stretch break",
        True,
    )
    assert menu[Action.DONE].label == "Done: I took the stretch break"
    assert not menu[Action.START].enabled
    assert not menu[Action.SNOOZE].enabled
    assert look_of(view) == Look(Mood.RESTING)
    assert status_of(view) == "Active"
    _, text = tooltip_of(view)
    assert text.splitlines()[:2] == [
        "Stretch break: step 2 of 6, 14 s left",
        "Now: Right foot back: torso upright, tailbone tucked",
    ]

"""The bar view: a payload brought forward in time, and what counts as a visible change."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.statusbar.view import not_running, project, visible_change
from tests.statusbar.payloads import NOW, at, payload

MINUTE = timedelta(minutes=1)


def test_counting_state_runs_the_countdown_and_sitting_forward() -> None:
    """While counting, 5 min later the countdown is 5 min shorter and sitting 5 min longer."""
    view = project(payload("active"), NOW, NOW + 5 * MINUTE)
    assert view.left == 18 * MINUTE
    assert view.sitting == 47 * MINUTE
    assert view.next_kind == "micro"


def test_away_freezes_sitting_and_the_sitting_still_needed() -> None:
    """While idle nothing counts: sitting and the time still to sit stay as they were."""
    view = project(payload("idle"), NOW, NOW + 5 * MINUTE)
    assert view.left == 23 * MINUTE
    assert view.sitting == 42 * MINUTE


def test_paused_keeps_sitting_but_the_clock_still_runs_to_the_next_reminder() -> None:
    """Paused until a set time, the next reminder sits at a fixed moment that comes closer."""
    data = payload("paused", paused_minutes=10, next_in_minutes=33)
    view = project(data, NOW, NOW + 4 * MINUTE)
    assert view.sitting == 42 * MINUTE
    assert view.left == 29 * MINUTE
    assert view.paused_until == NOW + 10 * MINUTE


def test_countdown_never_goes_below_zero() -> None:
    """Past the next reminder's time the countdown stays at zero."""
    assert project(payload("active"), NOW, NOW + 60 * MINUTE).left == timedelta(0)


def test_percentage_is_progress_through_the_cadence() -> None:
    """23 min left of a 30 min cadence is 23 % done; due is 100 %; none is 0 %."""
    assert project(payload("active"), NOW, NOW).percentage == 23
    assert project(payload("due", pending="micro"), NOW, NOW).percentage == 100
    assert project(payload("paused", next_kind=None), NOW, NOW).percentage == 0
    far = payload("outside_hours", next_in_minutes=600)
    assert project(far, NOW, NOW).percentage == 0


def test_payload_without_every_seconds_gives_zero_percent() -> None:
    """A daemon that sends no cadence still renders, with no progress."""
    data = payload("active")
    upcoming = data["next"]
    assert isinstance(upcoming, dict)
    del upcoming["every_seconds"]
    assert project(data, NOW, NOW).percentage == 0


def test_not_running_view() -> None:
    """The not-running view says so and carries ``{"running": false}``."""
    view = not_running(NOW)
    assert not view.running
    assert view.state == "not_running"
    assert dict(view.payload) == {"running": False}


def test_ticking_seconds_are_not_a_visible_change() -> None:
    """40 s on, a fresh payload (sitting 40 s longer, same next time) is no change."""
    moment = NOW + timedelta(seconds=40)
    earlier = project(payload("active", sitting=42 * 60), NOW, moment)
    fresh = project(payload("active", sitting=42 * 60 + 40), moment, moment)
    assert not visible_change(earlier, fresh)


def test_state_kind_and_holds_are_visible_changes() -> None:
    """A new state, next kind, pause or snooze end, pending reminder or busy reason shows."""
    base = project(payload("active"), NOW, NOW)
    for changed in (
        payload("paused", paused_minutes=10),
        payload("active", next_kind="stretch"),
        payload("snoozed", snoozed_minutes=5),
        payload("due", pending="micro"),
        payload("busy", busy=("fullscreen",)),
    ):
        assert visible_change(base, project(changed, NOW, NOW)), changed


def test_countdown_or_sitting_moving_30_s_or_more_is_visible() -> None:
    """A countdown or sitting time off by 30 s or more is a change; by 20 s it is not."""
    base = project(payload("active"), NOW, NOW)
    assert visible_change(base, project(payload("active", next_in_minutes=23.5), NOW, NOW))
    assert visible_change(base, project(payload("active", sitting=42 * 60 - 30), NOW, NOW))
    assert not visible_change(base, project(payload("active", sitting=42 * 60 - 20), NOW, NOW))
    assert visible_change(base, project(payload("active", next_kind=None), NOW, NOW))


def test_a_new_last_break_or_a_wait_for_a_pause_is_a_visible_change() -> None:
    """A break taken (new last_break_at) or a reminder starting to wait is worth a push."""
    before = project(payload("active", last_break_at=at(-30)), NOW, NOW)
    after = project(payload("active", last_break_at=at(0)), NOW, NOW)
    assert visible_change(before, after)
    waiting = project(payload("waiting_for_pause", waiting_until=at(1.5)), NOW, NOW)
    assert visible_change(project(payload("active"), NOW, NOW), waiting)


def test_sitting_counts_on_while_a_reminder_waits_for_a_pause() -> None:
    """The person is typing: sitting time runs forward between pushes."""
    view = project(payload("waiting_for_pause"), NOW, NOW + timedelta(minutes=1))
    assert view.sitting == timedelta(minutes=43)

"""The words of `sitbreak status` and command replies: one rounding, the waiting reminder named."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sitbreak.status_text import ago_words, at_phrase, in_words, status_lines
from sitbreak.statusbar.formats import tooltip_lines
from sitbreak.statusbar.view import project

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 10, 0, 0, tzinfo=TZ)  # a Wednesday


def payload(**changes: object) -> dict[str, object]:
    """A running daemon's status payload, counting, with the given keys changed."""
    base: dict[str, object] = {
        "running": True,
        "pid": 42,
        "state": "active",
        "sitting_seconds": 600,
        "next": {"kind": "posture", "at": (NOW + timedelta(minutes=10)).isoformat()},
        "pending": None,
        "busy_reasons": [],
        "idle_backend": "x11",
        "config_file": "/home/me/.config/sitbreak/config.toml",
    }
    return {**base, **changes}


def test_thirty_seconds_ahead_is_not_now() -> None:
    """Only a moment that has come is "now"; 30 s ahead reads "in 1 min"."""
    assert at_phrase(NOW + timedelta(seconds=30), NOW) == "10:00 (in 1 min)"
    assert at_phrase(NOW, NOW) == "10:00 (now)"
    assert in_words(timedelta(seconds=-5)) == "now"


def test_minutes_are_rounded_up_everywhere() -> None:
    """19 min 1 s left reads "in 20 min", and 1 h 0 min 1 s reads "in 1 h 1 min"."""
    assert in_words(timedelta(minutes=19, seconds=1)) == "in 20 min"
    assert in_words(timedelta(hours=1, seconds=1)) == "in 1 h 1 min"
    assert in_words(timedelta(hours=2)) == "in 2 h"


def test_status_and_follow_say_the_same_for_the_same_second() -> None:
    """`status` and the `--follow` tooltip put the next reminder in the same words."""
    status = payload(next={"kind": "micro", "at": (NOW + timedelta(seconds=90)).isoformat()})
    line = status_lines(status, NOW)[1]
    tooltip = tooltip_lines(project(status, NOW, NOW))
    assert "micro-break at 10:01 (in 2 min)" in line
    assert any("10:01 (in 2 min)" in sentence for sentence in tooltip)


def test_dates_beyond_this_week_are_shown() -> None:
    """Tomorrow by weekday; ten days ahead with its date too."""
    assert at_phrase(NOW + timedelta(days=1), NOW).startswith("Thu 10:00 ")
    assert at_phrase(NOW + timedelta(days=10), NOW) == "Sat 5 Dec 10:00 (in 10 days)"
    assert in_words(timedelta(hours=27, minutes=30)) == "in 1 day 4 h"


def test_the_due_state_names_the_waiting_reminder() -> None:
    """Due: the line says which reminder waits and how to answer it, not another kind."""
    lines = status_lines(payload(state="due", pending="micro"), NOW)
    assert lines[0] == "sitbreak is running (pid 42): a reminder is waiting for you."
    assert "the micro-break is waiting for you: 'sitbreak done' once you took it" in lines[1]
    assert "posture" not in lines[1]


def test_outside_hours_says_until_when_reminders_are_off() -> None:
    """Evening: off for the rest of today, back tomorrow; early morning: off until 09:00."""
    tomorrow = (NOW.replace(hour=9) + timedelta(days=1)).isoformat()
    evening = status_lines(payload(state="outside_hours", active_from=tomorrow), NOW)
    assert "Reminders are off for the rest of today; they start again Thu 09:00" in evening[2]
    early = NOW.replace(hour=7)
    morning = payload(state="outside_hours", active_from=NOW.replace(hour=9).isoformat())
    assert status_lines(morning, early)[2] == "Reminders are off until 09:00 (in 2 h)."


def test_status_shows_the_next_three_and_why_one_moved() -> None:
    """The micro-break due at 10:30 comes at 10:40 for the spacing; its repeat is named too."""
    ahead = [
        {
            "kind": "posture",
            "at": "2026-11-25T10:20:00+01:00",
            "due_at": "2026-11-25T10:20:00+01:00",
        },
        {
            "kind": "micro",
            "at": "2026-11-25T10:40:00+01:00",
            "due_at": "2026-11-25T10:30:00+01:00",
            "moved": "spacing",
        },
        {"kind": "micro", "at": "2026-11-25T10:45:00+01:00", "repeat": True},
    ]
    lines = status_lines(payload(upcoming=ahead), NOW)
    assert lines[2] == (
        "Then: micro-break at 10:40 (due 10:30, held 10 min to keep reminders apart);"
        " micro-break again at 10:45 if unanswered."
    )


def test_a_moved_next_reminder_says_why() -> None:
    """When the very next one is held, the line after it says when it fell due and why."""
    ahead = [
        {
            "kind": "stretch",
            "at": "2026-11-25T10:05:00+01:00",
            "due_at": "2026-11-25T10:00:00+01:00",
            "moved": "spacing",
        }
    ]
    lines = status_lines(payload(upcoming=ahead), NOW)
    assert lines[2] == "It fell due at 10:00, held 5 min to keep reminders apart."


def test_status_says_how_long_ago_the_last_break_was() -> None:
    """A line for the last break, or that none was noticed; none from an older daemon."""
    ago = payload(last_break_at=(NOW - timedelta(minutes=85)).isoformat())
    assert "Last break 1 h 25 min ago." in status_lines(ago, NOW)
    assert "No break noticed yet." in status_lines(payload(last_break_at=None), NOW)
    assert not any(" break " in line.lower() for line in status_lines(payload(), NOW))


def test_ago_words_round_down() -> None:
    """59 s is "just now", 25 min 59 s is "25 min ago", 49 h is "2 days ago"."""
    assert ago_words(timedelta(seconds=59)) == "just now"
    assert ago_words(timedelta(minutes=25, seconds=59)) == "25 min ago"
    assert ago_words(timedelta(hours=2)) == "2 h ago"
    assert ago_words(timedelta(hours=49)) == "2 days ago"
    assert ago_words(timedelta(hours=24)) == "1 day ago"


def test_the_waiting_state_says_the_reminder_comes_at_the_next_pause() -> None:
    """Waiting: the state line and the next line say it comes at a pause, and by when."""
    waiting = payload(
        state="waiting_for_pause",
        next={"kind": "micro", "at": NOW.isoformat()},
        waiting_until=(NOW + timedelta(seconds=80)).isoformat(),
    )
    lines = status_lines(waiting, NOW)
    assert lines[0] == (
        "sitbreak is running (pid 42): a reminder is due and waits for a pause in your typing."
    )
    assert lines[1] == (
        "Sitting for 10 min; the micro-break comes at your next pause in typing,"
        " in 2 min at the latest."
    )

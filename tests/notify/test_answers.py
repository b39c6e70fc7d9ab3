"""Which signals answer the reminder on screen, and what they mean to the daemon."""

from __future__ import annotations

import pytest

from sitbreak.core import Dismissed, Done, Event, Kind, Skip, Snooze
from sitbreak.notify.answers import (
    ActionInvoked,
    Answer,
    NotificationClosed,
    ReminderOnScreen,
    server_signal,
)


def showing(notification_id: int = 7, kind: Kind = Kind.STRETCH) -> ReminderOnScreen:
    """A tracker with one reminder on screen."""
    screen = ReminderOnScreen()
    screen.shown(notification_id, kind)
    return screen


@pytest.mark.parametrize(
    ("key", "event"),
    [("done", Done(Kind.STRETCH)), ("snooze", Snooze(None)), ("skip", Skip())],
)
def test_each_button_becomes_its_event_and_closes_the_notification(key: str, event: Event) -> None:
    """Done names the reminder's kind, Snooze takes the default length; the notification goes."""
    screen = showing()

    assert screen.answer(ActionInvoked(7, key)) == Answer(event, close=7)
    assert screen.current_id == 0


def test_closed_by_the_person_is_a_dismissal() -> None:
    """Reason 2 (dismissed by the user) answers the reminder with Dismissed."""
    screen = showing()

    assert screen.answer(NotificationClosed(7, 2)) == Answer(Dismissed(), close=None)
    assert screen.current_id == 0


@pytest.mark.parametrize("reason", [1, 3, 4])
def test_expired_or_closed_by_call_is_no_answer(reason: int) -> None:
    """Expired, closed by a call or undefined: no event, but the notification is gone."""
    screen = showing()

    assert screen.answer(NotificationClosed(7, reason)) is None
    assert screen.current_id == 0


def test_only_the_first_answer_counts() -> None:
    """After a button, the close that follows is not a dismissal, and a second press is ignored."""
    screen = showing()
    screen.answer(ActionInvoked(7, "snooze"))

    assert screen.answer(NotificationClosed(7, 2)) is None
    assert screen.answer(ActionInvoked(7, "skip")) is None


def test_signals_about_other_notifications_are_ignored() -> None:
    """Another program's notification id leaves ours on screen and answers nothing."""
    screen = showing()

    assert screen.answer(ActionInvoked(8, "done")) is None
    assert screen.answer(NotificationClosed(8, 2)) is None
    assert screen.current_id == 7


def test_unknown_action_keys_answer_nothing() -> None:
    """A click on the body ("default") or a key we never sent is not an answer."""
    screen = showing()

    assert screen.answer(ActionInvoked(7, "default")) is None
    assert screen.current_id == 7


def test_a_replacing_reminder_takes_over_the_id() -> None:
    """A reminder shown in place of the last one is answered with its own kind."""
    screen = showing(7, Kind.POSTURE)
    screen.shown(7, Kind.MICRO)

    assert screen.answer(ActionInvoked(7, "done")) == Answer(Done(Kind.MICRO), close=7)


def test_nothing_on_screen_means_nothing_to_replace() -> None:
    """Before any reminder the id to replace is 0 (a new notification)."""
    assert ReminderOnScreen().current_id == 0


def test_a_withdrawn_reminder_is_answered_by_nothing() -> None:
    """Once not current, its buttons and its closing answer nothing; its id comes back once."""
    screen = showing(7, Kind.MICRO)

    assert screen.withdraw() == 7
    assert screen.withdraw() == 0
    assert screen.answer(ActionInvoked(7, "done")) is None
    assert screen.answer(NotificationClosed(7, 2)) is None
    assert screen.current_id == 0


@pytest.mark.parametrize(
    ("member", "body", "parsed"),
    [
        ("ActionInvoked", (7, "done"), ActionInvoked(7, "done")),
        ("NotificationClosed", (7, 2), NotificationClosed(7, 2)),
        ("ActionInvoked", (7,), None),
        ("NotificationClosed", ("x", 2), None),
        ("ActivationToken", (7, "token"), None),
    ],
)
def test_server_signals_are_read_or_ignored(
    member: str, body: tuple[object, ...], parsed: object
) -> None:
    """The two answers of the spec become data; malformed ones and other members do not."""
    assert server_signal(member, body) == parsed

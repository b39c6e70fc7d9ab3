"""The daemon carries out the core's decisions: a reminder no longer current is withdrawn."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sitbreak.core import Dismissed, Done, Event, IdleSample, Kind, Pause, Skip, Snooze
from sitbreak.notify import Reminder
from tests.support.manual_daemon import ManualDaemon
from tests.support.waiting import wait_until

ONLY_POSTURE = """
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
"""


class ScreenLog:
    """A notifier that writes down, in order, what it was asked to show and to take down."""

    name = "screen-log"
    detail = "a list"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def send(self, reminder: Reminder) -> None:
        """Note the reminder's kind."""
        with self._lock:
            self.calls.append(f"show {reminder.kind.value}")

    def withdraw(self) -> None:
        """Note the withdrawal."""
        with self._lock:
            self.calls.append("withdraw")

    def close(self) -> None:
        """Nothing held."""


def shown_posture(tmp_path: Path) -> tuple[ManualDaemon, ScreenLog]:
    """A daemon whose posture check is on screen (20 minutes of sitting)."""
    screen = ScreenLog()
    manual = ManualDaemon(tmp_path, ONLY_POSTURE, notifier=screen)
    manual.at(0)
    manual.at(20)
    wait_until(lambda: screen.calls == ["show posture"], "the posture check shown")
    return manual, screen


def settled(screen: ScreenLog, expected: list[str]) -> list[str]:
    """The calls, once the sender thread has made ``expected`` many."""
    wait_until(lambda: len(screen.calls) >= len(expected), f"calls {expected}")
    return screen.calls


@pytest.mark.parametrize("event", [Done(None), Skip(), Snooze(None), Pause()])
def test_answers_from_elsewhere_withdraw_the_reminder(tmp_path: Path, event: Event) -> None:
    """Done, Skip, Snooze and Pause from a command each take the reminder down once."""
    manual, screen = shown_posture(tmp_path)
    manual.at(21, event)
    assert settled(screen, ["show posture", "withdraw"]) == ["show posture", "withdraw"]


def test_a_natural_break_withdraws_the_reminder(tmp_path: Path) -> None:
    """Away long enough for the break, then back: the check on screen is taken down."""
    manual, screen = shown_posture(tmp_path)
    manual.at(21, IdleSample(120.0))
    manual.at(23, IdleSample(0.0))
    assert settled(screen, ["show posture", "withdraw"]) == ["show posture", "withdraw"]


def test_a_snoozed_reminder_comes_back_as_a_new_one(tmp_path: Path) -> None:
    """Snooze takes it down; when the snooze ends it is shown again, not withdrawn again."""
    manual, screen = shown_posture(tmp_path)
    manual.at(21, Snooze(None))
    manual.at(32)
    expected = ["show posture", "withdraw", "show posture"]
    assert settled(screen, expected) == expected


def test_nothing_on_screen_nothing_withdrawn(tmp_path: Path) -> None:
    """Done with no reminder pending, or a second answer, withdraws nothing."""
    screen = ScreenLog()
    manual = ManualDaemon(tmp_path, ONLY_POSTURE, notifier=screen)
    manual.at(0)
    manual.at(5, Done(Kind.POSTURE))  # a break taken unasked: due again 20 minutes later
    manual.at(6, Dismissed())
    manual.at(25)
    manual.at(26, Done(None))
    manual.at(27, Skip())
    expected = ["show posture", "withdraw"]
    assert settled(screen, expected) == expected

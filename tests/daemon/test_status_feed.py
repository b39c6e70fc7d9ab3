"""The status feed: a real daemon on a manual clock pushes only changes a person would see."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from sitbreak.control.protocol import Request
from sitbreak.core import Done, Pause, Resume, Snooze
from sitbreak.daemon.control_handler import ControlHandler
from sitbreak.daemon.status import StatusFeed
from tests.support.manual_daemon import ManualDaemon

CONFIG = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "30m"
"""


class Feed:
    """A daemon with a status feed whose published messages the test can read."""

    def __init__(self, tmp_path: Path) -> None:
        """Build the daemon, its control handler and the feed listening to it."""
        self.manual = ManualDaemon(tmp_path, CONFIG)
        daemon = self.manual.daemon
        self.handler = ControlHandler(daemon, lambda: None, lambda: None, lambda: "none")
        self.published: list[Mapping[str, object]] = []
        daemon.listeners.append(StatusFeed(self.published.append, self.handler.payload_of))

    def states(self) -> list[object]:
        """The state of every published status, in order."""
        states = []
        for message in self.published:
            assert message["event"] == "status"
            status = message["status"]
            assert isinstance(status, Mapping)
            states.append(status["state"])
        return states


@pytest.fixture
def feed(tmp_path: Path) -> Feed:
    """A fresh feed with one dispatch (START) already pushed."""
    made = Feed(tmp_path)
    made.manual.at(0)
    return made


def test_first_dispatch_is_pushed_and_ticking_time_is_not(feed: Feed) -> None:
    """Ticks while sitting counts on change nothing visible, so only the first is pushed."""
    for minute in (1, 5, 12.5, 20):
        feed.manual.at(minute)
    assert feed.states() == ["active"]


def test_pause_resume_and_a_reminder_are_each_pushed(feed: Feed) -> None:
    """Pause, resume and a reminder falling due each push one status."""
    feed.manual.at(2, Pause())
    feed.manual.at(3, Resume())
    feed.manual.at(31)
    assert feed.states() == ["active", "paused", "active", "due"]


def test_pushed_payload_carries_next_and_its_cadence(feed: Feed) -> None:
    """The pushed status names the next reminder, its time and its cadence for the bar."""
    status = feed.published[0]["status"]
    assert isinstance(status, Mapping)
    upcoming = status["next"]
    assert isinstance(upcoming, Mapping)
    assert upcoming["kind"] == "micro"
    assert upcoming["every_seconds"] == 30 * 60
    assert upcoming["in_seconds"] == 30 * 60


def test_snooze_and_done_are_pushed(feed: Feed) -> None:
    """A snooze (new snooze end) and a break taken (sitting back to zero) are pushed."""
    feed.manual.at(30)
    feed.manual.at(31, Snooze())
    feed.manual.at(35, Done())
    assert feed.states() == ["active", "due", "snoozed", "active"]
    last = feed.published[-1]["status"]
    assert isinstance(last, Mapping)
    assert last["sitting_seconds"] == 0


def test_rejected_command_that_changes_nothing_is_not_pushed(feed: Feed) -> None:
    """A snooze refused while paused leaves the status as it was: no second push for it."""
    feed.manual.at(1, Pause())
    result = feed.manual.at(2, Snooze())
    assert result.rejected is not None
    assert feed.states() == ["active", "paused"]


def test_subscribe_reply_has_the_current_status(tmp_path: Path) -> None:
    """``subscribe`` answers ok, subscribe true and the status payload."""
    made = Feed(tmp_path)
    made.manual.at(0)
    reply = made.handler(Request("subscribe"))
    assert reply["ok"] is True
    assert reply["subscribe"] is True
    status = reply["status"]
    assert isinstance(status, Mapping)
    assert status["state"] == "active"
    refused = made.handler(Request("subscribe", {"extra": 1}))
    assert refused["ok"] is False
    assert refused["code"] == "bad_request"

"""The status of a real daemon: the last break taken, and a reminder waiting for a pause."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from sitbreak.control.protocol import Request
from sitbreak.core import Done, IdleSample, Kind, PresenceSources
from sitbreak.daemon.control_handler import ControlHandler
from sitbreak.daemon.status import StatusFeed
from tests.support.manual_daemon import START, ManualDaemon

CONFIG = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "30m"
"""


class Daemon:
    """A manual daemon, its control handler, and the statuses it pushed to followers."""

    def __init__(self, tmp_path: Path) -> None:
        """Build the parts; nothing is dispatched yet."""
        self.manual = ManualDaemon(tmp_path, CONFIG)
        self.handler = ControlHandler(self.manual.daemon, lambda: None, lambda: None, lambda: "x")
        self.pushed: list[Mapping[str, object]] = []
        self.manual.daemon.listeners.append(
            StatusFeed(
                lambda message: self.pushed.append(message["status"]), self.handler.payload_of
            )
        )

    def status(self) -> Mapping[str, object]:
        """What ``sitbreak status --json`` would print now."""
        reply = self.handler(Request("status"))
        status = reply["status"]
        assert isinstance(status, Mapping)
        return status


def local(moment: object) -> datetime:
    """A payload time read back."""
    assert isinstance(moment, str)
    return datetime.fromisoformat(moment)


def test_status_says_when_the_last_break_ended(tmp_path: Path) -> None:
    """None at first; after 'done' at 09:12, the time and the seconds since, counting on."""
    daemon = Daemon(tmp_path)
    daemon.manual.at(0)
    first = daemon.status()
    assert first["last_break_at"] is None
    assert first["since_break_seconds"] is None
    daemon.manual.at(12, Done(Kind.MICRO))
    daemon.manual.at(20)
    status = daemon.status()
    assert local(status["last_break_at"]) == START.replace(minute=12)
    assert status["since_break_seconds"] == 8 * 60
    assert local(daemon.pushed[-1]["last_break_at"]) == START.replace(minute=12)


def test_a_reminder_waiting_for_a_pause_shows_in_status_and_comes_in_the_pause(
    tmp_path: Path,
) -> None:
    """Typing when the micro-break falls due: the state is waiting_for_pause with its deadline,
    pushed to followers; a 4 s pause shows the reminder."""
    daemon = Daemon(tmp_path)
    daemon.manual.at(0, PresenceSources(idle=True, lock=True, pauses=True))
    daemon.manual.at(29.9, IdleSample(0.5))
    result = daemon.manual.at(30)
    assert result.reminders == ()
    status = daemon.status()
    assert status["state"] == "waiting_for_pause"
    assert local(status["waiting_until"]) == START.replace(minute=31, second=30)
    assert daemon.pushed[-1]["state"] == "waiting_for_pause"
    shown = daemon.manual.at(30.5, IdleSample(4.0))
    assert [reminder.kind for reminder in shown.reminders] == [Kind.MICRO]
    assert daemon.status()["state"] == "due"
    assert daemon.status()["waiting_until"] is None


def test_status_names_the_prompt_of_the_pending_reminder(tmp_path: Path) -> None:
    """Nothing pending: no prompt; the micro-break on screen: its prompt's id and title (the
    notification's title without the kind); answered: none again (status --json gains keys)."""
    daemon = Daemon(tmp_path)
    daemon.manual.at(0)
    assert daemon.status()["pending_prompt"] is None
    assert daemon.status()["pending_title"] is None
    shown = daemon.manual.at(30).reminders
    assert len(shown) == 1
    status = daemon.status()
    assert status["pending"] == "micro"
    assert status["pending_prompt"] == shown[0].prompt_id
    title = status["pending_title"]
    assert isinstance(title, str)
    assert title
    assert shown[0].title == f"Micro-break: {title}"
    assert daemon.pushed[-1]["pending_title"] == title
    daemon.manual.at(31, Done())
    assert daemon.status()["pending_title"] is None

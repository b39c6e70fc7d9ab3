"""The daily summary: a real daemon, history and status request; the day's figures in words."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sitbreak.control.protocol import Request
from sitbreak.core import Done, Kind
from sitbreak.daemon.control_handler import ControlHandler
from sitbreak.daemon.daily_summary import SUMMARY_ID, DailySummary, summary_words
from sitbreak.history.recorder import HistoryRecorder
from sitbreak.history.stats import Bouts, Figures
from sitbreak.notify.base import Reminder
from tests.support.manual_daemon import START, ManualDaemon

OFFICE = """
[schedule]
active_hours = "09:00-17:00"
timezone = "UTC"
"""
MONDAY = START.date()  # 10 March 2025, 09:00 UTC


class Shown:
    """A notifier that keeps what it is sent (the daemon's notifier interface)."""

    name = "kept"

    def __init__(self) -> None:
        self.sent: list[Reminder] = []

    def send(self, reminder: Reminder) -> None:
        """Keep ``reminder``."""
        self.sent.append(reminder)

    def close(self) -> None:
        """Nothing to release."""


class Office:
    """A manual daemon with office hours, a real history, the summary listener and status."""

    def __init__(self, tmp_path: Path, config: str = OFFICE) -> None:
        """Wire the parts as the daemon's assembly does."""
        self.manual = ManualDaemon(tmp_path, config)
        daemon = self.manual.daemon
        self.shown = Shown()
        daemon.notifier = self.shown
        self.history = HistoryRecorder(tmp_path / "history.sqlite3", lambda: 365)
        self.history.start()
        daemon.listeners.append(self.history)
        self.summary = DailySummary(daemon, self.history)
        daemon.listeners.append(self.summary)
        self.handler = ControlHandler(daemon, lambda: None, lambda: None, lambda: "none")

    def sit_until(self, minutes: float, every: float = 5) -> None:
        """Let the day run on to ``minutes`` after 09:00, the timer firing every few minutes."""
        moment = (self.manual.clock.wall - START).total_seconds() / 60
        while moment < minutes:
            self.manual.at(moment)
            moment += every
        self.manual.at(minutes)

    def summaries(self) -> list[Reminder]:
        """The daily summaries sent so far (waiting for the worker)."""
        assert self.summary.flush()
        return [reminder for reminder in self.shown.sent if reminder.prompt_id == SUMMARY_ID]

    def close(self) -> None:
        """Stop the worker and the history writer."""
        self.summary.close()
        self.history.close()


def test_the_end_of_office_hours_brings_a_summary_of_the_day(tmp_path: Path) -> None:
    """A break confirmed at 10:00, then sitting to 17:00: one summary, with the 7-hour bout."""
    office = Office(tmp_path)
    try:
        office.sit_until(60)
        office.manual.at(60, Done(Kind.MICRO))
        office.sit_until(8 * 60 - 1)
        assert office.summaries() == []
        office.manual.at(8 * 60)
        [summary] = office.summaries()
    finally:
        office.close()
    assert summary.title == "Today at the desk"
    assert summary.body.split("\n") == [
        "1 break taken (1 confirmed).",
        "Longest sitting bout: 7 h; 2 bouts of 30 min or more.",
        "Streak: a new one starts with a day with no bout over 1 h.",
    ]
    assert summary.standalone is True
    assert summary.urgency == "low"
    assert sum(1 for r in office.shown.sent if r.prompt_id != SUMMARY_ID) > 10


def test_status_after_the_day_ended_unseen_brings_the_summary(tmp_path: Path) -> None:
    """Nothing woke the daemon at 17:00; 'sitbreak status' at 19:00 brings it, once."""
    office = Office(tmp_path)
    try:
        office.sit_until(8 * 60 - 30)
        office.manual.clock.advance(timedelta(hours=2, minutes=30))
        office.handler(Request("status"))
        office.handler(Request("status"))
        summaries = office.summaries()
    finally:
        office.close()
    assert [summary.title for summary in summaries] == ["Today at the desk"]


def test_switched_off_no_summary(tmp_path: Path) -> None:
    """``daily_summary = false``: the day ends without one."""
    office = Office(tmp_path, OFFICE + "[notifications]\ndaily_summary = false\n")
    try:
        office.sit_until(8 * 60 + 5)
        assert office.summaries() == []
    finally:
        office.close()


def test_summary_words() -> None:
    """Today / Yesterday / a weekday; breaks split into confirmed and away; streak in days."""
    figures = Figures(
        longest=timedelta(minutes=52), done=2, natural_breaks=4, long_bouts=3, streak=5
    )
    title, body = summary_words(figures, date(2026, 11, 23), date(2026, 11, 24), Bouts())
    assert title == "Yesterday at the desk"
    assert body.split("\n") == [
        "6 breaks taken (2 confirmed, 4 away from the desk).",
        "Longest sitting bout: 52 min; 3 bouts of 30 min or more.",
        "Streak: 5 days in a row with no bout over 1 h.",
    ]
    quiet = Figures(longest=timedelta(minutes=25), streak=1)
    title, body = summary_words(quiet, date(2026, 11, 20), date(2026, 11, 23), Bouts())
    assert title == "Friday at the desk"
    assert body.split("\n") == [
        "No breaks taken.",
        "Longest sitting bout: 25 min; none of 30 min or more.",
        "Streak: 1 day in a row with no bout over 1 h.",
    ]
    assert summary_words(quiet, MONDAY, MONDAY, Bouts())[0] == "Today at the desk"


def test_hours_past_midnight_summed_up_at_their_end_are_today(tmp_path: Path) -> None:
    """Active 22:00-06:00: at 06:00 on Tuesday the night that began on Monday is "Today", with
    its breaks before and after midnight."""
    night = '[schedule]\nactive_hours = "22:00-06:00"\ntimezone = "UTC"\n'
    office = Office(tmp_path, night)
    try:
        office.manual.clock.advance(timedelta(hours=13))  # Monday 22:00
        office.sit_until(14 * 60)
        office.manual.at(14 * 60, Done(Kind.MICRO))  # 23:00
        office.sit_until(16 * 60)
        office.manual.at(16 * 60, Done(Kind.STRETCH))  # 01:00 on Tuesday
        office.sit_until(21 * 60)
        [summary] = office.summaries()
    finally:
        office.close()
    assert summary.title == "Today at the desk"
    assert summary.body.split("\n")[:2] == [
        "2 breaks taken (2 confirmed).",
        "Longest sitting bout: 5 h; 3 bouts of 30 min or more.",
    ]

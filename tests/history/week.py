"""A week of the real core and a real history, a person getting better at standing up.

Berlin, Monday 23 to Sunday 29 November 2026; every day that is worked: in at 09:00, lunch
12:00-13:00 and home at 17:30, the screen locked while away.

- Monday: every reminder ignored.
- Tuesday: the morning's micro-breaks and stretches taken a minute after they come (confirmed
  with 'done'); the afternoon's not.
- Wednesday to Friday: every micro-break and stretch taken a minute after it comes.
- Saturday: half an hour at 10:00. Sunday: nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sitbreak.core import Done, Event, Kind, Locked, Notify, Tick, Unlocked
from sitbreak.history.recorder import HistoryRecorder
from tests.history.feed import Feed
from tests.history.records import local

__all__ = ["FIRST", "LAST", "simulated_week"]

FIRST, LAST = date(2026, 11, 23), date(2026, 11, 29)
ANSWER_AFTER = timedelta(minutes=1)  # a minute to finish the sentence, then up


def _take_it(notify: Notify) -> Event | None:
    """Stand up for every micro-break and stretch; posture checks are done sitting."""
    return None if notify.kind is Kind.POSTURE else Done(notify.kind)


def _work(feed: Feed, day: date, *, morning: bool, afternoon: bool) -> None:
    """One working day; ``morning``/``afternoon``: whether its reminders are taken."""
    feed.send(Unlocked() if day != FIRST else Tick(), local(day, "09:00"))
    feed.until(local(day, "12:00"), _take_it if morning else None, ANSWER_AFTER)
    feed.send(Locked(), local(day, "12:00"))
    feed.send(Unlocked(), local(day, "13:00"))
    feed.until(local(day, "17:30"), _take_it if afternoon else None, ANSWER_AFTER)
    feed.send(Locked(), local(day, "17:30"))


def simulated_week(recorder: HistoryRecorder) -> None:
    """Drive the core through the week, its history going to ``recorder``."""
    feed = Feed(recorder)
    _work(feed, FIRST, morning=False, afternoon=False)
    _work(feed, FIRST + timedelta(days=1), morning=True, afternoon=False)
    for offset in (2, 3, 4):
        _work(feed, FIRST + timedelta(days=offset), morning=True, afternoon=True)
    saturday = FIRST + timedelta(days=5)
    feed.send(Unlocked(), local(saturday, "10:00"))
    feed.until(local(saturday, "10:30"))
    feed.send(Locked(), local(saturday, "10:30"))
    feed.send(Unlocked(), local(LAST + timedelta(days=1), "09:00"))

"""The daemon's history listener: effects in, rows out, through a writer thread of its own."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sitbreak.core import (
    Done,
    Kind,
    Locked,
    Tick,
    Unlocked,
)
from sitbreak.daemon.configuration import load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.history.reading import read_history
from sitbreak.history.recorder import HistoryRecorder
from sitbreak.notify import LogNotifier
from tests.history.conftest import StatsRunner
from tests.history.feed import Feed
from tests.history.records import local, sat, write_records
from tests.support.manual_daemon import ManualClock

EARLY = datetime(2000, 1, 1, tzinfo=UTC)
WAIT = 30.0


def test_a_real_daemon_records_reminders_with_their_prompt_ids(
    home: Path, history_file: Path
) -> None:
    """Dispatches through a real Daemon land in the history: prompt id, outcome, stretch."""
    config = home / "config.toml"
    config.write_text("[reminders.micro]\nenabled = false\n[reminders.stretch]\nenabled = false\n")
    # a year ahead of the real clock, so the daemon's own timer never fires during the test
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0) + timedelta(days=365))
    start = clock.wall
    daemon = Daemon(load_configuration(config), LogNotifier(), home / "state.json", clock=clock)
    recorder = HistoryRecorder(history_file, lambda: 365, clock=clock.now)
    recorder.start()
    daemon.listeners.append(recorder)
    daemon.start()
    try:
        clock.advance(timedelta(minutes=20))
        reminder = daemon.dispatch(Tick()).reminders
        clock.advance(timedelta(minutes=1))
        daemon.dispatch(Done(Kind.MICRO))
    finally:
        daemon.stop()
        recorder.close()
    assert [r.kind for r in reminder] == [Kind.POSTURE]
    history = read_history(history_file, EARLY).history
    assert [(r.kind, r.shown_at) for r in history.reminders] == [
        (Kind.POSTURE, start + timedelta(minutes=20))
    ]
    assert [(o.kind, o.resolution.value) for o in history.outcomes] == [(Kind.MICRO, "done")]
    assert [(s.start, s.sitting) for s in history.sitting] == [(start, timedelta(minutes=21))]
    connection = sqlite3.connect(history_file)
    assert connection.execute("SELECT prompt_id FROM reminders").fetchall() == [
        (reminder[0].prompt_id,)
    ]
    connection.close()


def test_retention_runs_at_start_and_again_after_each_interval(history_file: Path) -> None:
    """keep_days applies at start-up, then every trim_every seconds with the clock's time."""
    today = date(2026, 11, 23)
    history_file.parent.mkdir(parents=True)
    write_records(
        history_file,
        [
            sat(
                local(today - timedelta(days=400), "09:00"),
                local(today - timedelta(days=400), "10:00"),
            ),
            sat(
                local(today - timedelta(days=2), "09:00"), local(today - timedelta(days=2), "10:00")
            ),
            sat(local(today, "09:00"), local(today, "10:00")),
        ],
    )
    clock = ManualClock(local(today, "12:00"))
    keep = [365]
    recorder = HistoryRecorder(history_file, lambda: keep[0], clock=clock.now, trim_every=0.05)
    recorder.start()
    try:
        assert recorder.flush()
        assert len(read_history(history_file, EARLY).history.sitting) == 2
        keep[0] = 1  # as after a settings reload
        deadline = time.monotonic() + WAIT
        while len(read_history(history_file, EARLY).history.sitting) != 1:
            assert time.monotonic() < deadline, "the next retention run never came"
            time.sleep(0.05)
    finally:
        recorder.close()
    assert [s.start for s in read_history(history_file, EARLY).history.sitting] == [
        local(today, "09:00")
    ]


def office_month(feed: Feed) -> None:
    """November 2026 in Berlin, weekdays: in at 09:00, lunch 11:50-13:00, home at 16:50."""
    day = date(2026, 11, 2)
    feed.send(Tick(), local(day, "09:00"))
    while day <= date(2026, 11, 30):
        if day.weekday() <= 4:
            if day != date(2026, 11, 2):
                feed.send(Unlocked(), local(day, "09:00"))
            for until, event in (("11:50", Locked()), ("13:00", Unlocked()), ("16:50", Locked())):
                if isinstance(event, Locked):
                    feed.until(local(day, until))
                feed.send(event, local(day, until))
        day += timedelta(days=1)
    feed.send(Unlocked(), local(date(2026, 12, 1), "09:00"))


def test_a_month_of_the_real_core_gives_the_figures_worked_out_by_hand(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """Office hours with every reminder ignored: per weekday 6h40m, longest 3h50m, 2 of 19.

    Defaults (posture 20m, micro 30m, stretch 60m, 20 minutes at least between reminders)
    give from each sit-down: posture :20, micro :40 (held 10 min), stretch :00, and again.
    09:00-11:50 shows 8, 13:00-16:50 shows 11. Only the micro at 11:40 (lunch next) and the
    one at 16:40 (home next) are followed by a break; lunch is the day's one natural break;
    each ignored micro and stretch (12 a day) is recorded as ignored after 5 minutes.
    """
    recorder = HistoryRecorder(history_file, lambda: 365)
    recorder.start()
    office_month(Feed(recorder))
    recorder.close()
    printed = sitbreak_stats("--month", "--until", "2026-11-30", "--json")
    report = json.loads(printed.out)
    weekday = {
        "sitting_seconds": 400 * 60,
        "longest_sitting_seconds": 230 * 60,
        "reminders": 19,
        "repeats": 0,
        "breaks": 1,
        "done": 0,
        "natural_breaks": 1,
        "snoozes": 0,
        "skips": 0,
        "dismissed": 0,
        "ignored": 12,
        "followed": 2,
        "followed_share": round(2 / 19, 4),
        "long_bouts": 2,  # 09:00-11:50 and 13:00-16:50, both over an hour
        "streak_days": 0,
    }
    for entry in report["days"]:
        day = date.fromisoformat(entry.pop("date"))
        if day.weekday() <= 4:
            assert entry == weekday, day
        else:
            assert entry["sitting_seconds"] == entry["reminders"] == 0, day
    assert report["totals"]["sitting_seconds"] == 21 * 400 * 60  # 21 weekdays in November
    assert report["totals"]["followed_share"] == round(42 / 399, 4)
    assert (
        report["trend"] == "Sitting 6h40m a day on average; no earlier 30 days to compare with yet."
    )
    connection = sqlite3.connect(history_file)
    pairs = set(connection.execute("SELECT kind, prompt_id FROM reminders").fetchall())
    connection.close()
    assert pairs == {(kind.value, f"{kind.value}-prompt") for kind in Kind}

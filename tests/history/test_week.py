"""A simulated week through the real core, recorder and store: bouts and streak in `stats`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sitbreak.history.recorder import HistoryRecorder
from tests.history.conftest import StatsRunner
from tests.history.week import FIRST, LAST, simulated_week

HOUR = 3600


def test_a_week_of_standing_up_more_builds_a_streak(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """Monday's two long sittings (3 h, 4 h 30), Tuesday's afternoon: no streak; Wednesday to
    Friday no bout over 41 min: 1, 2, 3; Saturday's half hour 4, kept over Sunday."""
    recorder = HistoryRecorder(history_file, lambda: 365)
    recorder.start()
    simulated_week(recorder)
    recorder.close()
    printed = sitbreak_stats("--week", "--until", LAST.isoformat(), "--json")
    assert printed.status == 0, printed.err
    days = json.loads(printed.out)["days"]
    assert [day["date"] for day in days] == [
        (FIRST + timedelta(days=n)).isoformat() for n in range(7)
    ]
    assert [day["streak_days"] for day in days] == [0, 0, 1, 2, 3, 4, 4]
    monday, tuesday = days[0], days[1]
    assert (monday["long_bouts"], monday["longest_sitting_seconds"]) == (2, 4.5 * HOUR)
    assert tuesday["longest_sitting_seconds"] == 4.5 * HOUR
    assert all(day["longest_sitting_seconds"] <= 41 * 60 for day in days[2:5])
    assert all(day["done"] > 0 for day in days[1:5])
    text = sitbreak_stats("--week", "--until", LAST.isoformat()).out
    assert "Streak: 4 days in a row with no sitting bout over 1 h." in text

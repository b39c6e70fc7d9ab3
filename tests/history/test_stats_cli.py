"""`sitbreak stats` on the command line: periods, formats, empty history and bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitbreak.cli.main import main
from sitbreak.cli.stats_cmd import CSV_COLUMNS, NO_HISTORY
from sitbreak.core import Kind, Resolution
from sitbreak.history.store import HistoryStore
from tests.history.conftest import StatsRunner
from tests.history.records import local, outcome, sat, shown, write_records

DAY = date(2026, 11, 23)
FIGURE_KEYS = [column for column in CSV_COLUMNS if column != "date"]


def some_history(path: Path) -> None:
    """Two days with sitting, a reminder and a done, ending on DAY."""
    entries = []
    for day in (DAY - timedelta(days=1), DAY):
        entries += [
            sat(local(day, "09:00"), local(day, "10:30")),
            shown(Kind.MICRO, local(day, "09:30")),
            outcome(Kind.MICRO, Resolution.DONE, local(day, "10:30")),
        ]
    write_records(path, entries)


def test_json_has_the_documented_shape(history_file: Path, sitbreak_stats: StatsRunner) -> None:
    """Top-level keys, one entry per day with every figure, totals, previous, trend."""
    history_file.parent.mkdir(parents=True)
    some_history(history_file)
    printed = sitbreak_stats("--days", "3", "--until", DAY.isoformat(), "--json")
    assert printed.status == 0
    report = json.loads(printed.out)
    assert list(report) == [
        "version", "timezone", "first_day", "last_day", "days", "totals", "previous", "trend",
        "long_bout_seconds", "streak_limit_seconds",
    ]  # fmt: skip
    assert report["version"] == 1
    assert [d["date"] for d in report["days"]] == ["2026-11-21", "2026-11-22", "2026-11-23"]
    assert all(list(d) == ["date", *FIGURE_KEYS] for d in report["days"])
    assert list(report["totals"]) == [*FIGURE_KEYS, "active_days"]
    assert list(report["previous"]) == ["first_day", "last_day", *FIGURE_KEYS, "active_days"]
    assert report["previous"]["first_day"] == "2026-11-18"
    assert report["days"][0]["followed_share"] is None
    assert report["days"][2]["sitting_seconds"] == 5400
    assert report["days"][2]["followed_share"] == 1.0
    assert isinstance(report["trend"], str)


def test_csv_has_a_header_and_one_line_per_day(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """The documented columns, oldest day first, an empty share without reminders."""
    history_file.parent.mkdir(parents=True)
    some_history(history_file)
    printed = sitbreak_stats("--week", "--until", DAY.isoformat(), "--csv")
    assert printed.status == 0
    rows = list(csv.reader(io.StringIO(printed.out)))
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[0] for row in rows[1:]] == [
        (DAY - timedelta(days=n)).isoformat() for n in range(6, -1, -1)
    ]
    assert rows[1][1:] == ["0"] * 12 + ["", "0", "0"]
    # sitting, longest, reminders, repeats, breaks, done, natural, 4 outcomes, followed, share,
    # long bouts (one of 90 min), streak (its bout is over an hour)
    assert rows[-1] == [
        "2026-11-23", "5400", "5400", "1", "0", "1", "1", "0", *"0000", "1", "1.0", "1", "0"
    ]  # fmt: skip


def test_no_history_file_prints_a_friendly_message(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """No file at all: the friendly message, exit 0, and no file created."""
    printed = sitbreak_stats()
    assert (printed.status, printed.out.strip(), printed.err) == (0, NO_HISTORY, "")
    assert not history_file.exists()


def test_a_history_without_rows_is_empty_too(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """A history the daemon created but never wrote to: the same friendly message."""
    HistoryStore.open(history_file).close()
    assert sitbreak_stats().out.strip() == NO_HISTORY


def test_a_quiet_period_says_so_and_suggests_a_longer_one(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """History exists, but nothing in the chosen days: say so, exit 0."""
    history_file.parent.mkdir(parents=True)
    some_history(history_file)
    printed = sitbreak_stats("--days", "2", "--until", "2026-12-20")
    assert printed.status == 0
    assert printed.out.startswith("Nothing recorded from Sat 19 Dec to Sun 20 Dec 2026.")
    assert "--month" in printed.out


def test_empty_json_keeps_its_shape(history_file: Path, sitbreak_stats: StatsRunner) -> None:
    """--json without history: the same document with zeros, for scripts."""
    report = json.loads(sitbreak_stats("--days", "2", "--json").out)
    assert len(report["days"]) == 2
    assert report["totals"]["sitting_seconds"] == 0
    assert report["totals"]["followed_share"] is None


def test_default_period_ends_today_in_the_configured_zone(
    history_file: Path, sitbreak_stats: StatsRunner
) -> None:
    """Without --until the last day is today where the settings say the person is."""
    zone = "Pacific/Kiritimati"
    report = json.loads(sitbreak_stats("--json", zone=zone).out)
    assert report["last_day"] == datetime.now(ZoneInfo(zone)).date().isoformat()
    assert len(report["days"]) == 7
    assert report["timezone"] == zone


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "choose from 1 to 3660"),
        (["--days", "lots"], "not a whole number"),
        (["--until", "23/11/2026"], "not a date like"),
        (["--week", "--month"], "not allowed with"),
        (["--json", "--csv"], "not allowed with"),
    ],
)
def test_bad_arguments_exit_2_naming_the_problem(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Usage errors come from argparse with exit status 2 and a clear line."""
    with pytest.raises(SystemExit) as stopped:
        main(["stats", *args])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_bad_settings_exit_2(home: Path, sitbreak_stats: StatsRunner) -> None:
    """An unknown time zone in the settings is reported like every other command does."""
    printed = sitbreak_stats(zone="Mars/Olympus_Mons")
    assert printed.status == 2
    assert "schedule.timezone" in printed.err

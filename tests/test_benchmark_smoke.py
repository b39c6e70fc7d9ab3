"""The benchmark's pure parts, so benchmarks/footprint.py cannot rot unnoticed (no timing here)."""

from __future__ import annotations

import os
import random
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from benchmarks import report
from benchmarks.cli_latency import Timings, percentile
from benchmarks.core_throughput import DAY, measure_throughput, simulate_day
from benchmarks.proc_stats import ProcessSample, memory_kib, sample, usage_between
from benchmarks.reminder_timing import Lateness, fill_lateness

from sitbreak.core import Policy, State

MIDNIGHT = datetime(2024, 3, 4, tzinfo=UTC)


def test_a_simulated_day_feeds_the_core_a_realistic_mix() -> None:
    """One day: an idle sample every 30 s, ticks at wake-ups, reminders and some answers."""
    state, counts = simulate_day(State(), MIDNIGHT, Policy(), random.Random(1))
    assert counts.events >= 24 * 120  # the idle samples alone
    assert counts.ticks > 0
    assert 10 <= counts.reminders <= 60  # roughly a working day's worth at the defaults
    assert sum(counts.answers.values()) > 0
    assert state.updated_at is not None
    assert MIDNIGHT < state.updated_at < MIDNIGHT + DAY


def test_simulated_days_carry_the_state_over() -> None:
    """A second day starts from the first day's state and still fires reminders."""
    rng = random.Random(2)
    state, _ = simulate_day(State(), MIDNIGHT, Policy(), rng)
    _, second = simulate_day(state, MIDNIGHT + DAY, Policy(), rng)
    assert second.reminders > 0


def test_throughput_counts_whole_days() -> None:
    """measure_throughput stops at max_days and reports what it simulated."""
    result = measure_throughput(0.0, max_days=1)
    assert result.days == 1
    assert result.events > 0
    assert result.days_per_second > 0


def test_proc_parsers_read_this_process() -> None:
    """RSS, PSS, thread ids and counters of the test process itself come out of /proc."""
    memory = memory_kib(os.getpid())
    assert memory["Rss"] > 0
    assert 0 < memory["Pss"] <= memory["Rss"]
    reading = sample(os.getpid())
    assert threading.get_native_id() in reading.threads
    assert reading.rss_kib > 0


def test_usage_counts_cpu_and_switches_of_new_threads() -> None:
    """A thread that starts inside the window counts from zero; CPU time it burns shows up."""
    first = sample(os.getpid())
    done = threading.Event()

    def burn() -> None:
        until = time.thread_time() + 0.02
        while time.thread_time() < until:
            pass
        done.wait(5)

    worker = threading.Thread(target=burn)
    worker.start()
    while worker.native_id is None:
        time.sleep(0.001)
    time.sleep(0.05)
    last = sample(os.getpid())
    done.set()
    worker.join()
    usage = usage_between(first, last)
    assert worker.native_id in last.threads
    assert usage.cpu_seconds_per_hour > 0
    assert usage.threads == len(last.threads)


def test_usage_needs_a_window() -> None:
    """Two samples at the same moment make no window."""
    reading = ProcessSample(1.0, {}, 0, 0, 1024, 512, 2048)
    with pytest.raises(ValueError, match="after the first"):
        usage_between(reading, reading)


def test_percentile_uses_the_nearest_rank() -> None:
    """p95 of 1..20 is 19; p50 of 1..4 is 2; p100 is the largest."""
    assert percentile(range(1, 21), 95) == 19
    assert percentile([4, 1, 3, 2], 50) == 2
    assert percentile([5.0, 1.0], 100) == 5.0


@pytest.mark.parametrize(
    "planned_line",
    [
        "x DEBUG sitbreak.daemon.timer: waking up for {at}",
        'x INFO apscheduler.executors.default: Running job "w" (scheduled at {at})',
    ],
)
def test_lateness_chains_due_times_from_the_log(planned_line: str) -> None:
    """Due = previous reminder's log time + 2 s; lateness = dunst's time - due."""
    base = datetime(2024, 3, 4, 9, 0, 0)
    lines = []
    for n in range(4):
        logged = base + timedelta(seconds=2 * n, milliseconds=3 * n)
        planned = (logged - timedelta(milliseconds=2)).astimezone(UTC).isoformat()
        lines.append(planned_line.format(at=planned))
        stamp = logged.strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
        lines.append(f"{stamp} INFO sitbreak.daemon.shell: reminder: posture check 'T' [p]")
    received = [
        (base + timedelta(seconds=2 * n, milliseconds=3 * n + 10)).timestamp() for n in range(4)
    ]
    result = Lateness()
    fill_lateness(result, "\n".join(lines), received, [], reminders=3)
    assert result.problem is None
    assert [round(value * 1000) for value in result.late] == [13, 13, 13]
    assert [round(value * 1000) for value in result.timer] == [3, 3, 3]
    assert result.due_check_seconds is not None
    assert round(result.due_check_seconds * 1000) == 1


def test_lateness_reports_missing_notifications() -> None:
    """Fewer notifications than reminders logged is a problem, not a figure."""
    result = Lateness()
    fill_lateness(result, "", [], [], reminders=3)
    assert result.problem is not None


def test_lateness_uses_the_bus_when_dunst_kept_only_the_last() -> None:
    """A daemon replacing its notifications leaves dunst one entry: the bus stamps serve."""
    base = datetime(2024, 3, 4, 9, 0, 0)
    stamps = [base + timedelta(seconds=2 * n) for n in range(3)]
    log = "\n".join(
        f"{moment.strftime('%Y-%m-%d %H:%M:%S,%f')[:-3]} INFO x: reminder: posture"
        for moment in stamps
    )
    on_bus = [(moment + timedelta(milliseconds=20)).timestamp() for moment in stamps]
    result = Lateness()
    fill_lateness(result, log, [on_bus[-1]], on_bus, reminders=2)
    assert result.received_by == "bus monitor"
    assert [round(value * 1000) for value in result.late] == [20, 20]
    assert result.cross_check == []


def test_markdown_report_shows_ratios_and_problems() -> None:
    """The report names each program, the ratio to the others and why one was not measured."""
    reading = ProcessSample(0.0, {}, 0, 0, 30 * 1024, 20 * 1024, 31 * 1024)
    later = ProcessSample(60.0, {}, 0, 0, 30 * 1024, 20 * 1024, 31 * 1024)
    usage = usage_between(reading, later)
    bigger = usage_between(reading, ProcessSample(60.0, {}, 6, 0, 60 * 1024, 40 * 1024, 60 * 1024))
    machine = report.machine()
    results = {
        "settings": {"window": 60.0, "settle": 5.0, "reminders": 3},
        "machine": machine,
        "machine_after": machine,
        "sitbreak_status": {"idle_backend": "x11"},
        "footprint": {"sitbreak": usage, "Workrave": bigger, "Safe Eyes": "not measured: gone"},
        "latency": [Timings("python -c pass", [0.01, 0.012]), Timings("sitbreak status", [0.02])],
        "lateness": Lateness(problem="no dunst"),
        "core": measure_throughput(0.0, max_days=1),
    }
    text = report.as_markdown(results)
    assert "| sitbreak / Workrave | 0.50 |" in text
    assert "Safe Eyes: not measured: gone" in text
    assert "idle backend: x11" in text
    assert "| `sitbreak status` | 20.0 | 20.0 | 1.82 |" in text
    assert '"Workrave"' in report.as_json(results)

"""What a running process costs, read from /proc: memory, CPU time, context switches, threads.

CPU time comes from two places. /proc/PID/stat counts in clock ticks (10 ms here), too coarse
for a daemon meant to use under 0.2 s an hour (7 ms in a two-minute window), but it includes
threads that already ended. /proc/PID/task/TID/schedstat counts nanoseconds per live thread.
`usage_between` uses the nanosecond counts of the threads plus the children's reaped ticks,
and keeps the tick count beside it as a cross-check.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ProcessSample",
    "ThreadCounters",
    "Usage",
    "memory_kib",
    "sample",
    "stat_cpu_ticks",
    "thread_counters",
    "usage_between",
]

_PROC = Path("/proc")


@dataclass(frozen=True)
class ThreadCounters:
    """One thread's running totals: context switches (voluntary + involuntary) and CPU time."""

    switches: int
    runtime_ns: int


@dataclass(frozen=True)
class ProcessSample:
    """One reading of a process at monotonic time ``at``."""

    at: float
    threads: Mapping[int, ThreadCounters]  # by thread id, live threads only
    own_ticks: int  # utime + stime of /proc/PID/stat (all threads, ended ones too)
    children_ticks: int  # cutime + cstime: children that ran and were waited for
    rss_kib: int
    pss_kib: int
    peak_rss_kib: int  # VmHWM: the highest RSS since the process started


@dataclass(frozen=True)
class Usage:
    """The cost of a process over a window between two samples."""

    window_seconds: float
    rss_mib: float
    pss_mib: float
    peak_rss_mib: float
    cpu_seconds_per_hour: float  # live threads' nanoseconds + children's ticks
    cpu_seconds_per_hour_ticks: float  # the same from clock ticks only (coarse cross-check)
    context_switches_per_minute: float
    threads: int


def stat_cpu_ticks(pid: int) -> tuple[int, int]:
    """(utime + stime, cutime + cstime) of /proc/PID/stat, in clock ticks."""
    text = (_PROC / str(pid) / "stat").read_text()
    # the command name in parentheses may hold spaces; the fields after it are fixed
    fields = text.rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state), so utime (14), stime (15), cutime (16), cstime (17) are 11..14
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return utime + stime, cutime + cstime


def thread_counters(pid: int) -> dict[int, ThreadCounters]:
    """Context switches and CPU nanoseconds of each live thread, by thread id.

    Linux keeps these per thread; a thread that already ended takes its counts with it.
    """
    counters = {}
    for task in (_PROC / str(pid) / "task").iterdir():
        try:
            fields = _status_fields((task / "status").read_text())
            runtime_ns = int((task / "schedstat").read_text().split()[0])
        except OSError:
            continue  # the thread ended while we looked
        switches = int(fields["voluntary_ctxt_switches"])
        switches += int(fields["nonvoluntary_ctxt_switches"])
        counters[int(task.name)] = ThreadCounters(switches, runtime_ns)
    return counters


def memory_kib(pid: int) -> dict[str, int]:
    """Rss, Pss and the other totals of /proc/PID/smaps_rollup, plus VmHWM, in KiB."""
    totals = {}
    for line in (_PROC / str(pid) / "smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        value = rest.split()
        if len(value) == 2 and value[1] == "kB":
            totals[name.strip()] = int(value[0])
    status = _status_fields((_PROC / str(pid) / "status").read_text())
    totals["VmHWM"] = int(status["VmHWM"].split()[0])
    return totals


def sample(pid: int) -> ProcessSample:
    """Read every figure of one process now; OSError when it is gone."""
    memory = memory_kib(pid)
    own, children = stat_cpu_ticks(pid)
    return ProcessSample(
        at=time.monotonic(),
        threads=thread_counters(pid),
        own_ticks=own,
        children_ticks=children,
        rss_kib=memory["Rss"],
        pss_kib=memory["Pss"],
        peak_rss_kib=memory["VmHWM"],
    )


def usage_between(first: ProcessSample, last: ProcessSample) -> Usage:
    """Rates over the window from ``first`` to ``last``; memory and threads as of ``last``."""
    seconds = last.at - first.at
    if seconds <= 0:
        raise ValueError("the last sample must come after the first")
    tick = os.sysconf("SC_CLK_TCK")
    zero = ThreadCounters(0, 0)
    # threads born in the window count from zero; those that ended in it are lost (see above)
    switches = runtime_ns = 0
    for tid, now in last.threads.items():
        before = first.threads.get(tid, zero)
        switches += now.switches - before.switches
        runtime_ns += now.runtime_ns - before.runtime_ns
    children = (last.children_ticks - first.children_ticks) / tick
    ticks = (last.own_ticks - first.own_ticks) / tick + children
    per_hour = 3600 / seconds
    return Usage(
        window_seconds=seconds,
        rss_mib=last.rss_kib / 1024,
        pss_mib=last.pss_kib / 1024,
        peak_rss_mib=last.peak_rss_kib / 1024,
        cpu_seconds_per_hour=(runtime_ns / 1e9 + children) * per_hour,
        cpu_seconds_per_hour_ticks=ticks * per_hour,
        context_switches_per_minute=switches * 60 / seconds,
        threads=len(last.threads),
    )


def _status_fields(text: str) -> dict[str, str]:
    """``Name:\tvalue`` lines of a /proc status file as a dict."""
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return fields

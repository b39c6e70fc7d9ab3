"""The benchmark's results as Markdown tables (with the ratios and targets) or as JSON."""

from __future__ import annotations

import dataclasses
import json
import os
import platform
from collections.abc import Mapping, Sequence
from typing import Any

from benchmarks.cli_latency import Timings
from benchmarks.core_throughput import Throughput
from benchmarks.proc_stats import Usage
from benchmarks.reminder_timing import Lateness

__all__ = ["as_json", "as_markdown", "machine"]

SITBREAK = "sitbreak"
# (column, Usage attribute, digits, target text)
_FOOTPRINT_COLUMNS = (
    ("RSS MiB", "rss_mib", 1, "< 40"),
    ("PSS MiB", "pss_mib", 1, ""),
    ("CPU s/h", "cpu_seconds_per_hour", 3, "< 0.2"),
    ("ctx switches/min", "context_switches_per_minute", 1, "< 10"),
    ("threads", "threads", 0, ""),
)
_LATENESS_ROWS = (
    ("received - due", "late", "median < 50, max < 250"),
    ("  timer: logged by the daemon - due", "timer", ""),
    ("  delivery: received - logged", "delivery", ""),
    ("cross-check: Notify seen on the bus - due", "cross_check", ""),
)
_RECEIVED_BY = {
    "dunst": "dunst took the Notify call (its own stamp)",
    "bus monitor": "a D-Bus monitor saw the Notify call (the daemon replaces its notifications, "
    "so dunst's history keeps only the last)",
}


def machine() -> dict[str, object]:
    """What the figures depend on: CPUs, kernel, Python, and the load right now."""
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": [round(value, 2) for value in load],
    }


def as_json(results: Mapping[str, object]) -> str:
    """Every result as indented JSON; dataclasses become objects with their derived figures."""
    return json.dumps(_plain(results), indent=2, sort_keys=True)


def _derived(value: object) -> dict[str, object]:
    """The figures a result class computes from its fields."""
    if isinstance(value, Lateness):
        return dict(value.summary())
    if isinstance(value, Timings) and value.seconds:
        return {"median": value.median, "p95": value.p95}
    if isinstance(value, Throughput):
        return {
            "days_per_second": value.days_per_second,
            "events_per_second": value.events_per_second,
        }
    return {}


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain({**dataclasses.asdict(value), **_derived(value)})
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def as_markdown(results: Mapping[str, Any]) -> str:
    """The report: a header with the machine, then one table per measurement."""
    before, after = results["machine"], results["machine_after"]
    settings = results["settings"]
    lines = [
        "# sitbreak footprint and timing",
        "",
        f"{before['cpus']} CPUs, Linux {before['kernel']}, Python {before['python']}; "
        f"load average {before['load_average']} before, {after['load_average']} after. "
        "Figures move with the machine's load: compare within one run.",
        "",
    ]
    lines += _footprint_table(results["footprint"], settings, results.get("sitbreak_status"))
    if results.get("install_problem"):
        lines += [f"Workrave and Safe Eyes not measured: {results['install_problem']}", ""]
    lines += _latency_table(results["latency"])
    lines += _lateness_table(results["lateness"], settings["reminders"])
    lines += _core_table(results["core"])
    return "\n".join(lines)


def _footprint_table(
    footprint: Mapping[str, Usage | str], settings: Mapping[str, Any], status: Any
) -> list[str]:
    backend = status.get("idle_backend", "?") if isinstance(status, Mapping) else "?"
    lines = [
        f"## Footprint ({settings['window']:.0f} s window after {settings['settle']:.0f} s "
        f"settling, idle desktop; sitbreak idle backend: {backend})",
        "",
        "| program | " + " | ".join(column for column, *_ in _FOOTPRINT_COLUMNS) + " |",
        "|---" * (len(_FOOTPRINT_COLUMNS) + 1) + "|",
    ]
    problems = []
    for name, usage in footprint.items():
        if isinstance(usage, Usage):
            cells = [
                _number(getattr(usage, attribute), digits)
                for _, attribute, digits, _ in _FOOTPRINT_COLUMNS
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        else:
            problems.append(f"- {name}: {usage}")
    ours = footprint.get(SITBREAK)
    for name, usage in footprint.items():
        if name != SITBREAK and isinstance(usage, Usage) and isinstance(ours, Usage):
            cells = [
                _ratio(getattr(ours, attribute), getattr(usage, attribute))
                for _, attribute, *_ in _FOOTPRINT_COLUMNS
            ]
            lines.append(f"| sitbreak / {name} | " + " | ".join(cells) + " |")
    lines.append("| target | " + " | ".join(target for *_, target in _FOOTPRINT_COLUMNS) + " |")
    return [*lines, "", *problems, *([""] if problems else [])]


def _latency_table(timings: Sequence[Timings]) -> list[str]:
    runs = max((len(t.seconds) for t in timings), default=0)
    lines = [
        f"## CLI latency ({runs} runs each, round-robin, wall time from fork to exit)",
        "",
        "| command | median ms | p95 ms | median / python -c pass |",
        "|---|---|---|---|",
    ]
    base = next((t.median for t in timings if t.name == "python -c pass" and t.seconds), None)
    notes = []
    for timing in timings:
        if timing.seconds:
            ratio = _ratio(timing.median, base) if base else "-"
            median, p95 = timing.median * 1000, timing.p95 * 1000
            lines.append(f"| `{timing.name}` | {median:.1f} | {p95:.1f} | {ratio} |")
        if timing.failures:
            notes.append(f"- `{timing.name}` failed {len(timing.failures)}x: {timing.failures[0]}")
    lines.append("| target: `sitbreak status` | | | < 2.00 |")
    return [*lines, "", *notes, *([""] if notes else [])]


def _lateness_table(lateness: Lateness, reminders: int) -> list[str]:
    lines = [f"## Reminder lateness (posture every 2 s, {reminders} reminders)", ""]
    if lateness.problem:
        return [*lines, f"Not measured: {lateness.problem}", ""]
    lines += [
        f"Received: the moment {_RECEIVED_BY.get(lateness.received_by, lateness.received_by)}.",
        "",
        "| measure | median ms | max ms | target ms |",
        "|---|---|---|---|",
    ]
    figures = lateness.summary()
    for label, key, target in _LATENESS_ROWS:
        if f"{key}_median_ms" in figures:
            median, worst = figures[f"{key}_median_ms"], figures[f"{key}_max_ms"]
            lines.append(f"| {label} | {median:.1f} | {worst:.1f} | {target} |")
    if lateness.due_check_seconds is not None:
        lines += [
            "",
            "Due times come from the daemon's per-reminder log line; they differ from "
            f"the timer's own planned times by at most {lateness.due_check_seconds * 1000:.2f} ms.",
        ]
    return [*lines, ""]


def _core_table(core: Throughput) -> list[str]:
    return [
        "## Core throughput (step + next_wakeup, simulated days of events)",
        "",
        "| days | events | reminders | days/s | events/s |",
        "|---|---|---|---|---|",
        f"| {core.days} | {core.events} | {core.reminders} | {core.days_per_second:.1f} "
        f"| {core.events_per_second:,.0f} |",
        "",
    ]


def _number(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def _ratio(ours: float, theirs: float | None) -> str:
    if not theirs:
        return "-"
    return f"{ours / theirs:.2f}"

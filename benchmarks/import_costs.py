"""What each library the daemon imports costs, measured one fresh interpreter at a time.

Run from the repository root:  .venv/bin/python -m benchmarks.import_costs [--runs 5] [--json]

For each import statement below it starts this interpreter, runs the import, and reads the
process's own RSS and PSS (/proc/self/smaps_rollup) and the import's wall time; the table
gives the median over ``--runs`` minus the same figures for a bare interpreter. Libraries
share dependencies (pydantic-settings brings pydantic, for one), so the
rows do not add up: the last rows show the whole daemon's import set.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

__all__ = ["IMPORTS", "main", "measure"]

IMPORTS: dict[str, str] = {
    "(bare python)": "",
    "pydantic (BaseModel)": "from pydantic import BaseModel",
    "pydantic_settings": "import pydantic_settings",
    "plyer (notification)": "from plyer import notification; notification.notify",
    "jeepney (blocking I/O)": "import jeepney.io.blocking",
    "tzlocal": "import tzlocal",
    "platformdirs": "import platformdirs",
    "zoneinfo + tomllib": "import zoneinfo, tomllib",
    "sqlite3": "import sqlite3",
    "sitbreak.core": "import sitbreak.core",
    "sitbreak.guidance": "import sitbreak.guidance",
    "sitbreak.control.server": "import sitbreak.control.server",
    "sitbreak.settings": "import sitbreak.settings",
    "sitbreak.daemon.shell": "import sitbreak.daemon.shell",
    "sitbreak.notify.freedesktop": "import sitbreak.notify.freedesktop",
    "sitbreak.history": "import sitbreak.history",
    "sitbreak.busy": "import sitbreak.busy",
    "sitbreak.idle": "import sitbreak.idle",
    "sitbreak.cli.run_cmd (the daemon's imports)": "import sitbreak.cli.run_cmd",
    "sitbreak.cli.control_cmds (the client's)": (
        "import sitbreak.cli.control_cmds, sitbreak.control.client, sitbreak.control.endpoint"
    ),
}

_PROBE = """
import time
started = time.perf_counter()
{statement}
seconds = time.perf_counter() - started
rss = pss = 0
for line in open("/proc/self/smaps_rollup"):
    if line.startswith("Rss:"):
        rss = int(line.split()[1])
    elif line.startswith("Pss:"):
        pss = int(line.split()[1])
print(rss, pss, seconds)
"""


def measure(statement: str, runs: int) -> tuple[float, float, float] | None:
    """Median RSS KiB, PSS KiB and import seconds of ``statement`` in a fresh interpreter.

    None when the module does not exist in this checkout (a feature not merged yet).
    """
    readings = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", _PROBE.format(statement=statement)],
            capture_output=True,
            text=True,
            check=False,
        )
        if "ModuleNotFoundError" in done.stderr:
            return None
        if done.returncode != 0:
            raise RuntimeError(f"{statement!r} failed: {done.stderr.strip()[-500:]}")
        rss, pss, seconds = done.stdout.split()
        readings.append((int(rss), int(pss), float(seconds)))
    rss_values, pss_values, times = zip(*readings, strict=True)
    return statistics.median(rss_values), statistics.median(pss_values), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the table (Markdown, or JSON with --json)."""
    parser = argparse.ArgumentParser(prog="benchmarks.import_costs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    bare = measure("", args.runs)
    assert bare is not None
    bare_rss, bare_pss, _ = bare
    rows: dict[str, dict[str, float]] = {}
    for name, statement in IMPORTS.items():
        figures = measure(statement, args.runs)
        if figures is None:
            continue  # not in this checkout
        rss, pss, seconds = figures
        rows[name] = {
            "rss_mib": (rss - bare_rss) / 1024,
            "pss_mib": (pss - bare_pss) / 1024,
            "import_ms": seconds * 1000,
            "total_rss_mib": rss / 1024,
        }
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print("| import | RSS over bare python, MiB | PSS over bare, MiB | import ms | RSS MiB |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        print(
            f"| {name} | {row['rss_mib']:.1f} | {row['pss_mib']:.1f} "
            f"| {row['import_ms']:.0f} | {row['total_rss_mib']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

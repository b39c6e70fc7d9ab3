"""Footprint and timing of sitbreak, measured in a real session beside Workrave and Safe Eyes.

Run it from the repository root once ``scripts/test`` has set up ``.venv``:

    .venv/bin/python -m benchmarks.footprint              # sitbreak alone, 120 s window
    .venv/bin/python -m benchmarks.footprint --compare    # also Workrave and Safe Eyes
    .venv/bin/python -m benchmarks.footprint --quick      # a short smoke run (about a minute)
    .venv/bin/python -m benchmarks.footprint --json       # JSON on stdout instead of Markdown
    .venv/bin/python -m benchmarks.footprint --tray       # tray icon registered vs tray off

(``python benchmarks/footprint.py`` works too.) It needs Xvfb, dbus-daemon and dunst, which
``scripts/test`` installs. ``--compare`` installs the Debian packages workrave and safeeyes
(plus Safe Eyes' recommended tray-icon library and xprintidle) when they are missing: one
``apt-get update`` and one ``apt-get install``, as root or through passwordless ``sudo -n``;
without either it says so and measures sitbreak alone. Progress goes to stderr, the report
to stdout.

What it measures, in this order:

1. Core throughput: simulated days per second through ``sitbreak.core`` (``step`` and
   ``next_wakeup``) with a realistic day of events (see ``benchmarks/core_throughput.py``).
   No session; it runs first so it disturbs nothing else.
2. Footprint: a private session (Xvfb, a D-Bus session bus, dunst, and a private system bus
   that Safe Eyes needs) runs ``sitbreak run`` with default settings (idle detection on when
   the desktop offers it) and, with ``--compare``, Workrave and Safe Eyes, each with a fresh
   HOME and XDG folders. Each must prove it started (sitbreak answers ``status``, Workrave owns
   org.workrave.Workrave, Safe Eyes answers ``--status`` without a traceback) and still run at
   the end, or it is reported as not measured. After ``--settle`` seconds (default 30) all are
   measured over the same ``--window`` (default 120 s): RSS and PSS (/proc/PID/smaps_rollup),
   CPU seconds per hour (per-thread nanoseconds from /proc/PID/task/*/schedstat plus reaped
   children; the 10 ms tick count of /proc/PID/stat is in the JSON as a cross-check), context
   switches per minute summed over all threads (/proc/PID/task/*/status) and thread count.
   Nobody touches the virtual keyboard or mouse: this is the unattended, idle desktop.
3. CLI latency: ``sitbreak status`` and ``sitbreak snooze 1m`` against that daemon (whose
   snooze limit is lifted with SITBREAK_SNOOZE__MAX_IN_A_ROW=0 so every snooze is a real
   one), beside ``python -c pass`` with the same interpreter, ``python -c 'import json, re,
   socket, datetime'`` (the stdlib the client cannot do without: its floor), and with
   ``--compare`` ``safeeyes --status``; ``--runs`` (default 30) each, round-robin after two
   warm-up rounds. Median and 95th percentile.
4. Reminder lateness: a second daemon with posture every 2 s, the other kinds off, repeats
   off and idle detection off; ``--reminders`` (default 20) reminders, each timed from its due
   time to the moment dunst received it (dunst's own stamp; when the daemon replaces its
   previous notification, dunst keeps only the last, and a D-Bus monitor's stamp of each
   Notify call serves instead). Median and max, split into timer and delivery; method and
   error bars in ``benchmarks/reminder_timing.py``.

With ``--tray`` a stand-in panel (a StatusNotifierWatcher, tests/support/sni_watcher.py) runs in
the session, the first sitbreak's tray icon registers with it, and a second sitbreak with
``[tray] enabled = false`` is measured beside it over the same window.

What each imported library costs in RSS is measured separately, one fresh interpreter per
import: ``.venv/bin/python -m benchmarks.import_costs``.

Before all this it compiles sitbreak's modules to bytecode (as installing a wheel does), so
an editable checkout under PYTHONDONTWRITEBYTECODE=1 is not timed compiling its sources.
The machine's load average is printed with the results: on a shared or busy machine every
figure here moves, so compare figures from one run, not across runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.sni_watcher import StandInWatcher

from benchmarks import report
from benchmarks.cli_latency import Command, time_commands
from benchmarks.core_throughput import measure_throughput
from benchmarks.debian import ensure_installed
from benchmarks.proc_stats import sample, usage_between
from benchmarks.programs import (
    COMPARED_PACKAGES,
    Subject,
    sitbreak_command,
    start_safeeyes,
    start_sitbreak,
    start_workrave,
    still_running,
)
from benchmarks.reminder_timing import measure_lateness
from benchmarks.session import BenchSession, start_session

__all__ = ["main"]

_FLOOR_IMPORTS = "import json, re, socket, datetime"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; 0 unless the session itself could not start."""
    args = _parser().parse_args(argv)
    if args.quick:
        args.window, args.settle, args.runs, args.reminders = 15.0, 5.0, 5, 5
    results: dict[str, object] = {"settings": vars(args).copy(), "machine": report.machine()}
    results["bytecode"] = _compile_sitbreak()
    _progress("core throughput")
    results["core"] = measure_throughput(2.0 if args.quick else 5.0)
    install_problem = None
    if args.compare:
        steps: list[str] = []
        install_problem = ensure_installed(COMPARED_PACKAGES, steps)
        results["installed"] = steps
    with tempfile.TemporaryDirectory(prefix="sitbreak-bench-") as root:
        session = start_session(Path(root) / "session")
        try:
            _measure_session(session, args, install_problem, results)
        finally:
            session.stop()
    results["machine_after"] = report.machine()
    print(report.as_json(results) if args.json else report.as_markdown(results))
    return 0


def _measure_session(
    session: BenchSession,
    args: argparse.Namespace,
    install_problem: str | None,
    results: dict[str, object],
) -> None:
    """Footprint, CLI latency and lateness, each in the shared session."""
    _progress("starting the programs")
    watcher = StandInWatcher(session.desktop.bus_address) if args.tray else None
    subjects = [start_sitbreak(session, extra_env={"SITBREAK_SNOOZE__MAX_IN_A_ROW": "0"})]
    if watcher is not None:
        no_tray = {"SITBREAK_TRAY__ENABLED": "false"}
        subjects.append(start_sitbreak(session, "sitbreak, tray off", extra_env=no_tray))
        _wait_for_tray(watcher, subjects[0])
    if args.compare and install_problem is None:
        subjects += [start_workrave(session), start_safeeyes(session)]
    results["install_problem"] = install_problem
    results["sitbreak_status"] = _status_json(session, subjects[0])
    _progress(f"settling for {args.settle:.0f} s, then measuring for {args.window:.0f} s")
    time.sleep(args.settle)
    results["footprint"] = _footprint(subjects, args.window)
    _progress(f"CLI latency, {args.runs} runs each")
    results["latency"] = time_commands(_latency_commands(subjects), args.runs)
    for subject in subjects:
        subject.process.stop()
    if watcher is not None:
        watcher.stop()
    _progress(f"reminder lateness, {args.reminders} reminders")
    results["lateness"] = measure_lateness(session, args.reminders)


def _wait_for_tray(watcher: StandInWatcher, subject: Subject) -> None:
    """Wait until the daemon's tray icon registered with the stand-in panel (or say it did not)."""
    deadline = time.monotonic() + 30
    while not watcher.items and time.monotonic() < deadline:
        time.sleep(0.1)
    state = f"registered as {watcher.items}" if watcher.items else "NOT registered after 30 s"
    _progress(f"{subject.name}'s tray icon: {state}")


def _footprint(subjects: list[Subject], window: float) -> dict[str, object]:
    """Usage of every running subject over the same window; problems for the others."""
    live = [s for s in subjects if still_running(s)]
    first = {s.name: sample(s.pid) for s in live}
    deadline = time.monotonic() + window
    while time.monotonic() < deadline:
        time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))
        live = [s for s in live if still_running(s)]
    measured: dict[str, object] = {}
    for subject in subjects:
        if still_running(subject):
            measured[subject.name] = usage_between(first[subject.name], sample(subject.pid))
        else:
            measured[subject.name] = f"not measured: {subject.problem}"
    return measured


def _latency_commands(subjects: list[Subject]) -> list[Command]:
    """The commands timed, each in its program's environment."""
    sitbreak = subjects[0]
    python = sys.executable
    commands = [
        Command("python -c pass", [python, "-c", "pass"], sitbreak.env),
        Command(f"python -c '{_FLOOR_IMPORTS}'", [python, "-c", _FLOOR_IMPORTS], sitbreak.env),
        Command("sitbreak status", sitbreak_command("status"), sitbreak.env),
        Command("sitbreak snooze 1m", sitbreak_command("snooze", "1m"), sitbreak.env),
    ]
    for subject in subjects:
        if subject.name == "Safe Eyes" and still_running(subject):
            commands.append(Command("safeeyes --status", ["safeeyes", "--status"], subject.env))
    return commands


def _compile_sitbreak() -> str:
    """Compile sitbreak's modules to bytecode, as installing a wheel does.

    An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module
    from source on every run, which adds about 10 ms to each CLI command and is not what an
    installed sitbreak does.
    """
    import compileall

    import sitbreak

    package = Path(sitbreak.__file__).parent
    if compileall.compile_dir(package, quiet=1):
        return f"compiled {package}"
    return f"could not compile every module in {package}; CLI figures include compiling"


def _status_json(session: BenchSession, subject: Subject) -> object:
    """``sitbreak status --json`` of the measured daemon (it names the idle backend in use)."""
    reply = session.run(sitbreak_command("status", "--json"), subject.env)
    try:
        return json.loads(reply.stdout)
    except ValueError:
        return {"error": reply.stderr.strip()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmarks.footprint",
        description="Footprint and timing of sitbreak, optionally beside Workrave and Safe Eyes.",
    )
    parser.add_argument("--compare", action="store_true", help="also run Workrave and Safe Eyes")
    parser.add_argument("--window", type=float, default=120.0, help="seconds measured")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds before measuring")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command")
    parser.add_argument("--reminders", type=int, default=20, help="reminders timed")
    parser.add_argument(
        "--tray",
        action="store_true",
        help="run a stand-in tray (StatusNotifierWatcher) and a second sitbreak with the tray off",
    )
    parser.add_argument("--quick", action="store_true", help="short window, few runs: a smoke run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    return parser


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())

"""How late reminders reach the notification server, with a 2-second posture cadence.

The lateness of reminder n is the moment dunst received it minus the moment it was due.

- Received: dunst stamps each notification with CLOCK_BOOTTIME (microseconds) when it takes
  the Notify call; `dunstctl history` reports that stamp, which we turn into wall-clock time
  with an offset read here (error: microseconds). A D-Bus monitor on the same bus stamps each
  Notify call too (a thread of this process, so under load its stamps come late, never
  early), as a cross-check. When the daemon replaces its previous notification
  (``replaces_id``), dunst's history keeps only the last one, and the monitor's stamps are
  the arrival times instead; the report says which.
- Due: the daemon's plan. With only posture on, every 2 s, and repeats off, the core fires
  reminder n+1 exactly 2 s of sitting after it fired reminder n (the cycle restarts and the
  minimum gap is the same 2 s), so due(n+1) = the `now` of the dispatch that fired reminder n,
  plus 2 s. The daemon logs "reminder: ..." inside that dispatch, right after the core step,
  with a millisecond timestamp: due(n+1) = log(n) + 2 s, good to about +-1 ms (the timestamp
  is truncated to the millisecond, and the line is written a fraction of a millisecond after
  `now` was read). Chaining this way never accumulates drift: each due time comes from the
  previous reminder's actual firing. The daemon runs with --verbose, so its log also holds
  the timer's own planned time for each wake-up ("waking up for ..."; APScheduler's
  "Running job ... (scheduled at ...)" in older versions); those are compared with this chain
  and the largest difference is reported as the measured error bar.

Idle detection is off in this run: with a 2 s cadence the break length must be under 2 s,
so an idle probe would see the untouched virtual display as the person being away. The idle
sample taken before a wake-up is therefore not part of the lateness measured here.
"""

from __future__ import annotations

import json
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from jeepney import HeaderFields, MessageType  # type: ignore[import-untyped]
from jeepney.bus_messages import Monitoring  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from benchmarks.programs import Subject, start_sitbreak, still_running
from benchmarks.session import BenchSession

__all__ = ["CADENCE_SECONDS", "TIMING_CONFIG", "Lateness", "fill_lateness", "measure_lateness"]

CADENCE_SECONDS = 2.0
APP_NAME = "sitbreak"
TIMING_CONFIG = """\
[reminders.posture]
every = "2s"
break_length = "1s"

[reminders.micro]
enabled = false

[reminders.stretch]
enabled = false

[notifications]
repeat_ignored_after = "0s"

[idle]
enabled = false
"""
_REMINDER_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \S+ \S+: reminder: ")
# the timer's planned time, logged with --verbose: sitbreak's own timer, or APScheduler's
_SCHEDULED_LINE = re.compile(r"(?:waking up for (\S+)|Running job .*\(scheduled at ([^)]+)\))\s*$")
_NOTIFY_RULE = "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"


@dataclass
class Lateness:
    """Per reminder, in seconds: total lateness and its parts; or why it was not measured."""

    late: list[float] = field(default_factory=list)  # received - due
    timer: list[float] = field(default_factory=list)  # logged by the daemon - due
    delivery: list[float] = field(default_factory=list)  # received - logged
    cross_check: list[float] = field(default_factory=list)  # received, other source - due
    received_by: str = "dunst"  # where "received" comes from: dunst, or the bus monitor
    due_check_seconds: float | None = None  # max |chained due - the timer's planned time|
    problem: str | None = None

    def summary(self) -> dict[str, float]:
        """Median and max of each series, in milliseconds."""
        figures = {}
        for name in ("late", "timer", "delivery", "cross_check"):
            values = getattr(self, name)
            if values:
                figures[f"{name}_median_ms"] = statistics.median(values) * 1000
                figures[f"{name}_max_ms"] = max(values) * 1000
        return figures


class _NotifyMonitor:
    """Wall-clock stamps of every Notify call on the bus whose app name is sitbreak's."""

    def __init__(self, bus_address: str) -> None:
        self.stamps: list[float] = []
        self._connection = open_dbus_connection(bus=bus_address)
        reply = self._connection.send_and_get_reply(Monitoring().BecomeMonitor([_NOTIFY_RULE]))
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"BecomeMonitor failed: {reply.body}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-monitor", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                message = self._connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except OSError:
                return
            stamp = time.time()
            member = message.header.fields.get(HeaderFields.member)
            if member == "Notify" and message.body and message.body[0] == APP_NAME:
                self.stamps.append(stamp)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._connection.close()


def measure_lateness(session: BenchSession, reminders: int = 20) -> Lateness:
    """Run a daemon with the 2 s cadence until ``reminders`` + 1 have fired; time each one."""
    monitor = _NotifyMonitor(session.desktop.bus_address)
    config = session.root / "timing-config.toml"
    config.write_text(TIMING_CONFIG)
    result = Lateness()
    try:
        subject = start_sitbreak(
            session, "sitbreak-timing", args=["--verbose", "--config", str(config)]
        )
        if subject.problem is not None:
            result.problem = subject.problem
            return result
        deadline = time.monotonic() + (reminders + 1) * CADENCE_SECONDS * 3 + 30
        while len(_logged_reminders(_log(subject))) < reminders + 1:
            if time.monotonic() > deadline or not still_running(subject):
                result.problem = f"fewer than {reminders + 1} reminders: {subject.problem or ''}"
                return result
            time.sleep(0.2)
        subject.process.stop()  # the sender thread finishes any delivery under way first
        log = _log(subject)
    finally:
        monitor.close()
    fill_lateness(result, log, _dunst_received(session), monitor.stamps, reminders)
    return result


def fill_lateness(
    result: Lateness, log: str, by_dunst: list[float], on_bus: list[float], reminders: int
) -> None:
    """Pair the n-th logged reminder with the n-th arrival and compute the figures.

    Arrival is dunst's own stamp when dunst kept every reminder apart; a daemon that replaces
    its previous notification (``replaces_id``) leaves dunst one entry, and then the bus
    monitor's stamps serve, with dunst's (if any) left out.
    """
    logged = _logged_reminders(log)
    if len(by_dunst) >= len(logged):
        received, other = by_dunst, on_bus
    else:
        received, other, result.received_by = on_bus, [], "bus monitor"
    count = min(len(logged), len(received), reminders + 1)
    if count < reminders + 1:
        result.problem = (
            f"{len(logged)} reminders logged, {len(on_bus)} Notify calls seen on the bus, "
            f"{len(by_dunst)} notifications in dunst's history"
        )
        return
    checks = []
    for n in range(1, count):
        due = logged[n - 1][0] + CADENCE_SECONDS
        result.late.append(received[n] - due)
        result.timer.append(logged[n][0] - due)
        result.delivery.append(received[n] - logged[n][0])
        if n < len(other):
            result.cross_check.append(other[n] - due)
        planned = logged[n][1]
        if planned is not None:
            checks.append(abs(planned - due))
    if checks:
        result.due_check_seconds = max(checks)


def _logged_reminders(log: str) -> list[tuple[float, float | None]]:
    """Each "reminder:" log line's wall-clock time, with the planned time of the timer job
    that ran just before it (the timer's --verbose line), if there was one since the previous
    reminder.
    """
    reminders: list[tuple[float, float | None]] = []
    planned: float | None = None
    for line in log.splitlines():
        scheduled = _SCHEDULED_LINE.search(line)
        if scheduled:
            stamp = scheduled.group(1) or scheduled.group(2)
            planned = datetime.fromisoformat(stamp).timestamp()
            continue
        reminder = _REMINDER_LINE.match(line)
        if reminder:
            logged = datetime.strptime(reminder.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            reminders.append((logged, planned))
            planned = None
    return reminders


def _log(subject: Subject) -> str:
    """Everything the daemon wrote so far."""
    return subject.process.log_path.read_text(errors="replace")


def _dunst_received(session: BenchSession) -> list[float]:
    """Wall-clock times at which dunst took each of sitbreak's notifications, oldest first."""
    env = session.desktop.env
    session.run(["dunstctl", "close-all"], env)
    history = json.loads(session.run(["dunstctl", "history"], env).stdout)["data"][0]
    entries = sorted(
        (int(entry["id"]["data"]), int(entry["timestamp"]["data"]))
        for entry in history
        if entry["appname"]["data"] == APP_NAME
    )
    offset = _wall_minus_boottime()
    return [stamp / 1e6 + offset for _, stamp in entries]


def _wall_minus_boottime() -> float:
    """time.time() - CLOCK_BOOTTIME, from the tightest of a few bracketed readings."""
    best: tuple[float, float] | None = None
    for _ in range(20):
        before = time.clock_gettime(time.CLOCK_BOOTTIME)
        wall = time.time()
        after = time.clock_gettime(time.CLOCK_BOOTTIME)
        if best is None or after - before < best[0]:
            best = (after - before, wall - (before + after) / 2)
    assert best is not None
    return best[1]

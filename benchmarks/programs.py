"""Starting the programs measured, each in a fresh HOME, and checking they really run."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.processes import BackgroundProcess

from benchmarks.session import BenchSession

__all__ = [
    "COMPARED_PACKAGES",
    "Subject",
    "sitbreak_command",
    "start_safeeyes",
    "start_sitbreak",
    "start_workrave",
    "still_running",
]

READY_TIMEOUT_SECONDS = 45.0
WORKRAVE_BUS_NAME = "org.workrave.Workrave"
SAFEEYES_RPC_PORT = 7200  # its default "rpc_port"
# Safe Eyes' own package, and the two it recommends that a normal (with-recommends) install
# brings: the tray icon and xprintidle, which its default "smart pause" plugin runs.
COMPARED_PACKAGES = ("workrave", "safeeyes", "gir1.2-ayatanaappindicator3-0.1", "xprintidle")


@dataclass
class Subject:
    """A program under measurement: its process, environment, and whether it really started."""

    name: str
    process: BackgroundProcess
    env: dict[str, str]
    started: str = ""  # the evidence that it runs, e.g. "owns org.workrave.Workrave"
    problem: str | None = None  # why it is not measured
    notes: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        """The process id measured."""
        return self.process.pid


def sitbreak_command(*args: str) -> list[str]:
    """The ``sitbreak`` console script of this interpreter's environment (what users run)."""
    script = Path(sys.executable).parent / "sitbreak"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "sitbreak", *args]


def start_sitbreak(
    session: BenchSession,
    name: str = "sitbreak",
    *,
    args: Sequence[str] = (),
    extra_env: Mapping[str, str] | None = None,
) -> Subject:
    """``sitbreak run`` with default settings (plus ``args``); ready once ``status`` answers."""
    env = session.environment(name, extra_env)
    process = session.spawn(name, sitbreak_command("run", *args), env)
    subject = Subject(name, process, env)

    def answers() -> bool:
        return session.run(sitbreak_command("status", "--json"), env).returncode == 0

    _wait(subject, answers, "answers 'sitbreak status'")
    return subject


def start_workrave(session: BenchSession) -> Subject:
    """Workrave with a fresh HOME; ready once it owns its D-Bus name."""
    env = session.environment("workrave")
    subject = Subject("Workrave", session.spawn("workrave", ["workrave"], env), env)
    _wait(
        subject,
        lambda: session.name_has_owner(WORKRAVE_BUS_NAME),
        f"owns {WORKRAVE_BUS_NAME} on the session bus",
    )
    return subject


def start_safeeyes(session: BenchSession) -> Subject:
    """Safe Eyes with a fresh HOME; ready once its RPC port is open and ``--status`` answers.

    Safe Eyes decides it is already running when it sees a second python process with
    "safeeyes" in its command line, so nothing may run ``safeeyes --status`` while it starts:
    wait for its RPC port first. A Safe Eyes that failed half-way through start-up still
    answers on that port, but with an empty status and a traceback in its log; that counts
    as not started.
    """
    env = session.environment("safeeyes")
    subject = Subject("Safe Eyes", session.spawn("safeeyes", ["safeeyes"], env), env)
    _wait(subject, _port_open, f"listens on 127.0.0.1:{SAFEEYES_RPC_PORT}")
    if subject.problem is not None:
        return subject
    reply = session.run(["safeeyes", "--status"], env, timeout=20)
    if reply.returncode != 0 or not reply.stdout.strip():
        subject.problem = f"'safeeyes --status' gave no status ({reply.returncode})"
    elif "Traceback" in subject.process.log_tail(100_000):
        subject.problem = f"logged a traceback at start:\n{subject.process.log_tail()}"
    else:
        subject.started += f" and 'safeeyes --status' says {reply.stdout.strip()!r}"
    return subject


def _port_open() -> bool:
    """Whether something accepts connections on Safe Eyes' RPC port."""
    try:
        with socket.create_connection(("127.0.0.1", SAFEEYES_RPC_PORT), timeout=1):
            return True
    except OSError:
        return False


def still_running(subject: Subject) -> bool:
    """Check the process is alive; if not, record why it is not measured."""
    if subject.problem is None and not subject.process.is_running():
        subject.problem = f"exited during the benchmark: {subject.process.describe()}"
    return subject.problem is None


def _wait(subject: Subject, ready: Callable[[], bool], evidence: str) -> None:
    """Poll ``ready`` until it holds (set ``started``) or the process dies or time runs out."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not subject.process.is_running():
            subject.problem = f"exited at start: {subject.process.describe()}"
            return
        if ready():
            subject.started = evidence
            return
        time.sleep(0.25)
    subject.problem = (
        f"did not come up within {READY_TIMEOUT_SECONDS:.0f} s "
        f"(expected it to {evidence}): {subject.process.describe()}"
    )

"""``sitbreak status --format F [--follow]``: the status once for a status bar, or followed: a line
now, a line per pushed change, and a refresh each minute.

Stdlib only and light, because a status bar starts it at login and keeps it all day. The
daemon pushes changes; between pushes the last payload is brought forward locally, so the
countdown stays right without asking the daemon anything. With no daemon it says so and
tries again every few seconds, so a bar started before the daemon just works.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TextIO

from sitbreak.control.client import (
    DaemonNotRunning,
    ProtocolError,
    Subscription,
    request,
    subscribe,
)
from sitbreak.statusbar.formats import Renderer, renderer
from sitbreak.statusbar.view import BarView, not_running, project
from sitbreak.vocabulary import EXIT_FAILED, EXIT_NOT_RUNNING, EXIT_OK, Activity

__all__ = ["Follower", "follow", "show_status", "stop_on_signals"]


RETRY_SECONDS = 3.0
REFRESH_SECONDS = 60.0
CONNECT_TIMEOUT = 5.0

Clock = Callable[[], datetime]


def _local_now() -> datetime:
    """Now, aware, in the local time zone."""
    return datetime.now().astimezone()


class _Stop(BaseException):
    """SIGTERM (or SIGHUP) arrived: leave quietly, like on Ctrl-C."""


def _raise_stop(_signum: int, _frame: FrameType | None) -> None:
    """Signal handler: unwind to ``run()``, which returns 0."""
    raise _Stop


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into a quiet stop while the block runs (main thread only)."""
    names = ("SIGTERM", "SIGHUP")
    wanted = [getattr(signal, name) for name in names if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, _raise_stop) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _next_refresh(view: BarView, limit: float) -> float:
    """Seconds until the countdown's minute changes, so "23m" turns "22m" on time; <= limit."""
    if view.left is None or view.state == Activity.IDLE:
        return limit
    seconds = view.left.total_seconds()
    if seconds <= 0:
        return limit
    until_tick = seconds % 60 or 60.0
    return max(0.5, min(limit, until_tick + 0.05))


class Follower:
    """Prints one rendered line per change; ``run()`` returns 0 on a stop or a closed stdout."""

    def __init__(
        self,
        endpoint: Path | str,
        render: Renderer,
        out: TextIO,
        *,
        retry_seconds: float = RETRY_SECONDS,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Clock = _local_now,
    ) -> None:
        """Follow the daemon at ``endpoint``, writing ``render(view)`` lines to ``out``."""
        self._endpoint = endpoint
        self._render = render
        self._out = out
        self._retry = retry_seconds
        self._refresh = refresh_seconds
        self._clock = clock
        self._not_running_shown: datetime | None = None
        self._problem: str | None = None

    def run(self) -> int:
        """Follow until SIGINT/SIGTERM or until stdout closes."""
        try:
            while True:
                subscription = self._connect()
                if subscription is None:
                    continue
                with subscription:
                    self._follow(subscription)
                self._show_not_running()
        except (KeyboardInterrupt, _Stop):
            return EXIT_OK
        except BrokenPipeError:
            _silence(self._out)
            return EXIT_OK

    def _connect(self) -> Subscription | None:
        """Subscribe, or show "not running" and wait until it is time to try again."""
        try:
            return subscribe(self._endpoint, timeout=CONNECT_TIMEOUT)
        except (DaemonNotRunning, ProtocolError, OSError) as error:
            # OSError covers TimeoutError, a refused connection and a daemon that just left
            problem = None if isinstance(error, DaemonNotRunning) else str(error)
            if problem is not None and problem != self._problem:
                print(f"sitbreak: cannot follow the daemon: {problem}", file=sys.stderr)
            self._problem = problem  # said once, not at every retry
            self._wait_not_running()
            return None

    def _wait_not_running(self) -> None:
        """Show the not-running line (again once per refresh period), then wait to retry."""
        shown = self._not_running_shown
        if shown is None or self._clock() - shown >= timedelta(seconds=self._refresh):
            self._show_not_running()
        time.sleep(self._retry)
        if _reader_gone(self._out):
            raise BrokenPipeError("nobody reads the output any more")

    def _show_not_running(self) -> None:
        """Print the not-running line and remember when."""
        now = self._clock()
        self._show(not_running(now))
        self._not_running_shown = now

    def _follow(self, subscription: Subscription) -> None:
        """Show the welcome status, then every push, refreshing between them; return on hang-up."""
        self._not_running_shown = None
        payload = _status_of(subscription.welcome)
        received = self._clock()
        self._show(project(payload, received, received))
        while True:
            view = project(payload, received, self._clock())
            subscription.push_timeout = _next_refresh(view, self._refresh)
            try:
                message = next(subscription)
            except TimeoutError:
                self._show(project(payload, received, self._clock()))
                continue
            except (StopIteration, ProtocolError, ConnectionError):
                return
            if isinstance(message.get("status"), Mapping):
                payload, received = _status_of(message), self._clock()
                self._show(project(payload, received, received))

    def _show(self, view: BarView) -> None:
        """Print one rendered line and flush it."""
        self._out.write(self._render(view) + "\n")
        self._out.flush()


def _status_of(message: Mapping[str, object]) -> Mapping[str, object]:
    """The ``status`` object of a welcome or pushed message (empty if missing)."""
    status = message.get("status")
    return status if isinstance(status, Mapping) else {}


def _reader_gone(out: TextIO) -> bool:
    """Whether ``out`` is a pipe whose reader has closed it (poll reports an error on it)."""
    if not hasattr(select, "poll"):
        return False
    try:
        poller = select.poll()
        poller.register(out.fileno(), 0)  # no events asked: only errors and hang-ups come back
        return any(mask & (select.POLLERR | select.POLLNVAL) for _, mask in poller.poll(0))
    except (OSError, ValueError):
        return False


def _silence(out: TextIO) -> None:
    """After a broken pipe, point the stream at /dev/null so exiting does not complain."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def follow(endpoint: Path | str, render: Renderer, out: TextIO | None = None) -> int:
    """Run ``status --follow`` on ``out`` (stdout) until stopped; always 0."""
    with stop_on_signals():
        return Follower(endpoint, render, out or sys.stdout).run()


def show_status(endpoint: Path | str, format_name: str, *, follow_changes: bool) -> int:
    """Print the status in ``format_name`` once (0, or 3 with no daemon), or follow it (0)."""
    render = renderer(format_name, follow=follow_changes)
    if follow_changes:
        return follow(endpoint, render)
    now = datetime.now().astimezone()
    try:
        reply = request(endpoint, "status")
    except DaemonNotRunning:
        print(render(not_running(now)), flush=True)
        return EXIT_NOT_RUNNING
    payload = reply.get("status")
    if reply.get("ok") is not True or not isinstance(payload, dict):
        print(f"sitbreak: {reply.get('error', 'the daemon refused')}", file=sys.stderr)
        return EXIT_FAILED
    print(render(project(payload, now, now)), flush=True)
    return EXIT_OK

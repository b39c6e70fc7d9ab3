"""The daily summary: when the core asks for one, a short notification about the day.

The core decides when (``DaySummary``, see ``sitbreak.core.summary``); this listener reads the
day's figures from the history, off the daemon's lock, and sends them through the daemon's
notifier as a standalone note (no buttons; it never replaces or answers for a reminder).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo

from sitbreak.core import DaySummary, Kind
from sitbreak.daemon.shell import Daemon
from sitbreak.dispatch import DispatchResult
from sitbreak.durations import humanize
from sitbreak.history.reading import OlderSchema, read_history
from sitbreak.history.recorder import HistoryRecorder
from sitbreak.history.stats import Bouts, Figures, period_stats, span_figures
from sitbreak.history.store import HistoryDamaged, NewerSchema
from sitbreak.notify.base import NotifyError, Reminder

__all__ = ["SUMMARY_ID", "DailySummary", "summary_words"]

log = logging.getLogger(__name__)

SUMMARY_ID = "daily-summary"  # stands where a reminder has its prompt id
FLUSH_TIMEOUT = 10.0


def summary_words(figures: Figures, day: date, today: date, bouts: Bouts) -> tuple[str, str]:
    """The notification's title and body for a day's figures, seen on ``today``.

    ``day`` is the local date the day's active time ended on, so hours past midnight
    (22:00-06:00) summed up at their end are "Today".
    """
    if day == today:
        when = "Today"
    elif day == today - timedelta(days=1):
        when = "Yesterday"
    else:
        when = f"{day:%A}"
    return f"{when} at the desk", "\n".join(
        [_breaks_line(figures), _bout_line(figures, bouts), _streak_line(figures, bouts)]
    )


def _breaks_line(figures: Figures) -> str:
    if not figures.breaks:
        return "No breaks taken."
    taken = "1 break taken" if figures.breaks == 1 else f"{figures.breaks} breaks taken"
    parts = []
    if figures.done:
        parts.append(f"{figures.done} confirmed")
    if figures.natural_breaks:
        parts.append(f"{figures.natural_breaks} away from the desk")
    return f"{taken} ({', '.join(parts)})."


def _bout_line(figures: Figures, bouts: Bouts) -> str:
    longest = f"Longest sitting bout: {humanize(figures.longest)}"
    count = figures.long_bouts
    if count == 0:
        return f"{longest}; none of {humanize(bouts.long_bout)} or more."
    many = "1 bout" if count == 1 else f"{count} bouts"
    return f"{longest}; {many} of {humanize(bouts.long_bout)} or more."


def _streak_line(figures: Figures, bouts: Bouts) -> str:
    limit = humanize(bouts.streak_limit)
    if figures.streak == 0:
        return f"Streak: a new one starts with a day with no bout over {limit}."
    days = "1 day" if figures.streak == 1 else f"{figures.streak} days"
    return f"Streak: {days} in a row with no bout over {limit}."


def _ended_on(summary: DaySummary, tz: tzinfo) -> date:
    """The local date of the day's last active moment."""
    return (summary.end - timedelta(microseconds=1)).astimezone(tz).date()


class DailySummary:
    """A daemon listener: each ``DaySummary`` effect becomes one notification, sent off-lock."""

    def __init__(
        self,
        daemon: Daemon,
        history: HistoryRecorder,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Listen to ``daemon``; read ``history`` (flushed first) for the day's figures."""
        self._daemon = daemon
        self._history = history
        self._clock = clock or daemon.now
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitbreak-summary")

    def after_dispatch(self, result: DispatchResult) -> None:
        """Inside the daemon's lock: hand any summary asked for to the worker thread."""
        for effect in result.effects:
            if isinstance(effect, DaySummary):
                self._worker.submit(self._send, effect)

    def flush(self, timeout: float = FLUSH_TIMEOUT) -> bool:
        """Wait until the summaries asked for so far are sent; False on timeout."""
        try:
            self._worker.submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        """Finish a summary being sent, then stop the worker."""
        self._worker.shutdown(wait=True, cancel_futures=False)

    def _send(self, summary: DaySummary) -> None:
        """On the worker: read the day's figures and show them."""
        configuration = self._daemon.configuration
        settings = configuration.settings
        tz = configuration.policy.schedule.tz
        bouts = Bouts(settings.history.long_bout, settings.history.streak_limit)
        figures = self._figures(summary, tz, bouts, settings.history.keep_days)
        if figures is None:
            return
        today = self._clock().astimezone(tz).date()
        title, body = summary_words(figures, _ended_on(summary, tz), today, bouts)
        notifications = settings.notifications
        reminder = Reminder(
            Kind.MICRO,
            SUMMARY_ID,
            title,
            body,
            urgency="low",
            timeout=notifications.timeout,
            standalone=True,
        )
        log.info("daily summary of %s: %s", summary.day, body.replace("\n", " "))
        try:
            self._daemon.notifier.send(reminder)
        except NotifyError as error:
            log.warning("cannot show the daily summary (%s)", error)
        except Exception:
            log.exception("notification backend failed on the daily summary")

    def _figures(
        self, summary: DaySummary, tz: tzinfo, bouts: Bouts, keep_days: int
    ) -> Figures | None:
        """The day's figures from the history and the stretch going on; None if unreadable."""
        if not self._history.flush(FLUSH_TIMEOUT):
            log.warning("the history writer is behind; the daily summary may miss a record")
        try:
            read = read_history(
                self._history.path,
                summary.start,
                sitting_since=summary.start - timedelta(days=keep_days),
            )
        except (HistoryDamaged, NewerSchema, OlderSchema, sqlite3.Error, OSError) as error:
            log.warning("no daily summary: cannot read the history (%s)", error)
            return None
        history = read.history
        if summary.ongoing is not None:
            history = replace(history, sitting=(*history.sitting, summary.ongoing))
        figures = span_figures(history, summary.start, summary.end, bouts)
        ended_on = _ended_on(summary, tz)
        figures.streak = period_stats(history, tz, ended_on, ended_on, bouts).totals.streak
        return figures

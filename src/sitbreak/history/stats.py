"""Statistics per local day from the history: pure functions of rows and a time zone.

Definitions (the numbers ``sitbreak stats`` shows):

- **sitting**: the sitting time of every recorded stretch. A stretch that runs past local
  midnight is shared between the days in proportion to its wall-clock time on each. The
  stretch in progress is recorded only when it ends (see **sitting bout** below; after a
  stop, sitbreak records it when it next starts and counts the time it was off as away).
- **longest**: the longest single stretch, counted whole on the local day it started.
- **reminders**: new reminders shown (reason ``due`` or ``held``). A reminder shown again
  (``repeat`` after it was ignored, ``snoozed`` when its snooze ran out) is the same reminder:
  it counts under **repeats**, not as a new one.
- **done**, **snoozes**, **skips**, **dismissed**, **ignored**: outcomes by the day they happened.
- **natural breaks**: times away long enough to count as a break of some kind (the history's
  ``time_away`` rows), on the day they started, when they also ended that local day; time away
  that runs past midnight ends the working day rather than breaking it. (The ``natural_break``
  outcome marks the same moments when a reminder was showing, so it is not counted again.)
- **breaks** = done + natural breaks.
- **followed**: a new reminder of kind K shown at T is *followed by a break* when, after T and
  before the next new reminder of any kind is shown (or, for the last one, at any time later),
  the person either confirmed a break of kind K or larger (``done``, where a stretch counts
  for every smaller kind), or was away long enough for a break of kind K (time away that
  ends after T and starts before that next reminder, end of the day included).
  **followed share** = followed / reminders of the day (none when there were no reminders).
- **trend**: sitting per active day (a day with any sitting or reminders) and the followed
  share, against the period of equal length just before.
- **sitting bout**: one recorded stretch of unbroken sitting. A bout ends with a real break:
  time away at least the smallest break length (idle, screen locked, the machine asleep or
  sitbreak not running), or a confirmed micro-break or stretch ('sitbreak done'; a posture
  check is done sitting and ends nothing). It also ends where active hours end. A pause
  ('sitbreak pause') does not end it: the paused time is not counted, but the bout goes on
  after the resume. A bout counts whole on the local day it started, with the sitting time
  counted in it (not its wall-clock span).
- **long bouts**: bouts of at least ``long_bout`` (``[history] long_bout``, 30 min), by the
  day they started; **longest** is the longest bout.
- **streak**: active days in a row, up to and including the day, on which no bout was longer
  than ``streak_limit`` (``[history] streak_limit``, 60 min). A day with a longer bout sets it
  to 0; days without activity (weekends, days off) neither count nor break it. The totals'
  streak is the one at the period's last day. Today counts as soon as it is active; the bout
  still going on is in the history only once it ends.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sitbreak.core import Away, NotifyReason, Outcome, ReminderShown, Resolution, SittingStretch

__all__ = [
    "Bouts",
    "DayStats",
    "Figures",
    "History",
    "PeriodStats",
    "format_duration",
    "period_stats",
    "span_figures",
    "trend_line",
]

ZERO = timedelta(0)
ONE_DAY = timedelta(days=1)
_NEW = (NotifyReason.DUE, NotifyReason.HELD)
_OUTCOME_FIELDS = {
    Resolution.DONE: "done",
    Resolution.SNOOZED: "snoozes",
    Resolution.SKIPPED: "skips",
    Resolution.DISMISSED: "dismissed",
    Resolution.IGNORED: "ignored",
}


@dataclass(frozen=True)
class History:
    """History rows as the core's record types, in any order."""

    reminders: tuple[ReminderShown, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    away: tuple[Away, ...] = ()
    sitting: tuple[SittingStretch, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing at all was recorded."""
        return not (self.reminders or self.outcomes or self.away or self.sitting)


@dataclass
class Figures:
    """The numbers for one day or one period (see the module docstring for each).

    Mutable because ``period_stats`` tallies into it; treat the ones it returns as read-only.
    """

    sitting: timedelta = ZERO
    longest: timedelta = ZERO
    reminders: int = 0
    repeats: int = 0
    done: int = 0
    natural_breaks: int = 0
    snoozes: int = 0
    skips: int = 0
    dismissed: int = 0
    ignored: int = 0
    followed: int = 0
    long_bouts: int = 0
    streak: int = 0  # active days in a row with no bout over the limit, as of this day

    @property
    def breaks(self) -> int:
        """Breaks taken: confirmed ones plus natural ones."""
        return self.done + self.natural_breaks

    @property
    def followed_share(self) -> float | None:
        """Share of new reminders followed by a break, or None without reminders."""
        return self.followed / self.reminders if self.reminders else None

    @property
    def active(self) -> bool:
        """True when anything was sat or shown."""
        return self.sitting > ZERO or self.reminders > 0

    def add(self, other: Figures) -> None:
        """Fold a later day in: sums, except the longest stretch (the larger) and the streak
        (the later one's)."""
        for field in fields(self):
            name = field.name
            if name == "longest":
                self.longest = max(self.longest, other.longest)
            elif name == "streak":
                self.streak = other.streak
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class DayStats:
    """The figures of one local calendar day."""

    day: date
    figures: Figures


@dataclass(frozen=True)
class PeriodStats:
    """Every day from ``first_day`` to ``last_day`` (oldest first) and their totals."""

    first_day: date
    last_day: date
    days: tuple[DayStats, ...]
    totals: Figures
    active_days: int

    @property
    def sitting_per_active_day(self) -> timedelta | None:
        """Average sitting over the days with any activity, or None when there were none."""
        return self.totals.sitting / self.active_days if self.active_days else None


@dataclass(frozen=True)
class Bouts:
    """What counts as long sitting: a long bout, and the longest bout a streak day may have."""

    long_bout: timedelta = timedelta(minutes=30)
    streak_limit: timedelta = timedelta(minutes=60)


def period_stats(
    history: History, tz: tzinfo, first_day: date, last_day: date, bouts: Bouts | None = None
) -> PeriodStats:
    """Figures per local day in ``tz`` from ``first_day`` to ``last_day``, both included.

    Stretches from before ``first_day`` in ``history`` count only towards the streak.
    """
    bouts = bouts or Bouts()
    count = (last_day - first_day).days + 1
    days = {first_day + timedelta(days=n): Figures() for n in range(max(0, count))}
    for day, amount in _sitting_by_day(history.sitting, tz):
        if day in days:
            days[day].sitting += amount
    for stretch in history.sitting:
        figures = days.get(_local_day(stretch.start, tz))
        if figures is not None:
            figures.longest = max(figures.longest, stretch.sitting)
            if stretch.sitting >= bouts.long_bout:
                figures.long_bouts += 1
    for day, streak in _streaks(history, tz, last_day, bouts.streak_limit):
        if day in days:
            days[day].streak = streak
    _count_reminders(history, tz, days)
    _count_outcomes(history.outcomes, tz, days)
    _count_natural_breaks(history.away, tz, days)
    totals = Figures()
    for figures in days.values():
        totals.add(figures)
    active = sum(1 for figures in days.values() if figures.active)
    ordered = tuple(DayStats(day, figures) for day, figures in sorted(days.items()))
    return PeriodStats(first_day, last_day, ordered, totals, active)


def _local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _sitting_by_day(
    stretches: Iterable[SittingStretch], tz: tzinfo
) -> Iterator[tuple[date, timedelta]]:
    """Each stretch's sitting, shared across the local days its wall-clock span touches."""
    for stretch in stretches:
        start, end = stretch.start.astimezone(UTC), stretch.end.astimezone(UTC)
        day, last = _local_day(start, tz), _local_day(end, tz)
        wall = end - start
        if wall <= ZERO or day == last:
            yield day, stretch.sitting
            continue
        while day <= last:
            low, high = max(start, _midnight(day, tz)), min(end, _midnight(day + ONE_DAY, tz))
            if high > low:
                yield day, stretch.sitting * ((high - low) / wall)
            day += ONE_DAY


def span_figures(history: History, start: datetime, end: datetime, bouts: Bouts) -> Figures:
    """Figures for one stretch of time (a day's active hours), ``start`` to ``end``.

    Unlike a calendar day's, a span may run past midnight (active hours 22:00-06:00). Counted:
    reminders shown, breaks confirmed, and times away long enough for a break that began and
    ended inside it; the bouts (sitting, longest, long bouts) that began inside it. The streak
    is left at 0: it is a matter of calendar days (see ``period_stats``).
    """
    figures = Figures()
    figures.reminders = sum(
        1 for r in history.reminders if r.reason in _NEW and start <= r.shown_at < end
    )
    figures.done = sum(
        1 for o in history.outcomes if o.resolution is Resolution.DONE and start <= o.at < end
    )
    figures.natural_breaks = sum(
        1 for a in history.away if a.kinds and start <= a.start and a.end <= end
    )
    for stretch in history.sitting:
        if start <= stretch.start < end:
            figures.sitting += stretch.sitting
            figures.longest = max(figures.longest, stretch.sitting)
            if stretch.sitting >= bouts.long_bout:
                figures.long_bouts += 1
    return figures


def _streaks(
    history: History, tz: tzinfo, last_day: date, limit: timedelta
) -> Iterator[tuple[date, int]]:
    """The streak at the end of each day up to ``last_day``, from the first day recorded."""
    active = {day for day, amount in _sitting_by_day(history.sitting, tz) if amount > ZERO}
    active |= {_local_day(r.shown_at, tz) for r in history.reminders if r.reason in _NEW}
    broken = {_local_day(s.start, tz) for s in history.sitting if s.sitting > limit}
    if not active:
        return
    day, streak = min(active | broken), 0
    while day <= last_day:
        if day in broken:
            streak = 0
        elif day in active:
            streak += 1
        yield day, streak
        day += ONE_DAY


def _count_reminders(history: History, tz: tzinfo, days: dict[date, Figures]) -> None:
    new = sorted((r for r in history.reminders if r.reason in _NEW), key=lambda r: r.shown_at)
    for reminder in history.reminders:
        figures = days.get(_local_day(reminder.shown_at, tz))
        if figures is None:
            continue
        if reminder.reason in _NEW:
            figures.reminders += 1
        else:
            figures.repeats += 1
    followed = _followed(new, history.outcomes, history.away)
    for reminder, was_followed in zip(new, followed, strict=True):
        figures = days.get(_local_day(reminder.shown_at, tz))
        if figures is not None and was_followed:
            figures.followed += 1


def _followed(
    new: Sequence[ReminderShown], outcomes: Iterable[Outcome], away: Iterable[Away]
) -> list[bool]:
    """For each new reminder (sorted by time shown), whether a break followed it."""
    done = sorted((o for o in outcomes if o.resolution is Resolution.DONE), key=lambda o: o.at)
    done_times = [o.at for o in done]
    # time away never overlaps other time away, so sorted by start it is sorted by end too
    breaks = sorted((a for a in away if a.kinds), key=lambda a: a.start)
    break_starts = [a.start for a in breaks]
    result = []
    for index, reminder in enumerate(new):
        shown = reminder.shown_at
        until = new[index + 1].shown_at if index + 1 < len(new) else None
        low = bisect.bisect_right(done_times, shown)
        high = len(done) if until is None else bisect.bisect_left(done_times, until)
        confirmed = any(o.kind.rank >= reminder.kind.rank for o in done[low:high])
        result.append(confirmed or _away_for(reminder, shown, until, breaks, break_starts))
    return result


def _away_for(
    reminder: ReminderShown,
    shown: datetime,
    until: datetime | None,
    breaks: Sequence[Away],
    starts: Sequence[datetime],
) -> bool:
    """True when time away long enough for the reminder's kind overlaps (shown, until)."""
    position = len(breaks) if until is None else bisect.bisect_left(starts, until)
    for index in range(position - 1, -1, -1):
        away = breaks[index]
        if away.end <= shown:
            return False
        if reminder.kind in away.kinds:
            return True
    return False


def _count_outcomes(outcomes: Iterable[Outcome], tz: tzinfo, days: dict[date, Figures]) -> None:
    for outcome in outcomes:
        name = _OUTCOME_FIELDS.get(outcome.resolution)
        figures = days.get(_local_day(outcome.at, tz))
        if name is not None and figures is not None:
            setattr(figures, name, getattr(figures, name) + 1)


def _count_natural_breaks(away: Iterable[Away], tz: tzinfo, days: dict[date, Figures]) -> None:
    for entry in away:
        day = _local_day(entry.start, tz)
        figures = days.get(day)
        if entry.kinds and figures is not None and _local_day(entry.end, tz) == day:
            figures.natural_breaks += 1


def format_duration(duration: timedelta) -> str:
    """Hours and minutes for tables: ``6h40m``, ``45m``, ``30s`` under a minute, ``0m`` for none."""
    seconds = max(0, round(duration.total_seconds()))
    if 0 < seconds < 60:
        return f"{seconds}s"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def trend_line(current: PeriodStats, previous: PeriodStats) -> str:
    """One sentence comparing sitting per active day and the followed share with before."""
    length = len(current.days)
    average = current.sitting_per_active_day
    if average is None:
        return f"Nothing recorded in these {length} days."
    line = f"Sitting {format_duration(average)} a day on average"
    before = previous.sitting_per_active_day
    if before is None or before <= ZERO:
        return f"{line}; no earlier {length} days to compare with yet."
    change = round((average - before) / before * 100)
    if change == 0:
        line += f", about the same as the {length} days before"
    else:
        more_or_less = "more" if change > 0 else "less"
        line += f", {abs(change)}% {more_or_less} than the {length} days before"
    line += f" ({format_duration(before)})"
    share, share_before = current.totals.followed_share, previous.totals.followed_share
    if share is not None:
        line += f"; {share:.0%} of reminders followed by a break"
        if share_before is not None:
            line += f" (was {share_before:.0%})"
    return line + "."

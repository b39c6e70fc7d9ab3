"""Translate the user's Settings into the core's Policy, and find the time zone to use."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import datetime, tzinfo

from sitbreak.core.policy import KindPolicy, Policy, Schedule
from sitbreak.settings.fields import parse_active_hours, parse_days
from sitbreak.settings.model import Settings
from sitbreak.vocabulary import Kind

__all__ = ["local_timezone", "to_policy"]

log = logging.getLogger(__name__)


def to_policy(settings: Settings, tz: tzinfo) -> Policy:
    """The core's Policy for these settings, with active hours read in ``tz``.

    Zeros keep their meaning: the core never repeats when ``repeat_after`` is 0 and allows
    unlimited snoozes when ``snooze_max_in_a_row`` is 0.
    """
    kinds = {}
    for kind in Kind.by_size():
        reminder = settings.reminders.for_kind(kind)
        kinds[kind] = KindPolicy(reminder.enabled, reminder.every, reminder.break_length)
    notifications = settings.notifications
    return Policy(
        kinds=kinds,
        snooze_default=settings.snooze.default,
        snooze_max_in_a_row=settings.snooze.max_in_a_row,
        repeat_after=notifications.repeat_ignored_after,
        max_repeats=notifications.max_repeats,
        schedule=Schedule(
            hours=parse_active_hours(settings.schedule.active_hours),
            days=parse_days(settings.schedule.active_days),
            tz=tz,
        ),
        wait_for_pause=settings.reminders.wait_for_pause,
        pause_length=settings.reminders.pause_length,
        daily_summary=notifications.daily_summary,
    )


def local_timezone(settings: Settings) -> tzinfo:
    """The configured IANA zone, else the system's zone (tzlocal), else its current UTC offset."""
    if settings.schedule.timezone:
        return zoneinfo.ZoneInfo(settings.schedule.timezone)
    import tzlocal

    try:
        return tzlocal.get_localzone()
    except (LookupError, ValueError, OSError) as error:  # ZoneInfoNotFoundError is a LookupError
        fallback = datetime.now().astimezone().tzinfo
        log.warning("cannot tell the system time zone (%s); using offset %s", error, fallback)
        return fallback if fallback is not None else zoneinfo.ZoneInfo("UTC")

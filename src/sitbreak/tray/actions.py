"""What each menu item does: events into the daemon's dispatch, notes, files, the login entry."""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from importlib import resources
from pathlib import Path

from sitbreak import paths
from sitbreak.core import Done, Event, Kind, Pause, Resume, Schedule, Skip, Snooze, StartGuide
from sitbreak.core.schedule import day_period
from sitbreak.durations import humanize
from sitbreak.notify import Notifier, NotifyError, Reminder
from sitbreak.statusbar.formats import tooltip_lines
from sitbreak.statusbar.view import BarView
from sitbreak.tray.presentation import SNOOZE_FOR, Action

__all__ = [
    "MORNING",
    "TrayHooks",
    "notes_through",
    "pause_tomorrow_until",
    "run_action",
    "starts_at_login",
]

log = logging.getLogger(__name__)

MORNING = time(6)  # when "Until tomorrow" ends without set active hours


@dataclass(frozen=True)
class TrayHooks:
    """What the tray may do in the daemon, handed in by whoever starts it.

    ``dispatch`` returns the core's refusal, if any (None: applied); ``notify`` shows a
    short note (title, text) beside the reminders; ``stop`` ends the daemon; ``schedule``
    gives the active hours and their time zone.
    """

    dispatch: Callable[[Event], str | None]
    notify: Callable[[str, str], None]
    stop: Callable[[], None]
    config_file: Callable[[], Path]
    schedule: Callable[[], Schedule]


def notes_through(notifier: Notifier) -> Callable[[str, str], None]:
    """``TrayHooks.notify`` for a notifier: a short note beside the reminders, gone in 10 s;
    each replaces the tray's previous note rather than stacking under it."""

    def note(title: str, text: str) -> None:
        reminder = Reminder(
            Kind.POSTURE,  # a kind it must have; a standalone note carries no buttons
            "tray-note",
            title,
            text,
            urgency="low",
            timeout=timedelta(seconds=10),
            standalone=True,
            slot="tray",
        )
        try:
            notifier.send(reminder)
        except NotifyError as error:
            log.warning("cannot show the tray's note %r: %s", title, error)

    return note


def pause_tomorrow_until(now: datetime, schedule: Schedule) -> datetime:
    """When "Pause until tomorrow" ends: active hours' start on the next active day (06:00
    without set hours), local time.

    Today is the day whose active time holds ``now``: a night from 22:00 is still the evening
    it began after midnight, so at 02:00 tomorrow is that evening's 22:00 again.
    """
    today, _start, _end = day_period(now, schedule)
    start = MORNING if schedule.hours is None else schedule.hours.start
    day = today + timedelta(days=1)
    for ahead in range(1, 8):
        if (today + timedelta(days=ahead)).weekday() in schedule.days:
            day = today + timedelta(days=ahead)
            break
    return datetime.combine(day, start, tzinfo=schedule.tz)


def _events(action: Action, now: datetime, schedule: Schedule) -> Event | None:
    """The core event a menu item stands for, if it is one."""
    events: dict[Action, Event] = {
        Action.START: StartGuide(),  # the reminder on screen, or the next one
        Action.DONE: Done(),
        Action.SNOOZE: Snooze(SNOOZE_FOR),
        Action.SKIP: Skip(),
        Action.PAUSE_30_MIN: Pause(now + timedelta(minutes=30)),
        Action.PAUSE_1_HOUR: Pause(now + timedelta(hours=1)),
        Action.PAUSE_TOMORROW: Pause(pause_tomorrow_until(now, schedule)),
        Action.RESUME: Resume(),
    }
    return events.get(action)


def run_action(action: Action, view: BarView, hooks: TrayHooks) -> None:
    """Carry out one click; problems end up in a note and the log, never in an exception."""
    schedule = hooks.schedule()
    now = datetime.now(schedule.tz)
    event = _events(action, now, schedule)
    if event is not None:
        refused = hooks.dispatch(event)
        if refused is not None:
            hooks.notify("sitbreak", refused)
        return
    if action is Action.STATUS:
        first, *rest = tooltip_lines(view)
        hooks.notify(first, "\n".join(rest))
    elif action is Action.TODAY:
        hooks.notify("sitbreak today", today_text(schedule.tz, now))
    elif action is Action.SETTINGS:
        problem = open_settings(hooks.config_file())
        if problem is not None:
            hooks.notify("sitbreak settings", problem)
    elif action is Action.AUTOSTART:
        hooks.notify("sitbreak", toggle_autostart(hooks.config_file()))
    elif action is Action.QUIT:
        log.info("quitting: asked from the tray menu")
        hooks.stop()


def today_text(tz: tzinfo, now: datetime) -> str:
    """The day's figures in two or three lines, from the history file."""
    from sitbreak.history.reading import OlderSchema, read_history
    from sitbreak.history.stats import period_stats
    from sitbreak.history.store import history_path

    midnight = datetime.combine(now.astimezone(tz).date(), time(0), tz)
    try:
        read = read_history(history_path(), midnight - timedelta(days=1))
    except (OSError, OlderSchema) as error:
        return f"The history cannot be read: {error}"
    except Exception as error:  # a damaged file: 'sitbreak stats' says more
        log.warning("reading the history for the tray failed: %s", error)
        return f"The history cannot be read ({error}); 'sitbreak stats' tells more."
    today = midnight.date()
    figures = period_stats(read.history, tz, today, today).totals
    if not figures.active:
        return "Nothing recorded yet today."
    lines = [f"Sitting {humanize(figures.sitting)}, longest stretch {humanize(figures.longest)}"]
    breaks = f"{figures.breaks} break{'s' * (figures.breaks != 1)} taken"
    if figures.breaks:
        breaks += f" ({figures.done} confirmed, {figures.natural_breaks} by being away)"
    lines.append(breaks)
    reminders = f"{figures.reminders} reminder{'s' * (figures.reminders != 1)}"
    if figures.reminders:
        reminders += f": {figures.followed} followed by a break"
        held = [(figures.snoozes, "snoozed"), (figures.skips, "skipped")]
        reminders += "".join(f", {count} {word}" for count, word in held if count)
    lines.append(reminders)
    return "\n".join(lines)


def _example_config() -> bytes:
    return (resources.files("sitbreak") / "data" / "config.example.toml").read_bytes()


def open_settings(config_file: Path) -> str | None:
    """Open the settings file in the desktop's editor, first writing the example if none.

    Returns what went wrong, for a note; None when the editor was asked to open it.
    """
    from sitbreak.files import write_atomic

    if not config_file.exists():
        try:
            write_atomic(config_file, _example_config())
        except OSError as error:
            return f"Cannot write {config_file}: {error.strerror or error}"
        log.info(
            "wrote the example settings to %s for the tray's 'Open settings file'", config_file
        )
    try:
        opener = subprocess.Popen(
            ["xdg-open", str(config_file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"Cannot run xdg-open ({error.strerror or error}); the file is {config_file}"
    threading.Thread(target=opener.wait, name="sitbreak-xdg-open", daemon=True).start()
    return None


def starts_at_login() -> bool:
    """Whether a login entry that sitbreak wrote is there and switched on."""
    from sitbreak.autostart import Autostart, AutostartError

    try:
        found = Autostart.for_this_platform().status()
    except AutostartError as error:
        log.debug("cannot tell whether sitbreak starts at login: %s", error)
        return False
    return any(entry.ours and entry.active for entry in found)


def toggle_autostart(config_file: Path) -> str:
    """Write the login entry, or remove it when there is one; say what happened."""
    from sitbreak.autostart import Autostart, AutostartError, current_command, default_method

    autostart = Autostart.for_this_platform()
    try:
        if starts_at_login():
            lines = autostart.disable()
            return "sitbreak no longer starts at login.\n" + "\n".join(lines)
        custom = config_file.exists() and config_file != paths.default_config_file()
        command = current_command(config_file if custom else None)
        lines = autostart.enable(default_method(), command)
    except AutostartError as error:
        return f"The login entry could not be changed: {error}"
    return "sitbreak starts at login from now on.\n" + "\n".join(lines)

"""What the tray's menu items do: "Pause until tomorrow" ends when tomorrow's active time starts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sitbreak.core import ActiveHours, Event, Pause, Schedule
from sitbreak.statusbar.view import project
from sitbreak.tray.actions import TrayHooks, pause_tomorrow_until, run_action
from sitbreak.tray.presentation import Action

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = Schedule(ActiveHours(time(9), time(17, 30)), frozenset(range(5)), BERLIN)
NIGHTS = Schedule(ActiveHours(time(22), time(6)), tz=BERLIN)


def local(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment in Berlin in 2026 (1 March 2026 is a Sunday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def test_without_active_hours_it_lasts_until_six_tomorrow() -> None:
    """Wednesday 15:00 or 23:59, every hour active: Thursday 06:00, not 24 h, not midnight."""
    always = Schedule(tz=BERLIN)
    assert pause_tomorrow_until(local(4, 15), always) == local(5, 6)
    assert pause_tomorrow_until(local(4, 23, 59), always) == local(5, 6)


def test_with_office_hours_it_lasts_until_they_start_on_the_next_working_day() -> None:
    """Wednesday afternoon: Thursday 09:00; Friday afternoon or Saturday: Monday 09:00."""
    assert pause_tomorrow_until(local(4, 15), OFFICE) == local(5, 9)
    assert pause_tomorrow_until(local(6, 16), OFFICE) == local(9, 9)
    assert pause_tomorrow_until(local(7, 11), OFFICE) == local(9, 9)


def test_a_night_past_midnight_is_still_the_evening_it_began() -> None:
    """Active 22:00-06:00: at 02:00 on Tuesday (Monday's night) tomorrow is Tuesday 22:00."""
    assert pause_tomorrow_until(local(3, 2), NIGHTS) == local(3, 22)
    assert pause_tomorrow_until(local(2, 23), NIGHTS) == local(3, 22)


def test_tomorrow_morning_across_the_change_to_summer_time() -> None:
    """Saturday 28 March 20:00 CET: Sunday 06:00 CEST, 9 hours later (not 10, not 24)."""
    until = pause_tomorrow_until(local(28, 20), Schedule(tz=BERLIN))
    assert until == local(29, 6)
    assert until.astimezone(UTC) - local(28, 20).astimezone(UTC) == timedelta(hours=9)


def test_the_menu_item_pauses_until_then() -> None:
    """Clicking "Until tomorrow" dispatches a pause ending at the next day's 09:00 start."""
    sent: list[Event] = []

    def dispatch(event: Event) -> str | None:
        sent.append(event)
        return None

    every_day = Schedule(ActiveHours(time(9), time(17)), tz=BERLIN)
    hooks = TrayHooks(
        dispatch=dispatch,
        notify=lambda _title, _text: None,
        stop=lambda: None,
        config_file=lambda: Path("/nonexistent/config.toml"),
        schedule=lambda: every_day,
    )
    clicked = datetime.now(BERLIN)
    run_action(Action.PAUSE_TOMORROW, project({"state": "active"}, clicked, clicked), hooks)
    [pause] = sent
    assert isinstance(pause, Pause)
    assert pause.until is not None
    assert pause.until.timetz() == time(9, tzinfo=BERLIN)
    tomorrow = clicked.date() + timedelta(days=1)
    assert pause.until.date() in (tomorrow, tomorrow + timedelta(days=1))  # (a click at 23:59:59)

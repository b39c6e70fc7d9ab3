"""End to end: at the end of active hours a real daemon sums the day up on a real dunst."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession

LEAD = 5.0  # seconds, at least, from the reload to the end of active hours


def _clock(moment: datetime) -> str:
    """``HH:MM`` for a window bound; midnight as an end is written 24:00."""
    return "24:00" if (moment.hour, moment.minute) == (0, 0) else f"{moment:%H:%M}"


def hours_ending_soon() -> tuple[str, datetime]:
    """Active hours (UTC) that began 2 h ago and end at the next whole minute LEAD s away."""
    end = (datetime.now(UTC) + timedelta(seconds=LEAD + 60)).replace(second=0, microsecond=0)
    return f"{end - timedelta(hours=2):%H:%M}-{_clock(end)}", end


def test_the_end_of_active_hours_brings_one_summary_without_buttons(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Posture checks every 2 s and one 'done micro', then at the end of active hours a
    low-urgency "Today at the desk" with the breaks, the longest bout and the streak, no
    buttons, not replacing the reminder; 'sitbreak status' then says outside active hours."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(desktop, config)
    try:
        daemon.wait_for_log_count("reminder: posture check", 2)
        assert daemon.cli("done", "micro").returncode == 0
        hours, end = hours_ending_soon()
        settings = f'[schedule]\nactive_hours = "{hours}"\ntimezone = "UTC"\n'
        write_config(config, FAST_POSTURE + settings)
        assert daemon.cli("reload").returncode == 0
        time.sleep(max(0.0, (end - datetime.now(UTC)).total_seconds()))
        daemon.wait_for_log("daily summary of", timeout=30)
        time.sleep(3)  # no second summary
        calls = [call for _, call in desktop.notify_calls()]
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    summaries = [call for call in calls if call.summary.endswith("at the desk")]
    assert len(summaries) == 1
    [summary] = summaries
    assert summary.summary == "Today at the desk"
    breaks, bout, streak = summary.body.split("\n")
    assert breaks == "1 break taken (1 confirmed)."
    assert re.fullmatch(r"Longest sitting bout: \d+ (s|min); .+ of 30 min or more\.", bout)
    assert streak.startswith("Streak: ")
    assert summary.actions == ()
    assert summary.replaces_id == 0
    assert summary.hints["urgency"] == 0
    reminders = [call for call in calls if call.summary.startswith("Posture check")]
    assert len(reminders) >= 2
    assert all(call.actions for call in reminders)
    assert status["state"] == "outside_hours"
    assert "Traceback" not in daemon.log()

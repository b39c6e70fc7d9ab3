"""End to end: a guided stretch on Xvfb + dunst, from Start to done, and Skip halfway."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sitbreak.guidance import load_builtin
from tests.e2e.test_hooks import dump_hook, dumps
from tests.e2e.test_notification_actions import (  # noqa: F401 - dunst_dmenu is a fixture
    dunst_dmenu,
    menu_offered,
    pick_from_dunst_menu,
)
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.notify_calls import NotifyCall
from tests.support.waiting import wait_until

STEPS = ("Left foot back", "Right foot back", "Stand tall")
BUILTIN_STRETCHES = [p.id for p in load_builtin() if p.kind.value == "stretch"]
# A stretch after 3 s of sitting whose one prompt is guided in three steps of 5 s.
QUICK_STRETCH = f"""
[reminders.posture]
enabled = false
[reminders.micro]
enabled = false
[reminders.stretch]
every = "3s"
break_length = "2s"
[guidance]
disabled = {BUILTIN_STRETCHES!r}
[[guidance.custom]]
id = "quick-lunge"
kind = "stretch"
title = "Quick lunge"
text = "Step one foot back, then the other, then stand tall."
caution = "Stop at sharp or radiating pain."
steps = [
    {{ do = "{STEPS[0]}", for = "5s" }},
    {{ do = "{STEPS[1]}", for = "5s" }},
    {{ do = "{STEPS[2]}", for = "5s" }},
]
"""


def history_outcomes(desktop: DesktopSession) -> list[tuple[str, str]]:
    """The (kind, outcome) rows of the daemon's history, oldest first."""
    path = Path(desktop.env["XDG_DATA_HOME"]) / "sitbreak" / "history.sqlite3"
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT kind, outcome FROM outcomes ORDER BY at_ms"))


def reminder_on_screen(desktop: DesktopSession, tmp_path: Path, config: str) -> SitbreakDaemon:
    """A daemon whose first stretch is on screen (after the safety note that comes with it)."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", config))
    [(_note_id, note), (_id, reminder)] = desktop.wait_for_notify_calls(2)
    assert note.summary == "Before your first stretch"
    assert reminder.summary == "Stretch break: Quick lunge"
    return daemon


def guide_calls(desktop: DesktopSession, count: int) -> list[tuple[int, NotifyCall]]:
    """The Notify calls after the reminder (the guide's), once there are ``count`` of them."""
    return desktop.wait_for_notify_calls(2 + count, timeout=60)[2:]


def test_start_in_dunst_walks_the_stretch_step_by_step_to_done(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Start from dunst's menu: three steps and a done note replace the reminder in place
    (one id), each step with a "value" progress hint; history says done; on_break_taken ran."""
    argv, out = dump_hook(tmp_path)
    config = QUICK_STRETCH + f"[hooks]\non_break_taken = {argv}\n"
    daemon = reminder_on_screen(desktop, tmp_path, config)
    try:
        [(reminder_id, _)] = desktop.notify_calls()[1:]
        started = time.monotonic()
        pick_from_dunst_menu(desktop, tmp_path, "Start")
        daemon.wait_for_log("answer from the notification: StartGuide(kind=<Kind.STRETCH")
        assert daemon.status()["state"] == "guided"
        calls = guide_calls(desktop, 4)[:4]  # the next stretch may follow the done note
        took = time.monotonic() - started
        wait_until(lambda: dumps(out), "the on_break_taken hook ran")
        taken = dumps(out)
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    # dunst lists actions in its own (hash) order
    assert sorted(menu_offered(tmp_path)) == ["#Done", "#Skip", "#Snooze 10 min", "#Start"]
    steps, (end_id, end) = calls[:3], calls[3]
    assert [call.summary for _, call in steps] == list(STEPS)
    assert [call.hints["value"] for _, call in steps] == [0, 33, 66]
    assert steps[0][1].body.splitlines()[0] == "5 s · step 1 of 3"
    assert all(call.actions == (("skip", "Skip"),) for _, call in steps)
    assert {notification_id for notification_id, _ in calls} == {reminder_id}
    assert {call.replaces_id for _, call in calls} == {reminder_id}
    assert (end.summary, end.hints["value"], end.actions) == ("Stretch break done", 100, ())
    assert end_id == reminder_id
    assert 14 <= took < 30, "three steps of 5 s"
    assert history_outcomes(desktop)[-1] == ("stretch", "done")
    assert taken[0]["env"]["SITBREAK_EVENT"] == "break_taken"
    assert taken[0]["env"]["SITBREAK_KIND"] == "stretch"
    assert status["state"] != "guided"
    assert "Traceback" not in daemon.log()


def test_sitbreak_skip_on_the_second_step_ends_the_guide(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """'sitbreak start', then 'sitbreak skip' on step 2: the step is closed, history says
    skipped, no done note comes and sitting counts again."""
    # the next stretch comes 8 s after the skip: time to see nothing else come of the guide
    slower = QUICK_STRETCH.replace('every = "3s"', 'every = "8s"')
    daemon = reminder_on_screen(desktop, tmp_path, slower)
    try:
        started = daemon.cli("start")
        assert started.returncode == 0, started.stderr
        assert started.stdout.startswith(
            "Started a guided stretch break: Quick lunge, 3 steps in 15 s. First: Left foot back."
        )
        guide_calls(desktop, 2)
        guided = daemon.status()
        skipped = daemon.cli("skip")
        assert skipped.returncode == 0, skipped.stderr
        wait_until(  # only the safety note stays, until closed
            lambda: desktop.run(["dunstctl", "count", "displayed"]).stdout.strip() == "1",
            "the step taken down",
        )
        time.sleep(6)  # past the step's end: nothing more comes of the guide
        after = daemon.status()
        calls = desktop.notify_calls()[2:]
    finally:
        assert daemon.terminate() == 0
    assert guided["state"] == "guided"
    guide = guided["guide"]
    assert isinstance(guide, dict)
    assert (guide["step"], guide["steps"], guide["text"]) == (2, 3, "Right foot back")
    assert skipped.stdout.startswith("Ended the guided stretch break (logged as skipped)")
    assert [call.summary for _, call in calls[:2]] == list(STEPS[:2])
    assert "Stretch break done" not in [call.summary for _, call in calls]
    assert history_outcomes(desktop)[-1] == ("stretch", "skipped")
    assert after["state"] != "guided"
    assert after["guide"] is None

"""Control replies: each says what the core did, read from the effects of its own dispatch."""

from __future__ import annotations

from pathlib import Path

from sitbreak.control.protocol import Request
from sitbreak.daemon.control_handler import ControlHandler
from tests.support.manual_daemon import ManualDaemon

CONFIG = """
[reminders.posture]
enabled = false
[reminders.micro]
every = "30m"
[reminders.stretch]
every = "50m"
"""


def _handler(tmp_path: Path) -> tuple[ManualDaemon, ControlHandler]:
    manual = ManualDaemon(tmp_path, CONFIG)
    return manual, ControlHandler(manual.daemon, lambda: None, lambda: None, lambda: "none")


def _message(handler: ControlHandler, cmd: str, **args: object) -> str:
    reply = handler(Request(cmd, args))
    assert reply["ok"] is True, reply
    return str(reply["message"])


def test_done_without_a_kind_names_the_reminder_on_screen(tmp_path: Path) -> None:
    """'done' with the micro-break showing counts a micro-break; with nothing showing, too."""
    manual, handler = _handler(tmp_path)
    manual.at(0)
    assert _message(handler, "done").startswith("Well done: micro-break counted;")
    manual.at(31)
    assert manual.daemon.state.pending is not None
    assert _message(handler, "done").startswith("Well done: micro-break counted;")
    assert manual.daemon.state.pending is None


def test_done_of_a_kind_names_that_kind(tmp_path: Path) -> None:
    """'done stretch' counts a stretch break whatever is showing."""
    manual, handler = _handler(tmp_path)
    manual.at(0)
    assert _message(handler, "done", kind="stretch").startswith("Well done: stretch break")


def test_resume_says_whether_anything_was_held(tmp_path: Path) -> None:
    """'resume' with no pause or snooze says so; after a pause it says WokeFromSleep."""
    manual, handler = _handler(tmp_path)
    manual.at(0)
    assert _message(handler, "resume").startswith("Nothing was paused or snoozed;")
    _message(handler, "pause")
    assert _message(handler, "resume").startswith("Resumed;")


def test_snooze_and_skip_name_the_reminder_they_acted_on(tmp_path: Path) -> None:
    """With the micro-break showing, snooze and skip name it; snoozing nothing says reminders."""
    manual, handler = _handler(tmp_path)
    manual.at(0)
    assert _message(handler, "snooze", duration="5m").startswith("Snoozed reminders until")
    _message(handler, "resume")
    manual.at(31)
    assert _message(handler, "snooze", duration="5m").startswith("Snoozed the micro-break until")
    assert _message(handler, "skip").startswith("Skipped the micro-break;")

"""End to end: the seeds' safety note comes with the first stretch a person ever gets, once."""

from __future__ import annotations

import json
from pathlib import Path

from sitbreak.guidance import SAFETY_NOTE, SAFETY_TITLE
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession

# Stretch breaks every 3 s and nothing else, never repeated.
FAST_STRETCH = """
[reminders.posture]
enabled = false
[reminders.micro]
enabled = false
[reminders.stretch]
every = "3s"
break_length = "1s"
[notifications]
repeat_ignored_after = "0s"
"""


def test_the_first_stretch_brings_the_safety_note_once_per_user(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Note, then stretches; the state remembers it, so a restarted daemon never shows it again."""
    config = write_config(tmp_path / "config.toml", FAST_STRETCH)
    daemon = SitbreakDaemon(desktop, config)
    try:
        first = desktop.wait_for_notifications(3, timeout=30)
    finally:
        assert daemon.terminate() == 0
    assert [n.summary == SAFETY_TITLE for n in first][:3] == [True, False, False]
    note = first[0]
    assert note.body == SAFETY_NOTE
    assert note.actions == ()
    assert all(n.actions for n in first[1:])
    assert daemon.log().count("the safety note goes with this first stretch") == 1
    state = Path(desktop.env["XDG_STATE_HOME"]) / "sitbreak" / "state.json"
    assert json.loads(state.read_text(encoding="utf-8"))["safety_note_shown"] is True

    again = SitbreakDaemon(desktop, config)
    try:
        later = desktop.wait_for_notifications(2, timeout=30)
    finally:
        assert again.terminate() == 0
    assert [n.summary for n in later if n.summary == SAFETY_TITLE] == []

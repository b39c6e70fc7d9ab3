"""End to end: buttons on a real reminder in dunst drive the real daemon, as the CLI does."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.support.daemon import SitbreakDaemon, sitbreak_argv, write_config
from tests.support.desktop import DesktopSession
from tests.support.fake_notifications import FakeNotificationServer
from tests.support.notify_calls import NotifyCall
from tests.support.tools import require_tools
from tests.support.waiting import wait_until

# A micro-break after 8 s of sitting; nothing repeats for 5 min, so a reminder stays pending
# until it is answered, and after an answer the next one is 8 s away: time to look at status.
SLOW_MICRO = """
[reminders.posture]
enabled = false
[reminders.micro]
every = "8s"
break_length = "2s"
[reminders.stretch]
enabled = false
"""

FAST_POSTURE = """
[reminders.posture]
every = "2s"
break_length = "1s"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[notifications]
urgency = "critical"
"""


@pytest.fixture
def dunst_dmenu(tmp_path: Path) -> str:
    """A dmenu stand-in for dunst: logs the menu it is given, prints the line for `choice`."""
    script = tmp_path / "pick-action"
    script.write_text(
        "#!/bin/sh\n"
        "# dunst offers one line per action, e.g. '#Snooze 10 min (Stand up) [3,snooze]'\n"
        'menu="$(cat)"\n'
        f"printf '%s\\n' \"$menu\" >> '{tmp_path}/menu.log'\n"
        f"label=\"$(cat '{tmp_path}/choice')\"\n"
        'printf \'%s\\n\' "$menu" | grep -m1 -F "#$label ("\n'
    )
    script.chmod(0o755)
    return str(script)


def pick_from_dunst_menu(desktop: DesktopSession, tmp_path: Path, label: str) -> None:
    """Open dunst's context menu and choose the action labelled `label` (dunst does it later)."""
    (tmp_path / "choice").write_text(label)
    result = desktop.run(["dunstctl", "context"])
    assert result.returncode == 0, result.stderr


def menu_offered(tmp_path: Path) -> list[str]:
    """The action names dunst offered in its menu, once it has run the picker."""
    lines = (tmp_path / "menu.log").read_text().splitlines()
    return [line.split(" (")[0] for line in lines]


# The same, with reminders that stay on screen until closed: only a close can take them down.
SLOW_MICRO_KEPT = SLOW_MICRO + '[notifications]\ntimeout = "0s"\n'


def start_with_pending_micro(
    desktop: DesktopSession, tmp_path: Path, config: str = SLOW_MICRO
) -> SitbreakDaemon:
    """A daemon whose first micro-break reminder is on screen and pending."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", config))
    desktop.wait_for_notify_calls(1)
    assert daemon.status()["pending"] == "micro"
    return daemon


def displayed(desktop: DesktopSession) -> int:
    """How many notifications dunst shows right now."""
    return int(desktop.run(["dunstctl", "count", "displayed"]).stdout)


def test_reminder_carries_three_buttons_and_the_spec_hints(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Done, Snooze 10 min, Skip; critical urgency, our category, desktop entry and icon."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", FAST_POSTURE))
    try:
        [(_id, call), *_] = desktop.wait_for_notify_calls(1)
    finally:
        assert daemon.terminate() == 0
    assert call.app_name == "sitbreak"
    assert call.actions == (("done", "Done"), ("snooze", "Snooze 10 min"), ("skip", "Skip"))
    assert call.hints["urgency"] == 2
    assert call.hints["category"] == "x-sitbreak.reminder"
    assert call.hints["desktop-entry"] == "sitbreak"
    assert call.app_icon.startswith("file://")
    assert call.app_icon.endswith("/sitbreak.svg")
    assert call.expire_timeout_ms == 30_000
    assert "with Done, Snooze and Skip buttons" in daemon.log()


def test_snooze_chosen_in_dunst_snoozes_the_daemon(desktop: DesktopSession, tmp_path: Path) -> None:
    """dunst's menu lists our four actions; picking "Snooze 10 min" snoozes the reminder."""
    daemon = start_with_pending_micro(desktop, tmp_path)
    try:
        pick_from_dunst_menu(desktop, tmp_path, "Snooze 10 min")
        daemon.wait_for_log("answer from the notification: Snooze")
        status = daemon.status()
        assert displayed(desktop) == 0, "the answered reminder is taken down"
    finally:
        assert daemon.terminate() == 0
    assert sorted(menu_offered(tmp_path)) == ["#Done", "#Skip", "#Snooze 10 min", "#Start"]
    assert status["state"] == "snoozed"
    snoozed_until = datetime.fromisoformat(str(status["snoozed_until"]))
    assert snoozed_until > datetime.now().astimezone() + timedelta(minutes=9)


def test_done_chosen_in_dunst_resets_the_sitting_timer(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Picking "Done" counts the micro-break: nothing pending, sitting back near zero."""
    daemon = start_with_pending_micro(desktop, tmp_path)
    try:
        sitting_before = daemon.status()["sitting_seconds"]
        pick_from_dunst_menu(desktop, tmp_path, "Done")
        daemon.wait_for_log("answer from the notification: Done(kind=<Kind.MICRO")
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    assert sorted(menu_offered(tmp_path)) == ["#Done", "#Skip", "#Snooze 10 min", "#Start"]
    assert isinstance(sitting_before, int)
    assert sitting_before >= 8
    assert status["pending"] is None
    assert isinstance(status["sitting_seconds"], int)
    assert status["sitting_seconds"] < 8
    upcoming = status["next"]
    assert isinstance(upcoming, dict)
    assert upcoming["kind"] == "micro"


def test_closing_the_reminder_in_dunst_answers_it_as_dismissed(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """`dunstctl close` (dunst sends reason 2: dismissed by the user) ends the pending reminder."""
    daemon = start_with_pending_micro(desktop, tmp_path)
    try:
        assert desktop.run(["dunstctl", "close"]).returncode == 0
        daemon.wait_for_log("answer from the notification: Dismissed()")
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    assert status["pending"] is None, "a dismissed reminder does not repeat"
    assert isinstance(status["sitting_seconds"], int)
    assert status["sitting_seconds"] >= 8, "a dismissal is no break"


def test_a_new_reminder_replaces_the_one_on_screen(desktop: DesktopSession, tmp_path: Path) -> None:
    """Two reminders in a row: the second Notify names the first's id, and dunst keeps it."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "config.toml", FAST_POSTURE))
    try:
        (first_id, _first), (second_id, second), *_ = desktop.wait_for_notify_calls(2)
        on_screen = displayed(desktop)
    finally:
        assert daemon.terminate() == 0
    assert second.replaces_id == first_id == second_id
    assert on_screen == 1


def test_actions_false_sends_reminders_without_buttons(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """`[notifications] actions = false`: a plain reminder, still through D-Bus."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE + "actions = false\n")
    daemon = SitbreakDaemon(desktop, config)
    try:
        [(_id, call), *_] = desktop.wait_for_notify_calls(1)
    finally:
        assert daemon.terminate() == 0
    assert call.actions == ()
    assert call.hints["category"] == "x-sitbreak.reminder"


def test_a_server_without_buttons_gets_a_plain_notification(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """A server whose capabilities lack "actions" gets plain reminders (through plyer)."""
    require_tools({"notify-send": "libnotify-bin"})
    server = FakeNotificationServer(bare_bus.bus_address, ["body", "body-markup"])
    daemon = SitbreakDaemon(bare_bus, write_config(tmp_path / "config.toml", FAST_POSTURE))
    try:
        [first, *_] = server.wait_for_calls(1)
    finally:
        assert daemon.terminate() == 0
        server.stop()
    assert first.call.app_name == "sitbreak"
    assert first.call.actions == ()
    assert "shows no buttons on notifications; sending through plyer" in daemon.log()


def test_try_sends_a_reminder_with_buttons_and_exits(desktop: DesktopSession) -> None:
    """`sitbreak try` shows the buttons real reminders get and returns without waiting for them.

    A stretch comes after the safety note, which has no buttons and replaces nothing.
    """
    done = desktop.run(sitbreak_argv("try", "stretch"))

    assert done.returncode == 0, done.stderr
    assert "via freedesktop" in done.stdout
    [(_, note), (_, call)] = desktop.wait_for_notify_calls(2)
    assert (note.actions, note.replaces_id) == ((), 0)
    assert [key for key, _label in call.actions] == ["start", "done", "snooze", "skip"]
    assert displayed(desktop) == 2, "both stay on screen after try exits"


def test_reload_switches_buttons_off_and_relabels_snooze(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """`sitbreak reload` passes a new `[snooze] default` and `actions = false` to the buttons."""
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(desktop, config)
    try:
        desktop.wait_for_notify_calls(1)
        write_config(config, FAST_POSTURE + '[snooze]\ndefault = "25m"\n')
        assert daemon.cli("reload").returncode == 0
        relabelled = wait_for_call_with(desktop, lambda c: ("snooze", "Snooze 25 min") in c.actions)
        write_config(config, FAST_POSTURE + "actions = false\n")
        assert daemon.cli("reload").returncode == 0
        plain = wait_for_call_with(desktop, lambda c: c.actions == ())
    finally:
        assert daemon.terminate() == 0
    assert relabelled.hints["category"] == plain.hints["category"] == "x-sitbreak.reminder"


def wait_for_call_with(
    desktop: DesktopSession, wanted: Callable[[NotifyCall], bool], timeout: float = 30.0
) -> NotifyCall:
    """The first Notify call so far that `wanted` accepts, waiting for one to come."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [call for _id, call in desktop.notify_calls() if wanted(call)]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no such Notify call within {timeout} s: {desktop.notify_calls()}")


@pytest.mark.parametrize("command", [("done",), ("skip",), ("snooze",), ("pause", "10m")])
def test_a_reminder_answered_elsewhere_leaves_the_screen(
    desktop: DesktopSession, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`sitbreak done`, `skip`, `snooze` or `pause` closes the reminder dunst shows."""
    daemon = start_with_pending_micro(desktop, tmp_path, SLOW_MICRO_KEPT)
    try:
        assert displayed(desktop) == 1
        assert daemon.cli(*command).returncode == 0
        wait_until(lambda: displayed(desktop) == 0, f"the reminder closed after {command}")
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
    assert status["pending"] is None or status["state"] == "snoozed"


def test_a_button_on_a_withdrawn_reminder_changes_nothing(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """Snoozed from the command line, then Done pressed on the old notification: still snoozed."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions", "body"])
    daemon = SitbreakDaemon(bare_bus, write_config(tmp_path / "config.toml", SLOW_MICRO_KEPT))
    try:
        [shown] = server.wait_for_calls(1)
        wait_until(lambda: daemon.status()["pending"] == "micro", "the pending micro-break")
        assert daemon.cli("snooze").returncode == 0
        assert server.wait_for_close_calls(1) == [shown.id]
        server.invoke_action(shown.id, "done")
        time.sleep(2)  # time for a stale answer to arrive, were it taken
        status = daemon.status()
    finally:
        assert daemon.terminate() == 0
        server.stop()
    assert status["state"] == "snoozed"
    assert "answer from the notification" not in daemon.log()

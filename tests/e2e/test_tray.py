"""End to end: the real daemon's tray item on a private session bus, driven as a panel drives it.

A stand-in StatusNotifierWatcher (``tests/support/sni_watcher.py``) plays the panel's registry;
the calls a host makes (``GetLayout``, ``Event``, ``Activate``, property reads) go over the
real bus from another connection, and the daemon's state is read back with ``sitbreak status``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitbreak.dbus import Bus, BusError, Match, Signal, Target
from tests.support.daemon import SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.sni_watcher import StandInWatcher
from tests.support.waiting import wait_until

MENU = "com.canonical.dbusmenu"
ITEM = "org.kde.StatusNotifierItem"
PROPERTIES = "org.freedesktop.DBus.Properties"
PAUSE_30_MIN, RESUME, SNOOZE, DONE = 6, 9, 3, 2

MICRO_EVERY_HOUR = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "1h"
"""


@pytest.fixture
def panel(desktop: DesktopSession) -> Iterator[Bus]:
    """A connection of our own to the session bus, as a panel's host has."""
    bus = Bus(desktop.bus_address, label="host", reconnect=False)
    try:
        yield bus
    finally:
        bus.close()


def _item(daemon: SitbreakDaemon) -> str:
    return f"org.kde.StatusNotifierItem-{daemon.pid}-1"


def _layout_labels(node: tuple[int, dict[str, Any], list[Any]]) -> dict[str, dict[str, Any]]:
    """Every labelled item of a GetLayout answer, by label, with its unwrapped properties."""
    _id, properties, children = node
    found: dict[str, dict[str, Any]] = {}
    values = {key: value for key, (_signature, value) in properties.items()}
    if "label" in values:
        found[values["label"]] = {"id": _id, **values}
    for _signature, child in children:
        found.update(_layout_labels(child))
    return found


def _menu(panel: Bus, name: str) -> dict[str, dict[str, Any]]:
    revision, layout = panel.call(Target(name, "/MenuBar", MENU), "GetLayout", "iias", (0, -1, []))
    assert revision >= 1
    return _layout_labels(layout)


def _click(panel: Bus, name: str, item_id: int) -> None:
    panel.call(Target(name, "/MenuBar", MENU), "Event", "isvu", (item_id, "clicked", ("s", ""), 0))


def test_item_registers_and_its_menu_pauses_and_resumes_the_daemon(
    desktop: DesktopSession, panel: Bus, tmp_path: Path
) -> None:
    """The item registers with the watcher; menu clicks over the bus pause and resume."""
    watcher = StandInWatcher(desktop.bus_address)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    try:
        name = _item(daemon)
        wait_until(lambda: watcher.items == [f"{name}/StatusNotifierItem"], "the item registers")
        item = Target(name, "/StatusNotifierItem", ITEM)
        assert panel.get_property(item, "Menu") == "/MenuBar"
        assert panel.get_property(item, "Status") == "Active"
        icons = panel.get_property(item, "IconPixmap")
        assert [(width, height) for width, height, _data in icons][:4] == [
            (16, 16),
            (22, 22),
            (24, 24),
            (32, 32),
        ]
        assert all(len(data) == 4 * width * height for width, height, data in icons)
        _icon, _pixmaps, title, text = panel.get_property(item, "ToolTip")
        assert title == "sitbreak"
        assert "Next: micro-break at" in text

        menu = _menu(panel, name)
        assert menu["Resume"]["enabled"] is False
        assert menu["Skip"]["enabled"] is False
        assert menu["For 30 min"]["id"] == PAUSE_30_MIN
        assert menu["Start at login"]["toggle-type"] == "checkmark"
        assert "Quit sitbreak" in menu

        announced: list[Signal] = []
        panel.subscribe(Match(sender=name, member="LayoutUpdated"), announced.append)
        new_icons: list[Signal] = []
        panel.subscribe(Match(sender=name, member="NewIcon"), new_icons.append)
        _click(panel, name, PAUSE_30_MIN)
        wait_until(lambda: daemon.status()["state"] == "paused", "the click pauses the daemon")
        wait_until(lambda: announced and new_icons, "the menu and the icon are announced anew")
        resume = next(label for label in _menu(panel, name) if label.startswith("Resume"))
        assert "paused until" in resume
        assert _menu(panel, name)[resume]["enabled"] is True

        _click(panel, name, _menu(panel, name)[resume]["id"])
        wait_until(lambda: daemon.status()["state"] == "active", "the click resumes")
    finally:
        daemon.terminate()
        watcher.stop()
    log = daemon.log()
    assert "tray icon registered with the StatusNotifierWatcher" in log
    assert "Traceback" not in log


def test_left_click_and_today_show_notes(
    desktop: DesktopSession, panel: Bus, tmp_path: Path
) -> None:
    """Activate (a left click) shows the status, and Today the day's figures, as notifications."""
    watcher = StandInWatcher(desktop.bus_address)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    try:
        name = _item(daemon)
        wait_until(lambda: watcher.items, "the item registers")
        panel.call(Target(name, "/StatusNotifierItem", ITEM), "Activate", "ii", (0, 0))
        (note,) = desktop.wait_for_notifications(1)
        assert note.summary == "Counting your sitting time"
        assert "Next: micro-break at" in note.body
        _click(panel, name, _menu(panel, name)["Today"]["id"])
        _id, today = desktop.wait_for_notify_calls(2)[-1]  # it replaced the first note
        assert today.summary == "sitbreak today"
        assert today.body.startswith(("Sitting", "Nothing recorded yet today"))
    finally:
        daemon.terminate()
        watcher.stop()


def _on_screen(desktop: DesktopSession) -> int:
    """How many notifications dunst shows or holds back now."""
    counts = [desktop.run(["dunstctl", "count", which]) for which in ("displayed", "waiting")]
    return sum(int(result.stdout) for result in counts)


def test_notes_from_the_tray_replace_each_other(
    desktop: DesktopSession, panel: Bus, tmp_path: Path
) -> None:
    """Three left clicks and Today: one note on dunst's screen, each replacing the last."""
    watcher = StandInWatcher(desktop.bus_address)
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    try:
        name = _item(daemon)
        wait_until(lambda: watcher.items, "the item registers")
        for clicks in range(1, 4):
            panel.call(Target(name, "/StatusNotifierItem", ITEM), "Activate", "ii", (0, 0))
            desktop.wait_for_notify_calls(clicks)
        _click(panel, name, _menu(panel, name)["Today"]["id"])
        calls = desktop.wait_for_notify_calls(4)
        assert [call.summary for _id, call in calls] == ["Counting your sitting time"] * 3 + [
            "sitbreak today"
        ]
        first_id = calls[0][0]
        assert [call.replaces_id for _id, call in calls] == [0, first_id, first_id, first_id]
        assert _on_screen(desktop) == 1
    finally:
        daemon.terminate()
        watcher.stop()


def test_item_registers_when_a_watcher_appears_later_and_after_it_restarts(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """Started before any panel, the item registers once a watcher comes, and with the next."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    try:
        daemon.wait_for_log("no tray on this desktop yet")
        entry = f"{_item(daemon)}/StatusNotifierItem"
        for _panel_start in range(2):
            watcher = StandInWatcher(desktop.bus_address)
            wait_until(
                lambda items=watcher.items: items == [entry],
                "the item registers with the new watcher",
            )
            watcher.stop()
        assert daemon.process.is_running()
    finally:
        daemon.terminate()


def test_tray_enabled_false_shows_no_item(desktop: DesktopSession, tmp_path: Path) -> None:
    """[tray] enabled = false: no item name on the bus and nothing registered."""
    watcher = StandInWatcher(desktop.bus_address)
    config = write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR + "[tray]\nenabled = false\n")
    daemon = SitbreakDaemon(desktop, config)
    try:
        assert daemon.cli("pause", "5m").returncode == 0
        assert not desktop.name_has_owner(_item(daemon))
        assert watcher.registrations == []
    finally:
        daemon.terminate()
        watcher.stop()


def test_doctor_tells_whether_a_tray_is_there_and_the_icon_registered(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """doctor: no tray is info; with a panel, the host and the daemon's registered icon are OK."""
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    watcher = None
    try:
        alone = daemon.cli("doctor")
        assert "info  tray: no tray on this desktop now" in alone.stdout, alone.stdout
        watcher = StandInWatcher(desktop.bus_address)
        wait_until(lambda: watcher is not None and watcher.items, "the item registers")
        shown = daemon.cli("doctor")
        assert "OK    tray: a tray host is present (watcher :" in shown.stdout, shown.stdout
        name = _item(daemon)
        assert f"OK    tray: the daemon's icon is registered ({name})" in shown.stdout
    finally:
        daemon.terminate()
        if watcher is not None:
            watcher.stop()


def test_item_registers_again_after_the_session_bus_restarts(
    bare_bus: DesktopSession, tmp_path: Path
) -> None:
    """dbus-daemon killed and a new bus at the same address: the item is back in the new tray."""
    first = StandInWatcher(bare_bus.bus_address)
    daemon = SitbreakDaemon(bare_bus, write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR))
    try:
        entry = f"{_item(daemon)}/StatusNotifierItem"
        wait_until(lambda: first.items == [entry], "the item registers")
        bare_bus.restart_bus()
        first.stop()
        second = StandInWatcher(bare_bus.bus_address)
        try:
            wait_until(lambda: second.items == [entry], "the item registers on the new bus")
            assert bare_bus.name_has_owner(_item(daemon))
        finally:
            second.stop()
    finally:
        assert daemon.terminate() == 0
    log = daemon.log()
    assert "connected to the session D-Bus bus again" in log
    assert "Traceback" not in log


def test_menu_opens_settings_toggles_login_start_and_quits(
    desktop: DesktopSession, panel: Bus, tmp_path: Path
) -> None:
    """Open settings writes the example and hands it to xdg-open; Start at login ticks; Quit."""
    opened = tmp_path / "opened.txt"
    tools = tmp_path / "bin"  # xdg-open as a desktop has it, minus the editor window
    tools.mkdir()
    (tools / "xdg-open").write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    (tools / "xdg-open").chmod(0o755)
    desktop.env["PATH"] = f"{tools}:{desktop.env['PATH']}"
    watcher = StandInWatcher(desktop.bus_address)
    config = Path(desktop.env["XDG_CONFIG_HOME"]) / "sitbreak" / "config.toml"
    assert not config.exists()  # the defaults apply until the menu writes the example
    daemon = SitbreakDaemon(desktop)
    try:
        name = _item(daemon)
        wait_until(lambda: watcher.items, "the item registers")
        _click(panel, name, _menu(panel, name)["Open settings file"]["id"])
        wait_until(opened.exists, "xdg-open is run")
        assert opened.read_text(encoding="utf-8").split() == [str(config)]
        example = Path(__file__).parents[2] / "config.example.toml"
        assert config.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")

        assert _menu(panel, name)["Start at login"]["toggle-state"] == 0
        _click(panel, name, _menu(panel, name)["Start at login"]["id"])
        wait_until(lambda: _menu(panel, name)["Start at login"]["toggle-state"] == 1, "ticked")
        assert daemon.cli("autostart", "status").stdout.startswith("Autostart is on (xdg).")
        _click(panel, name, _menu(panel, name)["Start at login"]["id"])
        wait_until(lambda: _menu(panel, name)["Start at login"]["toggle-state"] == 0, "unticked")

        with pytest.raises(BusError, match="InvalidArgs"):
            _click(panel, name, 999)
        _click(panel, name, _menu(panel, name)["Quit sitbreak"]["id"])
        assert daemon.process.popen.wait(30) == 0
    finally:
        daemon.stop()
        watcher.stop()
    assert "quitting: asked from the tray menu" in daemon.log()


def test_reload_turns_the_tray_on_and_off(desktop: DesktopSession, tmp_path: Path) -> None:
    """[tray] enabled changed in the file: the icon comes and goes without a restart."""
    watcher = StandInWatcher(desktop.bus_address)
    config = write_config(tmp_path / "c.toml", MICRO_EVERY_HOUR + "[tray]\nenabled = false\n")
    daemon = SitbreakDaemon(desktop, config)
    try:
        assert not desktop.name_has_owner(_item(daemon))
        assert (
            daemon.cli("config", "set", "--config", str(config), "tray.enabled", "true").returncode
            == 0
        )
        wait_until(lambda: watcher.items, "the icon appears")
        assert (
            daemon.cli("config", "set", "--config", str(config), "tray.enabled", "false").returncode
            == 0
        )
        wait_until(lambda: not watcher.items, "the icon goes")
        assert not desktop.name_has_owner(_item(daemon))
    finally:
        daemon.terminate()
        watcher.stop()

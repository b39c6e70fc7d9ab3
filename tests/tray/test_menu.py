"""The dbusmenu over a real private bus: what hosts call besides GetLayout and Event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitbreak.dbus import Bus, BusError, Match, Signal, Target
from sitbreak.tray.menu import MENU_INTERFACE, MENU_PATH, DBusMenu
from sitbreak.tray.presentation import Action, Entry
from tests.support.desktop import DesktopSession
from tests.support.waiting import wait_until

NAME = "org.sitbreak.MenuTest"
MENU = Target(NAME, MENU_PATH, MENU_INTERFACE)


class Served:
    """A menu whose items a test changes, and the clicks it received."""

    def __init__(self, bus: Bus) -> None:
        self.entries: tuple[Entry, ...] = (
            Entry(Action.HEADING, "Next: micro-break", enabled=False),
            Entry(None, key=1),
            Entry(Action.SKIP, "Skip", enabled=False),
            Entry(Action.PAUSE, "Pause", children=(Entry(Action.PAUSE_30_MIN, "For 30 min"),)),
            Entry(Action.AUTOSTART, "Start at login", checked=True),
        )
        self.clicks: list[Action] = []
        self.menu = DBusMenu(bus, lambda: self.entries, self.clicks.append)
        bus.export(MENU_PATH, self.menu.interface)


@pytest.fixture
def served(bare_bus: DesktopSession) -> Iterator[tuple[Served, Bus]]:
    """The menu served under NAME, and a host's connection to call it."""
    server = Bus(bare_bus.bus_address, label="menu")
    host = Bus(bare_bus.bus_address, label="host")
    try:
        served = Served(server)
        assert server.request_name(NAME)
        yield served, host
    finally:
        host.close()
        server.close()


def test_group_properties_and_single_properties(served: tuple[Served, Bus]) -> None:
    """GetGroupProperties gives the asked items (only the asked properties); GetProperty one."""
    _served, host = served
    (found,) = host.call(MENU, "GetGroupProperties", "aias", ([5, 12], ["label"]))
    assert found == [(5, {"label": ("s", "Pause")}), (12, {"label": ("s", "Start at login")})]
    (toggle,) = host.call(MENU, "GetProperty", "is", (12, "toggle-state"))
    assert toggle == ("i", 1)
    with pytest.raises(BusError, match="no property"):
        host.call(MENU, "GetProperty", "is", (12, "icon-data"))


def test_only_enabled_leaf_items_act(served: tuple[Served, Bus]) -> None:
    """Clicks on a disabled item, a submenu or the heading do nothing; an unknown id is an error."""
    menu, host = served
    for item in (4, 5, 1):
        host.call(MENU, "Event", "isvu", (item, "clicked", ("s", ""), 0))
    host.call(MENU, "Event", "isvu", (6, "hovered", ("s", ""), 0))
    host.call(MENU, "Event", "isvu", (6, "clicked", ("s", ""), 0))
    (errors,) = host.call(
        MENU,
        "EventGroup",
        "a(isvu)",
        ([(12, "clicked", ("s", ""), 0), (77, "clicked", ("s", ""), 0)],),
    )
    assert errors == [77]
    wait_until(lambda: menu.clicks == [Action.PAUSE_30_MIN, Action.AUTOSTART], "the two clicks")


def test_about_to_show_brings_a_new_revision_when_the_items_changed(
    served: tuple[Served, Bus],
) -> None:
    """Unchanged items: AboutToShow says no update; changed: yes, LayoutUpdated, new revision."""
    menu, host = served
    (first, _layout) = host.call(MENU, "GetLayout", "iias", (0, -1, []))
    assert host.call(MENU, "AboutToShow", "i", (0,)) == (False,)
    updates: list[Signal] = []
    host.subscribe(Match(sender=NAME, member="LayoutUpdated"), updates.append)
    menu.entries = (Entry(Action.SKIP, "Skip this micro-break"),)
    assert host.call(MENU, "AboutToShow", "i", (0,)) == (True,)
    (second, layout) = host.call(MENU, "GetLayout", "iias", (0, -1, []))
    assert second == first + 1
    assert [child[1][1]["label"] for child in layout[2]] == [("s", "Skip this micro-break")]
    wait_until(lambda: updates, "LayoutUpdated")
    assert updates[0].body == (second, 0)
    assert host.get_property(Target(NAME, MENU_PATH, MENU_INTERFACE), "Version") == 3

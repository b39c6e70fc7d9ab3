"""`sitbreak doctor` on dunst: the buttons need dunst's dmenu program, so its absence is named."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitbreak.dunst_menu import DEFAULT_DMENU, config_files, dmenu_setting
from tests.support.daemon import sitbreak_argv
from tests.support.desktop import DesktopSession

MISSING = "/nonexistent/dmenu -p dunst:"


@pytest.fixture
def dunst_dmenu() -> str:
    """This module's dunst runs a dmenu program that is not installed."""
    return MISSING


def test_doctor_warns_when_dunst_cannot_open_the_buttons(desktop: DesktopSession) -> None:
    """dunst's dmenu program is missing: a WARN naming it and the dunstrc, with the fix."""
    done = subprocess.run(
        sitbreak_argv("doctor"), env=desktop.env, capture_output=True, text=True, check=False
    )
    dunstrc = Path(desktop.env["XDG_CONFIG_HOME"]) / "dunst" / "dunstrc"
    assert (
        f"WARN  notifications: dunst shows a reminder's Done, Snooze and Skip through its dmenu"
        f" program '{MISSING}' (set in {dunstrc}), which is not installed"
    ) in done.stdout
    assert "fix: install dmenu (apt install suckless-tools) or rofi" in done.stdout


def test_dunstrc_search_and_the_dmenu_value(tmp_path: Path) -> None:
    """-config wins; else the user's dunstrc and its drop-ins (last wins); quotes come off."""
    config_home = tmp_path / "config"
    main = config_home / "dunst" / "dunstrc"
    (main.parent / "dunstrc.d").mkdir(parents=True)
    main.write_text('[global]\n    dmenu = "/usr/bin/rofi -dmenu"\n', encoding="utf-8")
    drop_in = main.parent / "dunstrc.d" / "50-menu.conf"
    drop_in.write_text("[global]\ndmenu = /opt/menu\n[urgency_low]\ndmenu = ignored\n")
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(config_home), "XDG_CONFIG_DIRS": "/x"}
    assert config_files(["dunst"], env) == [main, drop_in]
    assert dmenu_setting([main]) == "/usr/bin/rofi -dmenu"
    assert dmenu_setting([main, drop_in]) == "/opt/menu"
    assert config_files(["dunst", "-config", "/etc/mine"], env) == [Path("/etc/mine")]
    assert dmenu_setting([tmp_path / "none"]) == DEFAULT_DMENU

"""Autostart entries on disk and in a fake registry: written once, removed only if ours."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitbreak.autostart import Autostart, AutostartError, LaunchCommand, Method
from sitbreak.autostart.launchd import LaunchAgent
from sitbreak.autostart.manage import trouble
from sitbreak.autostart.systemd import Systemctl, SystemctlResult, SystemdUnit, render_unit
from sitbreak.autostart.windows import VALUE_NAME, WindowsRun
from sitbreak.autostart.xdg import XdgAutostart, render_desktop_entry

COMMAND = LaunchCommand(sys.executable)
FOREIGN_DESKTOP = "[Desktop Entry]\nType=Application\nName=My sitbreak\nExec=sitbreak run\n"


class FakeSystemctl(Systemctl):
    """Records ``systemctl --user`` calls and does what enable/disable do to the wants link."""

    def __init__(self, unit_dir: Path, *, usable: bool = True) -> None:
        """Act on ``unit_dir``; with ``usable=False`` every call fails as if systemctl were gone."""
        super().__init__(program="systemctl" if usable else None)
        self.unit_dir = unit_dir
        self.usable = usable
        self.calls: list[tuple[str, ...]] = []

    def run(self, *args: str) -> SystemctlResult:
        """Record the call; enable and disable manage the link as systemctl would."""
        self.calls.append(args)
        if not self.usable:
            return SystemctlResult(
                False, f"systemctl --user {' '.join(args)}", "systemctl is not on PATH"
            )
        link = self.unit_dir / "graphical-session.target.wants" / "sitbreak.service"
        if args[0] == "enable":
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(self.unit_dir / "sitbreak.service")
        elif args[0] == "disable":
            link.unlink()
        return SystemctlResult(True, f"systemctl --user {' '.join(args)}")


class FakeRunKey:
    """An in-memory Run key."""

    def __init__(self) -> None:
        """Start empty."""
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        """The value, or None."""
        return self.values.get(name)

    def set(self, name: str, text: str) -> None:
        """Store the value."""
        self.values[name] = text

    def delete(self, name: str) -> None:
        """Drop the value."""
        del self.values[name]


def test_xdg_enable_twice_changes_nothing(tmp_path: Path) -> None:
    """The second install leaves the file byte for byte and time for time as it was."""
    entry = XdgAutostart(tmp_path)
    assert entry.install(COMMAND) == [f"Wrote {entry.path}."]
    before = (entry.path.read_bytes(), entry.path.stat().st_mtime_ns, entry.path.stat().st_ino)
    assert entry.install(COMMAND) == [f"Already enabled (xdg): {entry.path} is up to date."]
    after = (entry.path.read_bytes(), entry.path.stat().st_mtime_ns, entry.path.stat().st_ino)
    assert after == before
    found = entry.find()
    assert found is not None
    assert found.ours
    assert found.command == COMMAND
    assert found.healthy


def test_xdg_install_updates_an_entry_for_another_config(tmp_path: Path) -> None:
    """Enabling with another --config rewrites sitbreak's own entry and says so."""
    entry = XdgAutostart(tmp_path)
    entry.install(COMMAND)
    other = LaunchCommand(sys.executable, str(tmp_path / "other.toml"))
    assert entry.install(other) == [f"Updated {entry.path}."]
    found = entry.find()
    assert found is not None
    assert found.command == other


def test_foreign_desktop_file_is_never_replaced_or_removed(tmp_path: Path) -> None:
    """A sitbreak.desktop without the marker survives install and uninstall, and is named."""
    entry = XdgAutostart(tmp_path)
    entry.path.parent.mkdir(parents=True)
    entry.path.write_text(FOREIGN_DESKTOP, encoding="utf-8")
    with pytest.raises(AutostartError, match="sitbreak did not write it"):
        entry.install(COMMAND)
    assert entry.uninstall() == [f"Left {entry.path} alone: sitbreak did not write it."]
    assert entry.path.read_text(encoding="utf-8") == FOREIGN_DESKTOP


def test_xdg_entry_switched_off_by_the_desktop_is_reported(tmp_path: Path) -> None:
    """Hidden=true (or X-GNOME-Autostart-enabled=false) on sitbreak's file reads as switched off."""
    entry = XdgAutostart(tmp_path)
    entry.install(COMMAND)
    text = entry.path.read_text(encoding="utf-8")
    entry.path.write_text(text + "Hidden=true\n", encoding="utf-8")
    found = entry.find()
    assert found is not None
    assert not found.active
    assert trouble(found) == "switched off in the desktop's startup settings"


def test_entry_whose_interpreter_is_gone_is_broken(tmp_path: Path) -> None:
    """An entry pointing at a deleted venv is ours but not healthy, and the fix is named."""
    entry = XdgAutostart(tmp_path)
    gone = LaunchCommand(str(tmp_path / "deleted-venv" / "bin" / "python"))
    entry.path.parent.mkdir(parents=True)
    entry.path.write_text(render_desktop_entry(gone), encoding="utf-8")
    found = entry.find()
    assert found is not None
    assert found.ours
    assert not found.healthy
    assert trouble(found) == (
        f"it runs {gone.interpreter}, which is gone;"
        " run 'sitbreak autostart enable' with the sitbreak you use"
    )


def test_systemd_install_reloads_and_enables_then_uninstall_disables(tmp_path: Path) -> None:
    """The unit is written, systemd re-reads and enables it; removal disables it first."""
    unit_dir = tmp_path / "systemd" / "user"
    systemctl = FakeSystemctl(unit_dir)
    entry = SystemdUnit(tmp_path, systemctl)
    entry.install(COMMAND)
    assert systemctl.calls == [("daemon-reload",), ("enable", "sitbreak.service")]
    found = entry.find()
    assert found is not None
    assert found.healthy
    assert entry.install(COMMAND)[0].startswith("Already enabled (systemd)")
    assert len(systemctl.calls) == 2, "an unchanged, enabled unit needs no systemctl call"
    entry.uninstall()
    assert systemctl.calls[2:] == [("disable", "sitbreak.service"), ("daemon-reload",)]
    assert not entry.path.exists()
    assert not entry.wants_link.is_symlink()


def test_systemd_without_systemctl_says_what_to_run(tmp_path: Path) -> None:
    """No systemctl: the unit is written, the exact commands are named, status says not enabled."""
    unit_dir = tmp_path / "systemd" / "user"
    entry = SystemdUnit(tmp_path, FakeSystemctl(unit_dir, usable=False))
    lines = entry.install(COMMAND)
    assert "(or run: systemctl --user daemon-reload)" in lines[1]
    assert lines[2] == (
        "Could not enable sitbreak.service (systemctl is not on PATH);"
        " run: systemctl --user enable sitbreak.service"
    )
    found = entry.find()
    assert found is not None
    assert not found.active
    assert trouble(found) == "not enabled; run: systemctl --user enable sitbreak.service"


def test_systemd_uninstall_without_systemctl_removes_its_own_link(tmp_path: Path) -> None:
    """With systemctl gone, the wants link to sitbreak's unit is removed by hand with the unit."""
    unit_dir = tmp_path / "systemd" / "user"
    SystemdUnit(tmp_path, FakeSystemctl(unit_dir)).install(COMMAND)
    entry = SystemdUnit(tmp_path, FakeSystemctl(unit_dir, usable=False))
    lines = entry.uninstall()
    assert lines[0] == f"Removed {entry.wants_link} (systemctl is not on PATH)."
    assert not entry.wants_link.is_symlink()
    assert not entry.path.exists()


def _linux_autostart(config_home: Path) -> Autostart:
    unit_dir = config_home / "systemd" / "user"
    return Autostart(
        {
            Method.XDG: XdgAutostart(config_home),
            Method.SYSTEMD: SystemdUnit(config_home, FakeSystemctl(unit_dir)),
        }
    )


def test_enabling_one_method_replaces_sitbreaks_entry_of_the_other(tmp_path: Path) -> None:
    """XDG then systemd: the desktop file goes, so sitbreak never starts twice; and back again."""
    autostart = _linux_autostart(tmp_path)
    autostart.enable(Method.XDG, COMMAND)
    lines = autostart.enable(Method.SYSTEMD, COMMAND)
    assert "Replaced the xdg entry, so sitbreak starts only once:" in lines
    assert [found.method for found in autostart.status()] == [Method.SYSTEMD]
    autostart.enable(Method.XDG, COMMAND)
    assert [found.method for found in autostart.status()] == [Method.XDG]
    assert not (tmp_path / "systemd" / "user" / "sitbreak.service").exists()


def test_enabling_leaves_a_foreign_entry_of_the_other_method_and_warns(tmp_path: Path) -> None:
    """A hand-written unit stays when XDG is enabled, with a note about starting twice."""
    unit = tmp_path / "systemd" / "user" / "sitbreak.service"
    unit.parent.mkdir(parents=True)
    handmade = render_unit(COMMAND).replace("X-Sitbreak-Generated=true\n", "")
    unit.write_text(handmade, encoding="utf-8")
    lines = _linux_autostart(tmp_path).enable(Method.XDG, COMMAND)
    assert any(line.startswith(f"Note: {unit} was not written by sitbreak") for line in lines)
    assert unit.read_text(encoding="utf-8") == handmade


def test_disable_with_nothing_there_says_where_it_looked(tmp_path: Path) -> None:
    """Disabling when nothing is enabled is fine and names both places."""
    lines = _linux_autostart(tmp_path).disable()
    assert lines[0].startswith("Nothing to remove: no autostart entry found (")
    assert str(tmp_path / "autostart" / "sitbreak.desktop") in lines[0]


def test_launch_agent_install_twice_and_remove(tmp_path: Path) -> None:
    """The LaunchAgent is written once, recognised by its marker, and removed."""
    entry = LaunchAgent(tmp_path / "LaunchAgents", tmp_path / "Logs" / "daemon.log")
    entry.install(COMMAND)
    assert (tmp_path / "Logs").is_dir(), "launchd does not create the log folder itself"
    data = entry.path.read_bytes()
    assert entry.install(COMMAND)[0].startswith("Already enabled (launchd)")
    assert entry.path.read_bytes() == data
    found = entry.find()
    assert found is not None
    assert found.healthy
    assert entry.uninstall() == [f"Removed {entry.path}."]


def test_windows_run_value_install_twice_and_foreign_value() -> None:
    """The Run value is written once; a value that does not run sitbreak's module is left."""
    key = FakeRunKey()
    entry = WindowsRun(key)
    entry.install(COMMAND)
    value = key.values[VALUE_NAME]
    assert entry.install(COMMAND)[0].startswith("Already enabled (windows)")
    assert key.values[VALUE_NAME] == value
    found = entry.find()
    assert found is not None
    assert found.ours
    assert found.command == COMMAND
    assert entry.uninstall() == [f"Removed {entry.location}."]
    key.values[VALUE_NAME] = r'"C:\Tools\sitbreak.exe" --quiet'
    assert entry.uninstall() == [f"Left {entry.location} alone: sitbreak did not write it."]
    with pytest.raises(AutostartError, match="does not run sitbreak's module"):
        entry.install(COMMAND)
    assert key.values[VALUE_NAME] == r'"C:\Tools\sitbreak.exe" --quiet'

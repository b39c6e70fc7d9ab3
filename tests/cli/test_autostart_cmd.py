"""``sitbreak autostart enable|disable|status`` as a person runs them, in a private home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sitbreak.autostart import LaunchCommand
from sitbreak.autostart.xdg import render_desktop_entry
from tests.support.tools import require_tool
from tests.support.user_env import UserEnvironment

FOREIGN_DESKTOP = "[Desktop Entry]\nType=Application\nName=Mine\nExec=sitbreak run\n"


def _desktop_file(user: UserEnvironment) -> Path:
    return user.config_home / "autostart" / "sitbreak.desktop"


def _unit(user: UserEnvironment) -> Path:
    return user.config_home / "systemd" / "user" / "sitbreak.service"


def test_enable_status_disable_with_xdg(user: UserEnvironment) -> None:
    """Enable writes the desktop file for this interpreter; status sees it; disable removes it."""
    done = user.run("autostart", "enable")
    assert done.returncode == 0, done.stderr
    desktop = _desktop_file(user)
    assert f"Exec={os.path.abspath(sys.executable)} -m sitbreak run\n" in desktop.read_text()
    assert f"sitbreak starts at login (xdg): {os.path.abspath(sys.executable)}" in done.stdout
    status = user.run("autostart", "status")
    assert status.returncode == 0
    assert status.stdout.startswith("Autostart is on (xdg).")
    assert f"interpreter: {os.path.abspath(sys.executable)} (exists)" in status.stdout
    done = user.run("autostart", "disable")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Removed {desktop}."
    assert not desktop.exists()
    status = user.run("autostart", "status")
    assert status.returncode == 1
    assert status.stdout.startswith("Autostart is off. Turn it on with: sitbreak autostart enable")


def test_enable_twice_changes_nothing(user: UserEnvironment) -> None:
    """The second enable reports the entry up to date and leaves the file untouched."""
    assert user.run("autostart", "enable").returncode == 0
    desktop = _desktop_file(user)
    before = (desktop.read_bytes(), desktop.stat().st_mtime_ns)
    done = user.run("autostart", "enable")
    assert done.returncode == 0
    assert f"Already enabled (xdg): {desktop} is up to date." in done.stdout
    assert (desktop.read_bytes(), desktop.stat().st_mtime_ns) == before


def test_enable_with_config_puts_its_absolute_path_in_the_entry(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """--config names the file by absolute path, quoted when it has spaces."""
    config = tmp_path / "my settings" / "sitbreak.toml"
    config.parent.mkdir()
    config.write_text("[snooze]\ndefault = '5m'\n", encoding="utf-8")
    done = user.run("autostart", "enable", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert f'--config "{config}"\n' in _desktop_file(user).read_text()
    status = user.run("autostart", "status")
    assert f"settings: {config} (exists)" in status.stdout


def test_enable_refuses_a_missing_config_and_notes_sitbreak_config(user: UserEnvironment) -> None:
    """A --config that does not exist is a usage error; $SITBREAK_CONFIG gets a note."""
    done = user.run("autostart", "enable", "--config", "/nonexistent/config.toml")
    assert done.returncode == 2
    assert "--config /nonexistent/config.toml: no such file" in done.stderr
    assert not _desktop_file(user).exists()
    config = user.root / "elsewhere.toml"
    config.write_text("", encoding="utf-8")
    done = user.run("autostart", "enable", env={"SITBREAK_CONFIG": str(config)})
    assert done.returncode == 0
    assert "a login entry does not see this shell's variables; pass --config" in done.stdout


def test_enable_warns_when_the_settings_would_stop_the_daemon(user: UserEnvironment) -> None:
    """Broken settings do not block enabling, but the output says the daemon would refuse them."""
    user.config_file.parent.mkdir(parents=True)
    user.config_file.write_text('[snooze]\ndefault = "soon"\n', encoding="utf-8")
    done = user.run("autostart", "enable")
    assert done.returncode == 0
    assert "at login sitbreak would refuse these settings" in done.stdout
    assert f"{user.config_file}:2: snooze.default" in done.stdout


def test_foreign_desktop_file_is_left_alone_and_said_so(user: UserEnvironment) -> None:
    """disable keeps a sitbreak.desktop without the marker; enable will not overwrite it."""
    desktop = _desktop_file(user)
    desktop.parent.mkdir(parents=True)
    desktop.write_text(FOREIGN_DESKTOP, encoding="utf-8")
    done = user.run("autostart", "disable")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Left {desktop} alone: sitbreak did not write it."
    done = user.run("autostart", "enable")
    assert done.returncode == 1
    assert f"{desktop} exists but sitbreak did not write it" in done.stderr
    status = user.run("autostart", "status", env={"PATH": str(user.root / "empty")})
    assert status.stdout.startswith("Autostart is off: the entry below was not written by sitbreak")
    assert "  problem: it runs sitbreak, which is not found" in status.stdout
    assert desktop.read_text(encoding="utf-8") == FOREIGN_DESKTOP


def test_status_reports_an_entry_whose_interpreter_is_gone(user: UserEnvironment) -> None:
    """An entry written by a since-deleted venv: status exits 1, says MISSING and how to fix."""
    desktop = _desktop_file(user)
    desktop.parent.mkdir(parents=True)
    gone = str(user.root / "old-venv" / "bin" / "python")
    desktop.write_text(render_desktop_entry(LaunchCommand(gone)), encoding="utf-8")
    status = user.run("autostart", "status")
    assert status.returncode == 1
    assert status.stdout.startswith("Autostart is broken")
    assert f"interpreter: {gone} (MISSING)" in status.stdout
    assert "run 'sitbreak autostart enable' with the sitbreak you use" in status.stdout


def test_systemd_method_enables_the_unit_and_replaces_xdg(user: UserEnvironment) -> None:
    """--method systemd writes and enables the unit (systemctl works offline) and drops XDG."""
    require_tool("systemctl", "systemd")
    assert user.run("autostart", "enable").returncode == 0
    done = user.run("autostart", "enable", "--method", "systemd")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Enabled sitbreak.service for graphical-session.target." in done.stdout
    assert "Replaced the xdg entry, so sitbreak starts only once:" in done.stdout
    assert not _desktop_file(user).exists()
    wants = _unit(user).parent / "graphical-session.target.wants" / "sitbreak.service"
    assert wants.resolve() == _unit(user).resolve()
    status = user.run("autostart", "status")
    assert status.stdout.startswith("Autostart is on (systemd).")
    done = user.run("autostart", "enable")
    assert "Replaced the systemd entry" in done.stdout
    assert not _unit(user).exists()
    assert not wants.is_symlink()


def test_systemd_without_systemctl_names_the_commands(user: UserEnvironment) -> None:
    """With no systemctl on PATH the unit is written and the exact commands to run are given."""
    no_tools = user.root / "empty-bin"
    no_tools.mkdir()
    done = user.run("autostart", "enable", "--method", "systemd", env={"PATH": str(no_tools)})
    assert done.returncode == 1
    assert "run: systemctl --user enable sitbreak.service" in done.stdout
    assert "(or run: systemctl --user daemon-reload)" in done.stdout
    assert "autostart is not working yet: not enabled" in done.stderr
    assert _unit(user).is_file()


def test_method_of_another_platform_is_a_usage_error(user: UserEnvironment) -> None:
    """--method launchd on Linux exits 2 and names the methods that work here."""
    done = user.run("autostart", "enable", "--method", "launchd")
    assert done.returncode == 2
    assert "--method launchd does not work on this system; use xdg, systemd" in done.stderr


def test_a_working_hand_written_entry_is_reported_on(user: UserEnvironment) -> None:
    """`Exec=sitbreak run` written by hand, sitbreak on PATH: status says on, and exits 0."""
    bin_dir = user.root / "bin"
    bin_dir.mkdir()
    (bin_dir / "sitbreak").symlink_to(Path(sys.executable).with_name("sitbreak"))
    desktop = _desktop_file(user)
    desktop.parent.mkdir(parents=True)
    desktop.write_text(
        "[Desktop Entry]\nType=Application\nName=sitbreak\nExec=sitbreak run\n", encoding="utf-8"
    )
    env = {"PATH": f"{bin_dir}:{user.env['PATH']}"}
    status = user.run("autostart", "status", env=env)
    assert status.returncode == 0, status.stdout
    first = status.stdout.splitlines()[0]
    assert first == "Autostart is on (xdg, by an entry sitbreak did not write and leaves alone)."
    assert "  runs: sitbreak run" in status.stdout
    assert "  switched on: yes" in status.stdout
    assert "problem" not in status.stdout
    desktop.write_text(desktop.read_text() + "Hidden=true\n", encoding="utf-8")
    status = user.run("autostart", "status", env=env)
    assert status.returncode == 1
    assert status.stdout.startswith("Autostart is off: the entry below was not written by sitbreak")
    assert "  problem: switched off in the desktop's startup settings" in status.stdout

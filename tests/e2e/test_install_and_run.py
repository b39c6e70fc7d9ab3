"""End to end: the README's one install command leaves a `sitbreak` that any terminal can run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.desktop import DesktopSession
from tests.support.terminal import TerminalProcess

REPO = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT = 420.0


def fresh_checkout(root: Path) -> Path:
    """The files a clone has that installing needs, copied under ``root``."""
    checkout = root / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".venv")
    for name in ("src", "scripts"):
        shutil.copytree(REPO / name, checkout / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, checkout / name)
    return checkout


@pytest.mark.skipif(shutil.which("pipx") is not None, reason="pipx installs instead of a link")
def test_install_and_run_links_sitbreak_into_local_bin_and_says_when_not_on_path(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """No pipx: a .venv, a ~/.local/bin/sitbreak link, a PATH note, then the daemon's welcome."""
    checkout = fresh_checkout(tmp_path)
    home_bin = Path(desktop.env["HOME"]) / ".local" / "bin"
    terminal = TerminalProcess(["bash", str(checkout / "scripts" / "install-and-run")], desktop.env)
    try:
        screen = terminal.wait_for("Log: ", timeout=INSTALL_TIMEOUT)
        print(screen)  # the first run as a newcomer sees it, for the record
        link = home_bin / "sitbreak"
        assert link.is_symlink()
        assert link.resolve() == (checkout / ".venv" / "bin" / "sitbreak").resolve()
        assert f"Note: {home_bin} is not on your PATH" in screen
        assert f"See a reminder now:  {link} try" in screen
        on_path = {**desktop.env, "PATH": f"{home_bin}:{desktop.env['PATH']}"}
        status = subprocess.run(
            ["sitbreak", "status"], env=on_path, capture_output=True, text=True, check=False
        )
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith("sitbreak is running")
        assert terminal.interrupt() == 0
    finally:
        terminal.close()


def test_install_and_run_is_still_one_command() -> None:
    """The README names the script, and the script ends by running the daemon."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "scripts/install-and-run\n" in readme
    script = (REPO / "scripts" / "install-and-run").read_text(encoding="utf-8")
    assert script.rstrip().endswith('exec "$command_path" run "$@"')

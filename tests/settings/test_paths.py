"""Where sitbreak keeps its files: the XDG variables, read when asked rather than at import."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from sitbreak import paths

pytestmark = pytest.mark.skipif(
    sys.platform in ("darwin", "win32"), reason="XDG locations apply to Linux and the BSDs"
)


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every XDG base variable at a folder under tmp_path."""
    for name in ("CONFIG", "STATE", "DATA", "RUNTIME"):
        folder = tmp_path / name.lower()
        folder.mkdir(mode=0o700)
        variable = "XDG_RUNTIME_DIR" if name == "RUNTIME" else f"XDG_{name}_HOME"
        monkeypatch.setenv(variable, str(folder))
    return tmp_path


def test_config_paths_follow_xdg_config_home(xdg: Path) -> None:
    """The config folder and default file live under $XDG_CONFIG_HOME/sitbreak."""
    assert paths.config_dir() == xdg / "config" / "sitbreak"
    assert paths.default_config_file() == xdg / "config" / "sitbreak" / "config.toml"


def test_state_data_and_log_paths_follow_xdg(xdg: Path) -> None:
    """State, data and logs follow $XDG_STATE_HOME and $XDG_DATA_HOME."""
    assert paths.state_dir() == xdg / "state" / "sitbreak"
    assert paths.data_dir() == xdg / "data" / "sitbreak"
    assert paths.log_dir() == xdg / "state" / "sitbreak" / "log"


def test_runtime_dir_follows_xdg_runtime_dir(xdg: Path) -> None:
    """The control socket's folder is $XDG_RUNTIME_DIR/sitbreak."""
    assert paths.runtime_dir() == xdg / "runtime" / "sitbreak"


def test_paths_change_when_the_variables_change(
    xdg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call reads the environment again, so nothing is fixed at import time."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert paths.config_dir() == tmp_path / "elsewhere" / "sitbreak"


def test_runtime_dir_without_xdg_runtime_dir_is_private_to_the_user(
    xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unset XDG_RUNTIME_DIR falls back to /run/user/<uid>/sitbreak if that exists, else state."""
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    session = Path("/run/user") / str(os.getuid())
    owned = session.is_dir() and session.stat().st_uid == os.getuid()
    expected = session / "sitbreak" if owned else xdg / "state" / "sitbreak" / "run"
    assert paths.runtime_dir() == expected


def test_relative_xdg_runtime_dir_is_ignored(xdg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative XDG_RUNTIME_DIR is invalid by the XDG spec and is not used."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", "relative/run")
    assert paths.runtime_dir().is_absolute()

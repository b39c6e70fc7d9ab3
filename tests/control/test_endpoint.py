"""Where the control endpoint lives, and which server serves it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.support.control import sample_handler
from sitbreak.control.endpoint import default_endpoint, fallback_runtime_dir, socket_path
from sitbreak.control.serve import make_server
from sitbreak.control.server import ControlServer
from sitbreak.control.windows_pipe import pipe_name
from sitbreak.control.windows_pipe_server import PipeServer


def test_socket_path_is_inside_the_runtime_dir() -> None:
    """The control socket is control.sock in the given runtime directory."""
    assert socket_path(Path("/run/user/1000/sitbreak")) == Path(
        "/run/user/1000/sitbreak/control.sock"
    )


def test_fallback_uses_xdg_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """With XDG_RUNTIME_DIR set, the runtime dir is its sitbreak subdirectory."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/1000")
    assert fallback_runtime_dir() == Path("/run/user/1000/sitbreak")
    assert default_endpoint() == Path("/run/user/1000/sitbreak/control.sock")


@pytest.mark.parametrize("value", [None, "", "relative/dir"])
def test_fallback_without_usable_xdg_is_per_user_temp(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    """Without a usable XDG_RUNTIME_DIR, a per-user directory under the temp dir is used."""
    if value is None:
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    else:
        monkeypatch.setenv("XDG_RUNTIME_DIR", value)
    expected = Path(tempfile.gettempdir()) / f"sitbreak-{os.geteuid()}"
    assert fallback_runtime_dir() == expected


def test_make_server_picks_the_transport(short_dir: Path) -> None:
    """A path gets the Unix socket server and a pipe name the Windows pipe server."""
    assert isinstance(make_server(short_dir / "c.sock", sample_handler), ControlServer)
    assert isinstance(make_server(pipe_name("alice"), sample_handler), PipeServer)

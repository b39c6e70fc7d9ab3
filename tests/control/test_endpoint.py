"""Where the control endpoint lives, and which server serves it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitbreak.control.endpoint import client_endpoint, default_endpoint, socket_path
from sitbreak.control.server import ControlServer, make_server
from sitbreak.control.windows_pipe import PipeServer, pipe_name
from tests.support.control import sample_handler


def test_socket_path_is_inside_the_runtime_dir() -> None:
    """The control socket is control.sock in the given runtime directory."""
    assert socket_path(Path("/run/user/1000/sitbreak")) == Path(
        "/run/user/1000/sitbreak/control.sock"
    )


def test_default_endpoint_uses_xdg_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """With XDG_RUNTIME_DIR set, the socket is control.sock in its sitbreak subdirectory."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/1000")
    assert default_endpoint() == Path("/run/user/1000/sitbreak/control.sock")


def test_make_server_picks_the_transport(short_dir: Path) -> None:
    """A path gets the Unix socket server and a pipe name the Windows pipe server."""
    assert isinstance(make_server(short_dir / "c.sock", sample_handler), ControlServer)
    assert isinstance(make_server(pipe_name("alice"), sample_handler), PipeServer)


def test_client_endpoint_matches_the_daemon_endpoint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With no daemon's record to read, the CLI's endpoint is where a daemon here would listen."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/4242")
    assert client_endpoint() == os.fspath(default_endpoint())
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert client_endpoint() == os.fspath(default_endpoint())

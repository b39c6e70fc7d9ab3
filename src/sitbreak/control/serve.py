"""Pick the control server for an endpoint (a Unix socket or a Windows pipe) and check its place."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from sitbreak.control.private_dir import ensure_private_dir
from sitbreak.control.replies import Handler
from sitbreak.control.server import ControlServer
from sitbreak.control.socket_file import remove_stale_socket
from sitbreak.control.windows_pipe_server import PipeServer

__all__ = ["Server", "make_server", "prepare_endpoint"]


class Server(Protocol):
    """What the daemon needs from either control server."""

    def start(self) -> None:
        """Start serving on a background thread."""

    def close(self) -> None:
        """Stop serving and release the endpoint."""

    def publish(self, obj: Mapping[str, object]) -> None:
        """Push ``obj`` to every subscriber without blocking."""


def make_server(endpoint: Path | str, handler: Handler, *, read_timeout: float = 2.0) -> Server:
    """A not-yet-started server for ``endpoint`` (from ``endpoint.default_endpoint()``)."""
    if isinstance(endpoint, str):
        return PipeServer(endpoint, handler, read_timeout=read_timeout)
    return ControlServer(endpoint, handler, read_timeout=read_timeout)


def prepare_endpoint(endpoint: Path | str) -> None:
    """Make the socket's private folder and clear a stale socket, before anything else starts.

    Raises an OSError whose message says what is wrong and how to fix it: a folder that is a
    link or another user's, a runtime folder that cannot be written, something that is not a
    socket where the socket goes, or another daemon listening there. Pipes need nothing.
    """
    if isinstance(endpoint, Path):
        ensure_private_dir(endpoint.parent)
        remove_stale_socket(endpoint)

"""Pick the control server for an endpoint: a Unix socket server or a Windows pipe server."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from sitbreak.control.replies import Handler
from sitbreak.control.server import ControlServer
from sitbreak.control.windows_pipe_server import PipeServer

__all__ = ["Server", "make_server"]


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

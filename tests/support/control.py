"""Shared pieces of the control endpoint tests: a small handler and raw-socket helpers."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from sitbreak.control.protocol import Request

__all__ = ["connect_raw", "read_reply", "sample_handler"]

WAIT = 10.0


def sample_handler(request: Request) -> dict[str, object]:
    """Answer ping, echo, fail (raises), subscribe and malformed-reply commands."""
    if request.cmd == "ping":
        return {"ok": True, "pong": True}
    if request.cmd == "echo":
        return {"ok": True, "args": dict(request.args)}
    if request.cmd == "fail":
        raise RuntimeError("the handler exploded on purpose")
    if request.cmd == "subscribe":
        return {"ok": True, "subscribe": True}
    if request.cmd == "not-json":
        return {"ok": True, "value": object()}
    return {"ok": False, "code": "unknown_command", "error": f"unknown command {request.cmd!r}"}


def connect_raw(path: Path, *, timeout: float = WAIT) -> socket.socket:
    """A plain blocking client socket connected to the server at ``path``."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(str(path))
    return sock


def read_reply(sock: socket.socket) -> dict[str, object] | None:
    """The next JSON line from ``sock``, or None if the server closed the connection first."""
    data = b""
    while not data.endswith(b"\n"):
        try:
            chunk = sock.recv(1)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            return None
        data += chunk
    reply = json.loads(data)
    assert isinstance(reply, dict)
    return reply

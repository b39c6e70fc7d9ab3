"""The CLI's side of the control endpoint: send one command, or follow pushed updates."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator, Mapping

from sitbreak.control.protocol import (
    TOO_SLOW,
    DaemonNotRunning,
    LineBuffer,
    ProtocolError,
    decode_message,
    decode_reply,
    encode_request,
    remaining,
)

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from typing import TypeAlias

    from sitbreak.control.protocol import LineStream

    # A Unix socket path, or a Windows pipe name (``\\.\pipe\...``).
    Endpoint: TypeAlias = "os.PathLike[str] | str"

__all__ = [
    "DaemonNotRunning",
    "ProtocolError",
    "Subscription",
    "request",
    "subscribe",
]

_PIPE_PREFIX = "\\\\.\\pipe\\"


def request(
    path: Endpoint,
    cmd: str,
    args: Mapping[str, object] | None = None,
    *,
    timeout: float = 5.0,
) -> dict[str, object]:
    """Send one command and return the daemon's reply (``{"ok": ...}``); TimeoutError if slow."""
    deadline = time.monotonic() + timeout
    stream = _connect(path, timeout)
    try:
        return decode_reply(_exchange(stream, encode_request(cmd, args), deadline))
    finally:
        stream.close()


def subscribe(
    path: Endpoint, *, timeout: float = 5.0, push_timeout: float | None = None
) -> Subscription:
    """Subscribe to pushed updates; iterate the result to get each one as it arrives."""
    deadline = time.monotonic() + timeout
    stream = _connect(path, timeout)
    try:
        welcome = decode_reply(_exchange(stream, encode_request("subscribe"), deadline))
    except BaseException:
        stream.close()
        raise
    if welcome.get("ok") is not True or welcome.get("subscribe") is not True:
        stream.close()
        code = welcome.get("code")
        raise ProtocolError(
            code if isinstance(code, str) else "refused",
            str(welcome.get("error", "the daemon did not accept the subscription")),
        )
    return Subscription(stream, welcome, push_timeout)


class Subscription(Iterator[dict[str, object]]):
    """Objects the daemon pushes, one per ``next()``; iteration ends when the daemon hangs up."""

    def __init__(
        self, stream: LineStream, welcome: dict[str, object], push_timeout: float | None
    ) -> None:
        """Wrap a stream whose subscription the daemon accepted with ``welcome``."""
        self.welcome = welcome
        self._stream = stream
        self.push_timeout = push_timeout
        """Seconds ``next()`` waits for a push (None: forever); may change between calls."""
        self._closed = False

    def __next__(self) -> dict[str, object]:
        """The next pushed object; TimeoutError if none comes within ``push_timeout``."""
        if self._closed:
            raise StopIteration
        deadline = None if self.push_timeout is None else time.monotonic() + self.push_timeout
        line = self._stream.read_line(deadline)
        if line is None:
            self.close()
            raise StopIteration
        return decode_message(line)

    def close(self) -> None:
        """Stop following updates."""
        if not self._closed:
            self._closed = True
            self._stream.close()

    def __enter__(self) -> Subscription:
        """Use in a ``with`` block so the connection is closed on leaving it."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the ``with`` block."""
        self.close()


def _exchange(stream: LineStream, line: bytes, deadline: float) -> bytes:
    """Send ``line`` and read the reply line, even if the daemon hung up after refusing us."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        stream.send(line, deadline)  # if the daemon hung up, its refusal may still be readable
    reply = stream.read_line(deadline)
    if reply is None:
        raise ProtocolError("no_reply", "the daemon closed the connection without replying")
    return reply


def _connect(path: Endpoint, timeout: float) -> LineStream:
    """Open the transport ``path`` names."""
    if isinstance(path, str) and path.startswith(_PIPE_PREFIX):
        from sitbreak.control.windows_pipe import open_pipe_stream  # Windows only

        return open_pipe_stream(path, timeout)
    return _UnixStream.connect(os.fspath(path), timeout)


class _UnixStream:
    """A LineStream over a connected Unix socket."""

    def __init__(self, sock: socket.socket) -> None:
        """Wrap a connected socket."""
        self._sock = sock
        self._lines = LineBuffer()

    @classmethod
    def connect(cls, path: str, timeout: float) -> _UnixStream:
        """Connect to the daemon's socket; DaemonNotRunning if nobody is there."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except (FileNotFoundError, NotADirectoryError):
            sock.close()
            raise DaemonNotRunning(
                f"sitbreak is not running (no control socket at {path})"
            ) from None
        except ConnectionRefusedError:
            sock.close()
            raise DaemonNotRunning(
                f"sitbreak is not running (nothing listens on {path}; a stopped daemon left it)"
            ) from None
        except BaseException:
            sock.close()
            raise
        return cls(sock)

    def send(self, data: bytes, deadline: float | None) -> None:
        """Write all of ``data`` before the deadline."""
        self._sock.settimeout(remaining(deadline))
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise TimeoutError(TOO_SLOW) from None

    def read_line(self, deadline: float | None) -> bytes | None:
        """The next line, or None at end of stream; TimeoutError after the deadline."""
        while (line := self._lines.pop_line()) is None:
            self._sock.settimeout(remaining(deadline))
            try:
                data = self._sock.recv(64 * 1024)
            except ConnectionResetError:
                data = b""
            except TimeoutError:
                raise TimeoutError(TOO_SLOW) from None
            if not data:
                if len(self._lines):
                    raise ProtocolError("bad_reply", "the daemon's reply was cut off")
                return None
            self._lines.feed(data)
        return line

    def close(self) -> None:
        self._sock.close()

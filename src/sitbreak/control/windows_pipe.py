r"""The Windows transport's names and client: ``\\.\pipe\sitbreak-<user>``, owner-only DACL."""

from __future__ import annotations

import re
import time

from sitbreak.control import _win32
from sitbreak.control._win32_io import PipeClosedError, read_some, write_all
from sitbreak.control.framing import LineBuffer
from sitbreak.control.protocol import ProtocolError
from sitbreak.control.stream import DaemonNotRunning, remaining

__all__ = ["PipeStream", "open_pipe_stream", "pipe_name", "user_sddl"]

_PIPE_PREFIX = "\\\\.\\pipe\\"
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]")
_MAX_USER_PART = 64
_SID = re.compile(r"S-1-\d+(?:-\d+)+")
_ERROR_FILE_NOT_FOUND = 2
_ERROR_PIPE_BUSY = 231


def pipe_name(user: str) -> str:
    r"""The pipe for ``user``: ``\\.\pipe\sitbreak-<user>`` with only safe characters."""
    safe = _UNSAFE_NAME_CHARACTERS.sub("_", user.strip())[:_MAX_USER_PART] or "user"
    return f"{_PIPE_PREFIX}sitbreak-{safe}"


def user_sddl(sid: str) -> str:
    """A protected DACL (nothing inherited) giving the user ``sid`` full access, nobody else."""
    if not _SID.fullmatch(sid):
        raise ValueError(f"{sid!r} is not a string SID such as S-1-5-21-1-2-3-1001")
    return f"D:P(A;;GA;;;{sid})"


def open_pipe_stream(name: str, timeout: float) -> PipeStream:
    """Connect to the daemon's pipe, waiting while all its instances are busy."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return PipeStream(_win32.open_pipe_client(name))
        except OSError as error:
            code = getattr(error, "winerror", None)
            if code == _ERROR_FILE_NOT_FOUND:
                raise DaemonNotRunning(f"sitbreak is not running (no pipe {name})") from None
            if code != _ERROR_PIPE_BUSY:
                raise
        left = remaining(deadline)
        _win32.wait_for_pipe(name, min(left or 1.0, 1.0))


class PipeStream:
    """A LineStream over a connected client end of the daemon's pipe."""

    def __init__(self, handle: int) -> None:
        """Wrap an open, overlapped pipe handle."""
        self._handle = handle
        self._lines = LineBuffer()

    def send(self, data: bytes, deadline: float | None) -> None:
        """Write all of ``data`` before the deadline."""
        write_all(self._handle, data, (), remaining(deadline))

    def read_line(self, deadline: float | None) -> bytes | None:
        """The next line, or None at end of stream; TimeoutError after the deadline."""
        while (line := self._lines.pop_line()) is None:
            try:
                data = read_some(self._handle, (), remaining(deadline))
            except PipeClosedError:
                if len(self._lines):
                    raise ProtocolError("bad_reply", "the daemon's reply was cut off") from None
                return None
            self._lines.feed(data)
        return line

    def close(self) -> None:
        """Close the handle."""
        _win32.close_handle(self._handle)

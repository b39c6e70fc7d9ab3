"""Overlapped reads and writes on a Windows pipe that give up on a timeout or an abort event."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import Protocol

from sitbreak.control._win32 import wait_any
from sitbreak.control.stream import TOO_SLOW

if sys.platform == "win32":
    import _winapi

__all__ = ["PendingRead", "PipeClosedError", "StoppedError", "read_some", "write_all"]

_CHUNK = 64 * 1024
_CLOSED_ERRORS = (109, 232, 233)  # ERROR_BROKEN_PIPE, ERROR_NO_DATA, ERROR_PIPE_NOT_CONNECTED
_ERROR_IO_PENDING = 997


class PipeClosedError(BrokenPipeError):
    """The other end of the pipe has gone."""


class StoppedError(Exception):
    """One of the abort events was signalled while waiting."""


class _Overlapped(Protocol):
    """The part of ``_winapi.Overlapped`` used here."""

    event: int

    def GetOverlappedResult(self, wait: bool, /) -> tuple[int, int]:  # noqa: N802 - Win32 name
        """Bytes transferred and the error code, waiting for completion if ``wait``."""

    def cancel(self) -> None:
        """Cancel the pending operation."""

    def getbuffer(self) -> bytes | None:
        """The bytes a completed read delivered."""


class PendingRead:
    """A read posted on a pipe that completes whenever the peer writes or goes away."""

    event: int
    _overlapped: _Overlapped
    _pending: bool

    def __init__(self, handle: int) -> None:
        """Post the read."""
        if sys.platform == "win32":
            try:
                self._overlapped, error = _winapi.ReadFile(handle, _CHUNK, overlapped=True)
            except OSError as failure:
                raise _closed_or_same(failure) from failure
            self.event = self._overlapped.event
            self._pending = error == _ERROR_IO_PENDING
            return
        raise OSError("named pipes are a Windows feature")

    def result(self, aborts: Sequence[int], timeout: float | None) -> bytes:
        """The bytes read; PipeClosedError at end of stream, TimeoutError, or StoppedError."""
        if sys.platform == "win32":
            _finish(self._overlapped, aborts, timeout, pending=self._pending)
            return bytes(self._overlapped.getbuffer() or b"")
        raise OSError("named pipes are a Windows feature")

    def cancel(self) -> None:
        """Call the read off and wait until Windows has let go of its buffer."""
        if sys.platform == "win32":
            self._overlapped.cancel()
            with contextlib.suppress(OSError):
                self._overlapped.GetOverlappedResult(True)
            return
        raise OSError("named pipes are a Windows feature")


def read_some(handle: int, aborts: Sequence[int], timeout: float | None) -> bytes:
    """Up to 64 KiB from the pipe, waiting at most ``timeout`` seconds."""
    return PendingRead(handle).result(aborts, timeout)


def write_all(handle: int, data: bytes, aborts: Sequence[int], timeout: float | None) -> None:
    """Write all of ``data``, each write waiting at most ``timeout`` seconds."""
    if sys.platform == "win32":
        view = memoryview(data)
        while view:
            try:
                overlapped, error = _winapi.WriteFile(handle, view, overlapped=True)
            except OSError as failure:
                raise _closed_or_same(failure) from failure
            written = _finish(overlapped, aborts, timeout, pending=error == _ERROR_IO_PENDING)
            view = view[written:]
        return
    raise OSError("named pipes are a Windows feature")


def _finish(
    overlapped: _Overlapped, aborts: Sequence[int], timeout: float | None, *, pending: bool
) -> int:
    """Wait for an overlapped operation and return the bytes moved; cancel it on timeout/abort."""
    if sys.platform == "win32":
        if pending:
            index = wait_any([overlapped.event, *aborts], timeout)
            if index != 0:
                overlapped.cancel()
                with contextlib.suppress(OSError):
                    overlapped.GetOverlappedResult(True)
                if index is None:
                    raise TimeoutError(TOO_SLOW)
                raise StoppedError
        try:
            transferred, error = overlapped.GetOverlappedResult(True)
        except OSError as failure:
            raise _closed_or_same(failure) from failure
        if error in _CLOSED_ERRORS:
            raise PipeClosedError(error, "the other end of the pipe has gone")
        return transferred
    raise OSError("named pipes are a Windows feature")


def _closed_or_same(failure: OSError) -> OSError:
    """PipeClosedError for the errors that mean the peer has gone, else ``failure`` itself."""
    if getattr(failure, "winerror", None) in _CLOSED_ERRORS:
        return PipeClosedError(failure.errno, "the other end of the pipe has gone")
    return failure

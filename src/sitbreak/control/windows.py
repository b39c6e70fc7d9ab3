"""Win32 for the control endpoint (ctypes, _winapi): handles, events and pipe instances, overlapped
reads and writes that give up on a timeout or an abort event, and msvcrt file locks.

Every call happens inside a function, so importing this module does nothing on any platform.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, cast

from sitbreak.control.protocol import TOO_SLOW

__all__ = [
    "PendingRead",
    "PipeClosedError",
    "StoppedError",
    "close_handle",
    "create_event",
    "create_pipe_instance",
    "current_user_sid",
    "open_pipe_client",
    "prepare_lock_dir",
    "read_some",
    "set_event",
    "try_lock",
    "unlock",
    "wait_any",
    "wait_for_client",
    "wait_for_pipe",
    "write_all",
]


if sys.platform == "win32":
    import _winapi
    import ctypes
    from ctypes import wintypes

_PIPE_BUFFER = 64 * 1024
_TOKEN_QUERY = 0x0008
_TOKEN_USER = 1
_SDDL_REVISION_1 = 1
_PIPE_REJECT_REMOTE_CLIENTS = 0x00000008
_ERROR_ACCESS_DENIED = 5
_INFINITE = 0xFFFFFFFF
_WAIT_TIMEOUT = 0x102


def _api(dll: str, name: str, restype: object, *argtypes: object) -> Callable[..., Any]:
    """A Win32 function with its C signature declared (64-bit handles must not be truncated)."""
    if sys.platform == "win32":
        function = getattr(ctypes.WinDLL(dll, use_last_error=True), name)
        function.restype = restype
        function.argtypes = argtypes
        return cast("Callable[..., Any]", function)
    raise OSError("the Win32 API exists only on Windows")


def _check(succeeded: object) -> None:
    """Raise the thread's last Win32 error if a call reported failure."""
    if sys.platform == "win32":
        if not succeeded:
            raise ctypes.WinError(ctypes.get_last_error())
        return
    raise OSError("the Win32 API exists only on Windows")


def current_user_sid() -> str:
    """The string SID (``S-1-5-21-...``) of the user this process runs as."""
    if sys.platform == "win32":
        handle, dword = wintypes.HANDLE, wintypes.DWORD
        get_process = _api("kernel32", "GetCurrentProcess", handle)
        open_token = _api("advapi32", "OpenProcessToken", wintypes.BOOL, handle, dword,
                          ctypes.POINTER(handle))  # fmt: skip
        token_info = _api("advapi32", "GetTokenInformation", wintypes.BOOL, handle, ctypes.c_int,
                          wintypes.LPVOID, dword, ctypes.POINTER(dword))  # fmt: skip
        sid_to_text = _api("advapi32", "ConvertSidToStringSidW", wintypes.BOOL, wintypes.LPVOID,
                           ctypes.POINTER(wintypes.LPWSTR))  # fmt: skip
        local_free = _api("kernel32", "LocalFree", wintypes.HLOCAL, wintypes.HLOCAL)
        token = handle()
        _check(open_token(get_process(), _TOKEN_QUERY, ctypes.byref(token)))
        try:
            size = dword()
            token_info(token, _TOKEN_USER, None, 0, ctypes.byref(size))  # asks for the size
            buffer = ctypes.create_string_buffer(size.value)
            _check(token_info(token, _TOKEN_USER, buffer, size, ctypes.byref(size)))
            sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
            text = wintypes.LPWSTR()
            _check(sid_to_text(sid, ctypes.byref(text)))
            try:
                return str(text.value)
            finally:
                local_free(ctypes.cast(text, wintypes.HLOCAL))
        finally:
            close_handle(int(token.value or 0))
    raise OSError("Windows security identifiers exist only on Windows")


def create_pipe_instance(name: str, sddl: str, *, first: bool) -> int:
    """One server instance of the pipe, overlapped, local clients only, guarded by ``sddl``."""
    if sys.platform == "win32":
        open_mode = _winapi.PIPE_ACCESS_DUPLEX | _winapi.FILE_FLAG_OVERLAPPED
        if first:  # fail rather than join a pipe another process created under our name
            open_mode |= _winapi.FILE_FLAG_FIRST_PIPE_INSTANCE
        pipe_mode = _winapi.PIPE_WAIT | _PIPE_REJECT_REMOTE_CLIENTS  # byte type, byte read mode
        dword = wintypes.DWORD
        create = _api("kernel32", "CreateNamedPipeW", wintypes.HANDLE, wintypes.LPCWSTR,
                      dword, dword, dword, dword, dword, dword, wintypes.LPVOID)  # fmt: skip
        with _security_attributes(sddl) as attributes:
            handle = create(name, open_mode, pipe_mode, _winapi.PIPE_UNLIMITED_INSTANCES,
                            _PIPE_BUFFER, _PIPE_BUFFER, 0, attributes)  # fmt: skip
            error = ctypes.get_last_error()
        if handle is None or handle == wintypes.HANDLE(-1).value:
            if error == _ERROR_ACCESS_DENIED and first:
                raise OSError(f"another process already owns the pipe {name}")
            raise ctypes.WinError(error)
        return int(handle)
    raise OSError("named pipes are a Windows feature")


@contextlib.contextmanager
def _security_attributes(sddl: str) -> Iterator[object]:
    """A pointer to SECURITY_ATTRIBUTES holding the descriptor ``sddl`` describes."""
    if sys.platform == "win32":

        class SecurityAttributes(ctypes.Structure):
            _fields_ = [
                ("nLength", wintypes.DWORD),
                ("lpSecurityDescriptor", wintypes.LPVOID),
                ("bInheritHandle", wintypes.BOOL),
            ]

        convert = _api("advapi32", "ConvertStringSecurityDescriptorToSecurityDescriptorW",
                       wintypes.BOOL, wintypes.LPCWSTR, wintypes.DWORD,
                       ctypes.POINTER(wintypes.LPVOID), wintypes.LPVOID)  # fmt: skip
        local_free = _api("kernel32", "LocalFree", wintypes.HLOCAL, wintypes.HLOCAL)
        descriptor = wintypes.LPVOID()
        _check(convert(sddl, _SDDL_REVISION_1, ctypes.byref(descriptor), None))
        try:
            attributes = SecurityAttributes(ctypes.sizeof(SecurityAttributes), descriptor, False)
            yield ctypes.pointer(attributes)
        finally:
            local_free(descriptor)
        return
    raise OSError("Windows security descriptors exist only on Windows")


def create_event(*, manual_reset: bool) -> int:
    """A new unnamed, unsignalled event."""
    if sys.platform == "win32":
        create = _api("kernel32", "CreateEventW", wintypes.HANDLE, wintypes.LPVOID,
                      wintypes.BOOL, wintypes.BOOL, wintypes.LPCWSTR)  # fmt: skip
        handle = create(None, manual_reset, False, None)
        _check(handle)
        return int(handle)
    raise OSError("Win32 events exist only on Windows")


def set_event(event: int) -> None:
    """Signal ``event``."""
    if sys.platform == "win32":
        signal = _api("kernel32", "SetEvent", wintypes.BOOL, wintypes.HANDLE)
        _check(signal(event))
        return
    raise OSError("Win32 events exist only on Windows")


def close_handle(handle: int) -> None:
    if sys.platform == "win32":
        _winapi.CloseHandle(handle)
        return
    raise OSError("Win32 handles exist only on Windows")


def wait_any(handles: Sequence[int], timeout: float | None) -> int | None:
    """Index of the first signalled handle, or None on timeout."""
    if sys.platform == "win32":
        milliseconds = _INFINITE if timeout is None else max(0, int(timeout * 1000))
        result = _winapi.WaitForMultipleObjects(list(handles), False, milliseconds)
        return None if result == _WAIT_TIMEOUT else result - _winapi.WAIT_OBJECT_0
    raise OSError("Win32 waits exist only on Windows")


def wait_for_client(handle: int, stop: int) -> bool:
    """Wait until a client connects to the pipe instance (True) or ``stop`` is signalled."""
    if sys.platform == "win32":
        overlapped = _winapi.ConnectNamedPipe(handle, overlapped=True)
        if wait_any([overlapped.event, stop], None) == 0:
            overlapped.GetOverlappedResult(True)
            return True
        overlapped.cancel()
        with contextlib.suppress(OSError):  # the cancelled connect reports ERROR_OPERATION_ABORTED
            overlapped.GetOverlappedResult(True)
        return False
    raise OSError("named pipes are a Windows feature")


def open_pipe_client(name: str) -> int:
    """Open the client end of the pipe for overlapped reading and writing."""
    if sys.platform == "win32":
        return _winapi.CreateFile(
            name,
            _winapi.GENERIC_READ | _winapi.GENERIC_WRITE,
            0,
            _winapi.NULL,
            _winapi.OPEN_EXISTING,
            _winapi.FILE_FLAG_OVERLAPPED,
            _winapi.NULL,
        )
    raise OSError("named pipes are a Windows feature")


def wait_for_pipe(name: str, timeout: float) -> None:
    """Wait up to ``timeout`` seconds for a free instance of the pipe (errors are ignored)."""
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            _winapi.WaitNamedPipe(name, max(1, int(timeout * 1000)))
        return
    raise OSError("named pipes are a Windows feature")


if sys.platform == "win32":
    import _winapi

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

    def cancel(self) -> None: ...

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


if sys.platform == "win32":
    import msvcrt

# Lock one byte far past the pid so other processes can still read the pid at offset 0
# (Windows byte-range locks also block reads of the locked range).
_LOCK_OFFSET = 1 << 20


def prepare_lock_dir(path: Path) -> None:
    """Create the lock's directory; under the user profile it is private already."""
    path.mkdir(parents=True, exist_ok=True)


def try_lock(fd: int) -> bool:
    """Lock the marker byte of the open file ``fd``; False if another process holds it."""
    if sys.platform == "win32":
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    raise OSError("msvcrt locks exist only on Windows")


def unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return
    raise OSError("msvcrt locks exist only on Windows")

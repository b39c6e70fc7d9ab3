r"""The Windows named-pipe transport: its name ``\\.\pipe\sitbreak-<user>`` with an owner-only DACL,
the client stream, and the daemon's pipe server with one thread per client session."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sitbreak.control import windows
from sitbreak.control.protocol import (
    MAX_MESSAGE_BYTES,
    DaemonNotRunning,
    LineBuffer,
    ProtocolError,
    encode,
    remaining,
)
from sitbreak.control.replies import EncodedReply, Handler, answer, encode_error
from sitbreak.control.windows import (
    PendingRead,
    PipeClosedError,
    StoppedError,
    read_some,
    write_all,
)

__all__ = [
    "PipeServer",
    "PipeSession",
    "PipeStream",
    "SessionSettings",
    "open_pipe_stream",
    "pipe_name",
    "user_sddl",
]


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
            return PipeStream(windows.open_pipe_client(name))
        except OSError as error:
            code = getattr(error, "winerror", None)
            if code == _ERROR_FILE_NOT_FOUND:
                raise DaemonNotRunning(f"sitbreak is not running (no pipe {name})") from None
            if code != _ERROR_PIPE_BUSY:
                raise
        left = remaining(deadline)
        windows.wait_for_pipe(name, min(left or 1.0, 1.0))


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
        windows.close_handle(self._handle)


log = logging.getLogger(__name__)

_LAST_WORDS_TIMEOUT = 1.0


@dataclass(frozen=True)
class SessionSettings:
    """What every session of one server shares."""

    handler: Handler
    handler_lock: threading.Lock
    stop_event: int
    read_timeout: float
    subscriber_buffer: int
    on_subscribe: Callable[[PipeSession], None]
    on_exit: Callable[[PipeSession], None]


class PipeSession:
    """Answer requests on one connected pipe instance; as a subscriber, relay published lines."""

    def __init__(self, handle: int, settings: SessionSettings) -> None:
        """Take over a connected pipe handle."""
        self._handle = handle
        self._settings = settings
        self._lock = threading.Lock()
        self._outbox = bytearray()
        self._dropped = False
        self._wake_event: int | None = None
        self._drop_event: int | None = None

    def run(self) -> None:
        """The session thread: serve until the client leaves, stalls, or the server stops."""
        try:
            self._serve_requests()
        except (PipeClosedError, StoppedError, TimeoutError):
            pass
        except OSError as error:
            log.debug("control pipe session failed: %s", error)
        except Exception:
            log.exception("control pipe session failed unexpectedly")
        finally:
            self._settings.on_exit(self)
            with self._lock:  # a concurrent push() must not signal a closed event
                self._dropped = True
                events = (self._wake_event, self._drop_event)
                self._wake_event = self._drop_event = None
            for handle in (*events, self._handle):
                if handle is not None:
                    windows.close_handle(handle)

    def push(self, line: bytes) -> None:
        """Queue a published line (any thread); overflowing the buffer drops the subscriber."""
        with self._lock:
            if self._dropped or self._wake_event is None or self._drop_event is None:
                return
            if len(self._outbox) + len(line) > self._settings.subscriber_buffer:
                log.info("dropping a control subscriber that stopped reading")
                self._dropped = True
                windows.set_event(self._drop_event)
                return
            self._outbox += line
            windows.set_event(self._wake_event)

    def _serve_requests(self) -> None:
        """Read request lines and write one reply each, like the Unix server does."""
        stop, timeout = self._settings.stop_event, self._settings.read_timeout
        lines = LineBuffer()
        while True:
            try:
                lines.feed(read_some(self._handle, [stop], timeout))
            except TimeoutError:
                message = f"no complete request within {timeout:g} s; closing"
                self._say_last(encode_error("timeout", message))
                return
            except PipeClosedError:
                rest = lines.take_rest()
                if rest:
                    self._say_last(self._answer(rest).line)
                return
            while True:
                try:
                    line = lines.pop_line()
                except ProtocolError as error:
                    message = f"{error.message}; closing the connection"
                    self._say_last(encode_error(error.code, message))
                    return
                if line is None:
                    break
                reply = self._answer(line)
                if reply.subscribe:
                    self._follow(reply.line)
                    return
                write_all(self._handle, reply.line, [stop], timeout)

    def _answer(self, line: bytes) -> EncodedReply:
        """The handler's answer, one call at a time across all sessions as on Unix."""
        with self._settings.handler_lock:
            return answer(line, self._settings.handler)

    def _follow(self, welcome: bytes) -> None:
        """Become a subscriber: relay queued lines until the client leaves or is dropped."""
        self._wake_event = windows.create_event(manual_reset=False)
        self._drop_event = windows.create_event(manual_reset=True)
        self._outbox += welcome
        self._settings.on_subscribe(self)
        aborts = [self._settings.stop_event, self._drop_event]
        pending = PendingRead(self._handle)  # completes when the client leaves
        try:
            while True:
                with self._lock:
                    chunk, self._outbox = bytes(self._outbox), bytearray()
                if chunk:
                    write_all(self._handle, chunk, aborts, None)
                    continue
                signalled = windows.wait_any([*aborts, self._wake_event, pending.event], None)
                if signalled in (0, 1):
                    return
                if signalled == 3:
                    pending.result((), 0)  # input from a subscriber is ignored
                    pending = PendingRead(self._handle)
        finally:
            pending.cancel()

    def _say_last(self, line: bytes) -> None:
        """Best effort: one last line before the session ends."""
        stop = self._settings.stop_event
        with contextlib.suppress(OSError, TimeoutError, StoppedError):
            write_all(self._handle, line, [stop], _LAST_WORDS_TIMEOUT)


_ERROR_NO_DATA = 232  # a client connected and left before we looked


class PipeServer:
    """Serve the control protocol on a named pipe, one thread per connected client."""

    def __init__(
        self,
        name: str,
        handler: Handler,
        *,
        read_timeout: float = 2.0,
        subscriber_buffer: int = 64 * 1024,
    ) -> None:
        """Prepare to serve at the pipe ``name``; nothing happens until ``start()``."""
        self.name = name
        self._handler = handler
        self._read_timeout = read_timeout
        self._subscriber_buffer = subscriber_buffer
        self._lock = threading.Lock()
        self._sessions: dict[PipeSession, threading.Thread] = {}
        self._subscribers: set[PipeSession] = set()
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def subscriber_count(self) -> int:
        """How many connections currently receive published messages."""
        return len(self._subscribers)

    def start(self) -> None:
        """Create the first pipe instance (failing if another process owns the name) and serve."""
        if self._thread is not None:
            raise RuntimeError("this control server has already been started")
        self._sddl = user_sddl(windows.current_user_sid())
        self._stop_event = windows.create_event(manual_reset=True)
        first = windows.create_pipe_instance(self.name, self._sddl, first=True)
        self._settings = SessionSettings(
            handler=self._handler,
            handler_lock=threading.Lock(),
            stop_event=self._stop_event,
            read_timeout=self._read_timeout,
            subscriber_buffer=self._subscriber_buffer,
            on_subscribe=self._on_subscribe,
            on_exit=self._on_exit,
        )
        self._thread = threading.Thread(
            target=self._accept_loop, args=(first,), name="sitbreak-control", daemon=True
        )
        self._thread.start()
        log.info("control server listening on %s", self.name)

    def publish(self, obj: Mapping[str, object]) -> None:
        """Queue ``obj`` as one line for every subscriber; safe from any thread, never blocks."""
        line = encode(obj)
        if len(line) > MAX_MESSAGE_BYTES + 1:
            raise ValueError(f"a published message may be at most {MAX_MESSAGE_BYTES} bytes")
        with self._lock:
            subscribers = list(self._subscribers)
        for session in subscribers:
            session.push(line)

    def close(self) -> None:
        """Stop accepting, end every session and wait for their threads."""
        with self._lock:
            already, self._stopping = self._stopping, True
        if already or self._thread is None:
            return
        windows.set_event(self._stop_event)
        self._thread.join(timeout=5.0)
        with self._lock:
            threads = list(self._sessions.values())
        for thread in threads:
            thread.join(timeout=5.0)
        windows.close_handle(self._stop_event)
        log.info("control server on %s closed", self.name)

    def _accept_loop(self, handle: int) -> None:
        """Wait for each client on a fresh pipe instance and hand it to a session thread."""
        while True:
            try:
                connected = windows.wait_for_client(handle, self._stop_event)
            except OSError as error:
                windows.close_handle(handle)
                if getattr(error, "winerror", None) != _ERROR_NO_DATA:
                    log.error("control pipe cannot accept clients any more: %s", error)
                    return
                connected = None  # that client came and went; wait for the next one
            if connected is False:
                windows.close_handle(handle)
                return
            if connected:
                self._start_session(handle)
            try:
                handle = windows.create_pipe_instance(self.name, self._sddl, first=False)
            except OSError:
                log.exception("control pipe cannot make a new instance; no longer accepting")
                return

    def _start_session(self, handle: int) -> None:
        """Serve one connected client on its own thread."""
        session = PipeSession(handle, self._settings)
        thread = threading.Thread(target=session.run, name="sitbreak-control-client", daemon=True)
        with self._lock:
            self._sessions[session] = thread
        thread.start()

    def _on_subscribe(self, session: PipeSession) -> None:
        """Start sending published lines to ``session``."""
        with self._lock:
            self._subscribers.add(session)

    def _on_exit(self, session: PipeSession) -> None:
        """Forget a finished session."""
        with self._lock:
            self._subscribers.discard(session)
            self._sessions.pop(session, None)

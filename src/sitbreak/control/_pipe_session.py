"""One client of the Windows pipe server, served on its own thread with blocking waits."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sitbreak.control import _win32
from sitbreak.control._win32_io import (
    PendingRead,
    PipeClosedError,
    StoppedError,
    read_some,
    write_all,
)
from sitbreak.control.framing import LineBuffer
from sitbreak.control.protocol import ProtocolError
from sitbreak.control.replies import EncodedReply, Handler, answer, encode_error

__all__ = ["PipeSession", "SessionSettings"]

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
                    _win32.close_handle(handle)

    def push(self, line: bytes) -> None:
        """Queue a published line (any thread); overflowing the buffer drops the subscriber."""
        with self._lock:
            if self._dropped or self._wake_event is None or self._drop_event is None:
                return
            if len(self._outbox) + len(line) > self._settings.subscriber_buffer:
                log.info("dropping a control subscriber that stopped reading")
                self._dropped = True
                _win32.set_event(self._drop_event)
                return
            self._outbox += line
            _win32.set_event(self._wake_event)

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
        self._wake_event = _win32.create_event(manual_reset=False)
        self._drop_event = _win32.create_event(manual_reset=True)
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
                signalled = _win32.wait_any([*aborts, self._wake_event, pending.event], None)
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

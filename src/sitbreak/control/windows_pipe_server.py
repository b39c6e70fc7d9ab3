"""The daemon's control server on Windows: a named pipe only the current user can open."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from sitbreak.control import _win32
from sitbreak.control._pipe_session import PipeSession, SessionSettings
from sitbreak.control.protocol import MAX_MESSAGE_BYTES, encode
from sitbreak.control.replies import Handler
from sitbreak.control.windows_pipe import user_sddl

__all__ = ["PipeServer"]

log = logging.getLogger(__name__)

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
        self._sddl = user_sddl(_win32.current_user_sid())
        self._stop_event = _win32.create_event(manual_reset=True)
        first = _win32.create_pipe_instance(self.name, self._sddl, first=True)
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
        _win32.set_event(self._stop_event)
        self._thread.join(timeout=5.0)
        with self._lock:
            threads = list(self._sessions.values())
        for thread in threads:
            thread.join(timeout=5.0)
        _win32.close_handle(self._stop_event)
        log.info("control server on %s closed", self.name)

    def _accept_loop(self, handle: int) -> None:
        """Wait for each client on a fresh pipe instance and hand it to a session thread."""
        while True:
            try:
                connected = _win32.wait_for_client(handle, self._stop_event)
            except OSError as error:
                _win32.close_handle(handle)
                if getattr(error, "winerror", None) != _ERROR_NO_DATA:
                    log.error("control pipe cannot accept clients any more: %s", error)
                    return
                connected = None  # that client came and went; wait for the next one
            if connected is False:
                _win32.close_handle(handle)
                return
            if connected:
                self._start_session(handle)
            try:
                handle = _win32.create_pipe_instance(self.name, self._sddl, first=False)
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

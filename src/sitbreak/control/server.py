"""The daemon's Unix control server (one selector thread, user-only socket, bounded buffers), and
``make_server``, which picks it or the Windows pipe server for an endpoint."""

from __future__ import annotations

import errno
import logging
import os
import selectors
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from sitbreak.control.connection import Connection, Mailbox
from sitbreak.control.posix import (
    FileId,
    bind_private_socket,
    ensure_private_dir,
    refusal,
    remove_stale_socket,
    unlink_if_same,
)
from sitbreak.control.protocol import MAX_MESSAGE_BYTES, ProtocolError, encode
from sitbreak.control.replies import Handler, answer, encode_error
from sitbreak.control.windows_pipe import PipeServer

__all__ = ["ControlServer", "Server", "make_server", "prepare_endpoint"]


log = logging.getLogger(__name__)

_LISTENER = "listener"
_WAKER = "waker"
_ACCEPTS_PER_WAKE = 64
_PENDING_PUBLISH_LIMIT = 1024
MAX_CLIENTS = 64
"""Request connections open at once; past this new ones wait in the kernel's queue."""
MAX_SUBSCRIBERS = 32
"""Followers (status bars, ``status --follow``) at once; past this a subscription is refused."""
_SHARE_OF_DESCRIPTORS = 16  # neither limit may take more than 1/16 of the file descriptors
SUBSCRIBER_STALL = 30.0
"""Seconds a follower may leave pushed updates unread before it is dropped."""
_OUT_OF_DESCRIPTORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_ACCEPT_PAUSE = 1.0  # seconds without accepting after running out of file descriptors


def _descriptor_limit() -> int:
    """This process's soft limit on open files."""
    import resource  # POSIX only, like this server

    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class ControlServer:
    """Serve the control protocol on a Unix socket, calling ``handler`` on the server thread."""

    def __init__(
        self,
        path: Path,
        handler: Handler,
        *,
        read_timeout: float = 2.0,
        subscriber_buffer: int = 64 * 1024,
        subscriber_stall: float = SUBSCRIBER_STALL,
    ) -> None:
        """Prepare to serve at ``path``; nothing happens until ``start()``."""
        self.path = path
        self._handler = handler
        self._read_timeout = read_timeout
        self._subscriber_buffer = subscriber_buffer
        self._subscriber_stall = subscriber_stall
        self._uid = os.geteuid()
        self._lock = threading.Lock()
        self._stopping = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._connections: dict[int, Connection] = {}
        self._subscribers = 0
        self._bound: FileId | None = None
        self._accept_paused_until: float | None = None
        self._accepting = False
        share = max(1, _descriptor_limit() // _SHARE_OF_DESCRIPTORS)
        self.max_clients = max(2, min(MAX_CLIENTS, share))
        self.max_subscribers = max(1, min(MAX_SUBSCRIBERS, share))

    @property
    def subscriber_count(self) -> int:
        """How many connections currently receive published messages."""
        return self._subscribers

    def start(self) -> None:
        """Create the private directory and socket, then serve on a background thread."""
        if self._thread is not None:
            raise RuntimeError("this control server has already been started")
        ensure_private_dir(self.path.parent)
        remove_stale_socket(self.path)
        listener, self._bound = bind_private_socket(self.path)
        self._selector = selectors.DefaultSelector()
        self._mailbox = Mailbox(_PENDING_PUBLISH_LIMIT)
        self._listener = listener
        self._start_accepting()
        self._selector.register(self._mailbox.wake_socket, selectors.EVENT_READ, _WAKER)
        self._thread = threading.Thread(target=self._serve, name="sitbreak-control", daemon=True)
        self._thread.start()
        log.info("control server listening on %s", self.path)

    def publish(self, obj: Mapping[str, object]) -> None:
        """Queue ``obj`` as one line for every subscriber; safe from any thread, never blocks."""
        line = encode(obj)
        if len(line) > MAX_MESSAGE_BYTES + 1:
            raise ValueError(f"a published message may be at most {MAX_MESSAGE_BYTES} bytes")
        if self._thread is not None:
            self._mailbox.post(line)

    def close(self) -> None:
        """Stop the thread, close every connection and remove the socket file."""
        with self._lock:
            already, self._closed = self._closed, True
        thread = self._thread
        if already or thread is None:
            return
        self._stopping = True
        self._mailbox.wake()
        if thread is not threading.current_thread():
            thread.join(timeout=5.0)
            if thread.is_alive():
                log.warning("control server thread did not stop within 5 s")
        if self._bound is not None:
            unlink_if_same(self.path, self._bound)
        log.info("control server on %s closed", self.path)

    def __enter__(self) -> ControlServer:
        """Start serving for the duration of a ``with`` block."""
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the ``with`` block."""
        self.close()

    def _serve(self) -> None:
        """The server thread: wait for events, handle them, drop connections that stall."""
        try:
            while not self._stopping:
                for key, mask in self._selector.select(self._select_timeout()):
                    self._on_event(key, mask)
                self._expire_stalled()
                self._resume_accepting()
        except Exception:
            log.exception("control server loop failed; the control endpoint is down")
        finally:
            self._shut_down()

    def _on_event(self, key: selectors.SelectorKey, mask: int) -> None:
        """Route one selector event; a failure on one connection drops only that connection."""
        if key.data == _LISTENER:
            self._accept()
        elif key.data == _WAKER:
            self._deliver(self._mailbox.collect())
        else:
            conn: Connection = key.data
            try:
                if mask & selectors.EVENT_READ:
                    self._on_readable(conn)
                if mask & selectors.EVENT_WRITE and not conn.closed:
                    self._on_writable(conn)
            except OSError as error:
                log.debug("control connection failed: %s", error)
                self._drop(conn)
            except Exception:
                log.exception("control connection failed unexpectedly")
                self._drop(conn)

    def _accept(self) -> None:
        """Take waiting connections, refusing any peer that is not our own user."""
        for _ in range(_ACCEPTS_PER_WAKE):
            if self._requests() >= self.max_clients:
                self._stop_accepting()  # the rest wait their turn in the kernel's queue
                return
            try:
                sock, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                if error.errno in _OUT_OF_DESCRIPTORS:
                    self._pause_accepting(error)
                else:
                    log.warning("control server could not accept a connection: %s", error)
                return
            sock.setblocking(False)
            conn = Connection(sock)
            reason = refusal(sock, self._uid)
            if reason is not None:
                log.warning("control server refused a connection: %s", reason)
                conn.say_and_close(encode_error("rejected", reason))
                continue
            self._connections[sock.fileno()] = conn
            self._selector.register(sock, selectors.EVENT_READ, conn)

    def _pause_accepting(self, error: OSError) -> None:
        """Out of file descriptors: stop watching the listener for a while instead of spinning.

        The listener stays readable while connections wait, so retrying at once would loop
        without sleeping; the waiting connections keep their place in the kernel's queue.
        (The server's own connections are capped well below the file limit, so it is something
        else that took them.)
        """
        log.warning(
            "control server ran out of file descriptors (%s); not accepting for %g s",
            error.strerror,
            _ACCEPT_PAUSE,
        )
        self._stop_accepting()
        self._accept_paused_until = time.monotonic() + _ACCEPT_PAUSE

    def _resume_accepting(self) -> None:
        """Watch the listener again once a pause is over and there is room for more requests."""
        until = self._accept_paused_until
        if until is not None and time.monotonic() >= until:
            self._accept_paused_until = None
        if self._accept_paused_until is None and self._requests() < self.max_clients:
            self._start_accepting()

    def _requests(self) -> int:
        """Open connections that are not subscribers."""
        return len(self._connections) - self._subscribers

    def _start_accepting(self) -> None:
        if not self._accepting:
            self._selector.register(self._listener, selectors.EVENT_READ, _LISTENER)
            self._accepting = True

    def _stop_accepting(self) -> None:
        if self._accepting:
            self._selector.unregister(self._listener)
            self._accepting = False

    def _on_readable(self, conn: Connection) -> None:
        """Read what arrived; answer complete requests, or notice the end of the stream."""
        data = conn.receive()
        if data is None:
            return
        if not data:
            self._on_end_of_stream(conn)
        elif not conn.subscriber:  # a subscriber's connection is push-only; input is ignored
            conn.inbox.feed(data)
            self._answer_pending(conn)

    def _on_end_of_stream(self, conn: Connection) -> None:
        """Answer an unterminated last request if any (the peer may only have half-closed)."""
        rest = conn.inbox.take_rest()
        if conn.subscriber or not rest or conn.outbox:
            self._drop(conn)
            return
        conn.outbox += answer(rest, self._handler).line
        conn.closing = True
        conn.flush()
        self._refresh(conn)

    def _on_writable(self, conn: Connection) -> None:
        """Write more of the outbox; once empty, go back to answering buffered requests."""
        conn.flush()
        if not conn.outbox and not conn.subscriber:
            self._answer_pending(conn)
        else:
            self._refresh(conn)

    def _answer_pending(self, conn: Connection) -> None:
        """Answer complete request lines one by one while each reply goes out at once."""
        while not conn.outbox and not conn.closing and not conn.subscriber:
            try:
                line = conn.inbox.pop_line()
            except ProtocolError as error:
                conn.outbox += encode_error(error.code, f"{error.message}; closing the connection")
                conn.closing = True
                break
            if line is None:
                break
            reply = answer(line, self._handler)
            if reply.subscribe and self._subscribers >= self.max_subscribers:
                message = f"{self._subscribers} others already follow the status; close one first"
                conn.outbox += encode_error("too_many_subscribers", message)
                conn.closing = True
                break
            conn.outbox += reply.line
            if reply.subscribe:
                conn.subscriber = True
                conn.inbox.take_rest()  # a subscriber's later input is ignored
                self._subscribers += 1
                self._resume_accepting()  # one request connection fewer
            conn.flush()
        conn.flush()
        self._refresh(conn)

    def _refresh(self, conn: Connection) -> None:
        """Close a finished connection, or tell the selector what it now waits for."""
        if conn.closing and not conn.outbox:
            self._drop(conn)
        elif not conn.closed:
            self._selector.modify(conn.sock, conn.wanted_events(), conn)

    def _deliver(self, lines: list[bytes]) -> None:
        """Append published lines to every subscriber, dropping those whose buffer is full."""
        if not lines:
            return
        for conn in [c for c in self._connections.values() if c.subscriber]:
            for line in lines:
                if len(conn.outbox) + len(line) > self._subscriber_buffer:
                    log.info("dropping a control subscriber: its unread updates filled the buffer")
                    self._drop(conn)
                    break
                conn.outbox += line
            if not conn.closed:
                try:
                    conn.flush()
                    self._refresh(conn)
                except OSError:
                    self._drop(conn)

    def _deadline(self, conn: Connection) -> float | None:
        """When ``conn`` counts as stalled: a request unfinished, or a push left unread."""
        if not conn.subscriber:
            return conn.last_progress + self._read_timeout
        unread = conn.unread_since()
        return None if unread is None else unread + self._subscriber_stall

    def _select_timeout(self) -> float | None:
        """Seconds until a connection stalls or accepting resumes; None (sleep) if neither."""
        deadlines = [self._deadline(conn) for conn in self._connections.values()]
        deadlines.append(self._accept_paused_until)
        upcoming = [deadline for deadline in deadlines if deadline is not None]
        if not upcoming:
            return None
        return max(0.0, min(upcoming) - time.monotonic())

    def _expire_stalled(self) -> None:
        """Drop requests unfinished for ``read_timeout`` s, and followers that stopped reading."""
        now = time.monotonic()
        for conn in list(self._connections.values()):
            deadline = self._deadline(conn)
            if deadline is None or now < deadline:
                continue
            if conn.subscriber:
                stall = self._subscriber_stall
                log.info("dropping a control subscriber that left updates unread for %g s", stall)
                self._drop(conn)
            else:
                log.debug("dropping a control connection that stalled")
                message = f"no complete request within {self._read_timeout:g} s; closing"
                self._drop(conn, last_words=encode_error("timeout", message))

    def _drop(self, conn: Connection, *, last_words: bytes | None = None) -> None:
        """Forget a connection and close it, optionally sending one last line first."""
        if conn.closed:
            return
        self._connections.pop(conn.sock.fileno(), None)
        self._selector.unregister(conn.sock)
        if conn.subscriber:
            self._subscribers -= 1
        if not self._stopping:
            self._resume_accepting()
        if last_words is None:
            conn.close()
        else:
            conn.say_and_close(last_words)

    def _shut_down(self) -> None:
        """Close every connection, the listener, the wake-up pair and the selector."""
        for conn in list(self._connections.values()):
            self._drop(conn)
        self._selector.close()
        self._listener.close()
        self._mailbox.close()


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

"""The control protocol: newline-delimited UTF-8 JSON objects, requests and replies; lines cut
from a byte stream with bounded buffers; what a client transport provides and the errors a client
meets. Stdlib only and light: the CLI client imports it on every command."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    from typing import Protocol

    class LineStream(Protocol):
        """A connected transport that carries protocol lines (a Unix socket or a Windows pipe)."""

        def send(self, data: bytes, deadline: float | None) -> None:
            """Write all of ``data`` before ``deadline`` (a ``time.monotonic()`` value)."""

        def read_line(self, deadline: float | None) -> bytes | None:
            """The next line without its newline, or None once the daemon has closed the stream."""

        def close(self) -> None: ...


__all__ = [
    "MAX_MESSAGE_BYTES",
    "TOO_SLOW",
    "DaemonNotRunning",
    "LineBuffer",
    "ProtocolError",
    "Request",
    "decode_message",
    "decode_reply",
    "decode_request",
    "encode",
    "encode_request",
    "error_reply",
    "remaining",
]


MAX_MESSAGE_BYTES = 64 * 1024
"""The longest line (without its newline) either side accepts."""


class ProtocolError(Exception):
    """A message that breaks the protocol; ``code`` is the machine-readable reason."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code for the error reply and the sentence for people."""
        super().__init__(message)
        self.code = code
        self.message = message


class Request:
    """One decoded request: a command name and its arguments.

    A plain class, not a dataclass: importing dataclasses costs the CLI client ~8 ms.
    """

    __slots__ = ("args", "cmd")

    def __init__(self, cmd: str, args: Mapping[str, object] | None = None) -> None:
        """Keep the command name and its arguments (none by default)."""
        self.cmd = cmd
        self.args: Mapping[str, object] = {} if args is None else args

    def __eq__(self, other: object) -> bool:
        """Equal when command and arguments are."""
        if not isinstance(other, Request):
            return NotImplemented
        return (self.cmd, dict(self.args)) == (other.cmd, dict(other.args))

    def __hash__(self) -> int:
        """Requests are compared by value but not meant as dict keys."""
        return hash(self.cmd)

    def __repr__(self) -> str:
        """Request(cmd='status', args={})."""
        return f"Request(cmd={self.cmd!r}, args={dict(self.args)!r})"


def encode(obj: Mapping[str, object]) -> bytes:
    """One JSON object as one UTF-8 line; raise TypeError/ValueError if it is not plain JSON."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def encode_request(cmd: str, args: Mapping[str, object] | None = None) -> bytes:
    """The line a client sends for ``cmd`` with ``args``."""
    return encode({"cmd": cmd, "args": dict(args or {})})


def error_reply(code: str, message: str) -> dict[str, object]:
    """A failure reply in the protocol's shape."""
    return {"ok": False, "error": message, "code": code}


def decode_request(line: bytes) -> Request:
    """Parse one request line; raise ProtocolError("bad_request", ...) naming what is wrong."""
    obj = _decode_object(line, "request")
    cmd = obj.get("cmd")
    if "cmd" not in obj:
        raise ProtocolError("bad_request", 'the request has no "cmd" field')
    if not isinstance(cmd, str):
        raise ProtocolError("bad_request", f'"cmd" must be a string, not {_json_type(cmd)}')
    args = obj.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError("bad_request", f'"args" must be an object, not {_json_type(args)}')
    return Request(cmd=cmd, args=args)


def decode_message(line: bytes) -> dict[str, object]:
    """Parse one line from the daemon (a reply or a pushed message) as a JSON object."""
    try:
        return _decode_object(line, "message from the daemon")
    except ProtocolError as error:
        raise ProtocolError("bad_reply", error.message) from None


def decode_reply(line: bytes) -> dict[str, object]:
    """Parse one reply line; raise ProtocolError("bad_reply", ...) if it is not a reply."""
    obj = decode_message(line)
    if not isinstance(obj.get("ok"), bool):
        raise ProtocolError("bad_reply", 'the reply has no boolean "ok" field')
    return obj


def _decode_object(line: bytes, what: str) -> dict[str, object]:
    """Decode a line as a JSON object or raise ProtocolError naming the first problem."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(
            "bad_request", f"the {what} is not valid UTF-8 (byte {error.start})"
        ) from None
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ProtocolError(
            "bad_request", f"the {what} is not valid JSON: {error.msg} at character {error.pos}"
        ) from None
    except (ValueError, RecursionError) as error:
        raise ProtocolError("bad_request", f"the {what} is not usable JSON: {error}") from None
    if not isinstance(obj, dict):
        raise ProtocolError(
            "bad_request", f"the {what} must be a JSON object, not {_json_type(obj)}"
        )
    return obj


def _reject_constant(name: str) -> object:
    """Refuse NaN and Infinity, which are not JSON."""
    raise ValueError(f"{name} is not a JSON value")


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    names: list[tuple[type, str]] = [
        (bool, "a boolean"),
        (int, "a number"),
        (float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "an object"),
    ]
    if value is None:
        return "null"
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


class LineBuffer:
    """Bytes received so far on one connection, handed out one complete line at a time."""

    def __init__(self, limit: int = MAX_MESSAGE_BYTES) -> None:
        """Accept lines of at most ``limit`` bytes, newline excluded."""
        self._limit = limit
        self._pending = bytearray()

    def feed(self, data: bytes) -> None:
        """Append freshly received bytes."""
        self._pending += data

    def pop_line(self) -> bytes | None:
        """The next complete line without its newline, or None; ProtocolError if it is too long."""
        end = self._pending.find(b"\n", 0, self._limit + 1)
        if end < 0:
            if len(self._pending) > self._limit:
                self._pending.clear()
                raise ProtocolError(
                    "too_large", f"message longer than the limit of {self._limit} bytes"
                )
            return None
        line = bytes(self._pending[:end])
        del self._pending[: end + 1]
        return line

    def take_rest(self) -> bytes:
        """Whatever follows the last newline (an unterminated last line at end of stream)."""
        rest = bytes(self._pending)
        self._pending.clear()
        return rest

    def __len__(self) -> int:
        """How many bytes are held."""
        return len(self._pending)


TOO_SLOW = "the sitbreak daemon did not answer in time"


class DaemonNotRunning(Exception):
    """Nothing answers at the control endpoint: no daemon, or a stale socket from a dead one."""


def remaining(deadline: float | None) -> float | None:
    """Seconds left before ``deadline`` (None: no limit); TimeoutError once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError(TOO_SLOW)
    return left

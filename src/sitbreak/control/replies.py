"""Turn one request line into one reply line: the logic every transport shares."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sitbreak.control.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Request,
    decode_request,
    encode,
    error_reply,
)

__all__ = ["EncodedReply", "Handler", "answer", "encode_error"]

log = logging.getLogger(__name__)

Handler = Callable[[Request], dict[str, object]]
"""What the daemon plugs into a server: one request in, one JSON-able reply dict out."""


@dataclass(frozen=True, slots=True)
class EncodedReply:
    """The encoded reply line, and whether the connection now becomes a subscriber."""

    line: bytes
    subscribe: bool = False


def encode_error(code: str, message: str) -> bytes:
    """An encoded failure reply."""
    return encode(error_reply(code, message))


def answer(line: bytes, handler: Handler) -> EncodedReply:
    """Decode ``line``, run ``handler`` on it, and encode what it returns (or why it failed)."""
    try:
        request = decode_request(line)
    except ProtocolError as error:
        return EncodedReply(encode_error(error.code, error.message))
    try:
        reply = handler(request)
    except Exception as error:
        log.exception("control handler failed on %r", request.cmd)
        return EncodedReply(_internal(request.cmd, f"{type(error).__name__}: {error}"))
    return _encode_reply(request.cmd, reply)


def _encode_reply(cmd: str, reply: object) -> EncodedReply:
    """Encode a handler's reply, turning a malformed one into an internal error."""
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        log.error("control handler for %r returned %r, not a dict with a boolean 'ok'", cmd, reply)
        return EncodedReply(_internal(cmd, "the handler returned a malformed reply"))
    try:
        data = encode(reply)
    except (TypeError, ValueError) as error:
        log.error("control handler for %r returned a reply that is not JSON: %s", cmd, error)
        return EncodedReply(_internal(cmd, f"the reply is not JSON: {error}"))
    if len(data) > MAX_MESSAGE_BYTES + 1:
        log.error("control handler for %r returned a %d-byte reply", cmd, len(data))
        return EncodedReply(_internal(cmd, f"the reply is longer than {MAX_MESSAGE_BYTES} bytes"))
    return EncodedReply(data, subscribe=reply["ok"] is True and reply.get("subscribe") is True)


def _internal(cmd: str, detail: str) -> bytes:
    """An encoded internal-error reply for ``cmd``."""
    return encode_error(
        "internal", f"internal error while handling {cmd!r}: {detail} (see the daemon log)"
    )

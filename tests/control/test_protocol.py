"""The control protocol: encoding, request decoding, line framing and the shared reply logic."""

from __future__ import annotations

import json

import pytest

from sitbreak.control.protocol import (
    MAX_MESSAGE_BYTES,
    LineBuffer,
    ProtocolError,
    Request,
    decode_reply,
    decode_request,
    encode,
    encode_request,
)
from sitbreak.control.replies import answer
from tests.support.control import sample_handler


def test_encode_is_one_utf8_json_line() -> None:
    """An object encodes to compact UTF-8 JSON ending in exactly one newline."""
    line = encode({"ok": True, "text": "Pause – 5 min\nlater"})
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert json.loads(line.decode("utf-8")) == {"ok": True, "text": "Pause – 5 min\nlater"}


def test_encode_refuses_nan() -> None:
    """NaN is not JSON, so encoding it fails instead of sending something peers cannot read."""
    with pytest.raises(ValueError, match="JSON"):
        encode({"ok": True, "x": float("nan")})


def test_request_round_trip() -> None:
    """An encoded request decodes back to the same command and arguments."""
    request = decode_request(encode_request("snooze", {"for": "10m"}).rstrip(b"\n"))
    assert request == Request(cmd="snooze", args={"for": "10m"})


def test_missing_args_means_no_args() -> None:
    """A request without "args" has empty arguments."""
    assert decode_request(b'{"cmd": "status"}') == Request(cmd="status", args={})


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b'{"cmd": "st\xffatus"}', "not valid UTF-8"),
        (b'{"cmd": "status"', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'["status"]', "must be a JSON object, not an array"),
        (b'"status"', "must be a JSON object, not a string"),
        (b'{"args": {}}', 'has no "cmd" field'),
        (b'{"cmd": 7}', '"cmd" must be a string, not a number'),
        (b'{"cmd": null}', '"cmd" must be a string, not null'),
        (b'{"cmd": "x", "args": [1, 2]}', '"args" must be an object, not an array'),
        (b'{"cmd": "x", "args": NaN}', "not usable JSON"),
        (b"[" * 100_000, "JSON"),
    ],
)
def test_bad_requests_are_named(line: bytes, words: str) -> None:
    """Each kind of malformed request raises ProtocolError("bad_request") saying what is wrong."""
    with pytest.raises(ProtocolError) as caught:
        decode_request(line)
    assert caught.value.code == "bad_request"
    assert words in caught.value.message


def test_decode_reply_needs_boolean_ok() -> None:
    """A reply without a boolean "ok" is a bad reply; a proper one decodes."""
    assert decode_reply(b'{"ok": false, "error": "no"}') == {"ok": False, "error": "no"}
    for line in (b'{"status": 1}', b'{"ok": "yes"}', b"nonsense"):
        with pytest.raises(ProtocolError) as caught:
            decode_reply(line)
        assert caught.value.code == "bad_reply"


def test_line_buffer_splits_lines_across_chunks() -> None:
    """Lines split over several chunks, or several in one chunk, come out whole and in order."""
    lines = LineBuffer()
    lines.feed(b'{"cmd":"a"}\n{"cm')
    assert lines.pop_line() == b'{"cmd":"a"}'
    assert lines.pop_line() is None
    lines.feed(b'd":"b"}\n\n')
    assert lines.pop_line() == b'{"cmd":"b"}'
    assert lines.pop_line() == b""
    assert lines.pop_line() is None
    assert len(lines) == 0


def test_line_buffer_accepts_a_line_of_exactly_the_limit() -> None:
    """A line of exactly the limit is accepted."""
    lines = LineBuffer(limit=10)
    lines.feed(b"0123456789\n")
    assert lines.pop_line() == b"0123456789"


def test_line_buffer_rejects_a_line_over_the_limit_before_it_ends() -> None:
    """Once more than the limit has arrived without a newline, too_large is raised and dropped."""
    lines = LineBuffer(limit=10)
    lines.feed(b"0123456789")
    assert lines.pop_line() is None
    lines.feed(b"A")
    with pytest.raises(ProtocolError) as caught:
        lines.pop_line()
    assert caught.value.code == "too_large"
    assert len(lines) == 0


def test_line_buffer_rejects_a_complete_line_over_the_limit() -> None:
    """A complete line longer than the limit is too large even though its newline arrived."""
    lines = LineBuffer(limit=4)
    lines.feed(b"12345\n")
    with pytest.raises(ProtocolError, match="limit of 4 bytes"):
        lines.pop_line()


def test_default_limit_is_64_kib() -> None:
    """The protocol's message limit is 64 KiB."""
    assert MAX_MESSAGE_BYTES == 64 * 1024


def _reply(line: bytes) -> dict[str, object]:
    """Run the shared reply logic with the sample handler and decode what it produced."""
    result = json.loads(answer(line, sample_handler).line)
    assert isinstance(result, dict)
    return result


def test_answer_passes_the_handler_reply_through() -> None:
    """A valid request gets exactly the handler's reply."""
    assert _reply(b'{"cmd": "echo", "args": {"n": 1}}') == {"ok": True, "args": {"n": 1}}


def test_answer_turns_bad_input_into_an_error_reply() -> None:
    """A malformed request gets an error reply with code bad_request, not an exception."""
    reply = _reply(b"{{{")
    assert reply["ok"] is False
    assert reply["code"] == "bad_request"


def test_answer_reports_handler_exceptions_as_internal() -> None:
    """A handler that raises yields an internal error naming the command and the exception."""
    reply = _reply(b'{"cmd": "fail"}')
    assert reply["code"] == "internal"
    assert "'fail'" in str(reply["error"])
    assert "RuntimeError" in str(reply["error"])


def test_answer_catches_replies_that_are_not_json() -> None:
    """A handler reply that cannot be encoded becomes an internal error."""
    reply = _reply(b'{"cmd": "not-json"}')
    assert reply["code"] == "internal"


@pytest.mark.parametrize("bad", [None, [], {"no": "ok"}, {"ok": "yes"}])
def test_answer_catches_malformed_handler_replies(bad: object) -> None:
    """A handler reply that is not a dict with a boolean "ok" becomes an internal error."""
    result = answer(b'{"cmd": "x"}', lambda _request: bad)  # type: ignore[arg-type,return-value]
    assert json.loads(result.line)["code"] == "internal"


def test_answer_refuses_replies_over_the_limit() -> None:
    """A reply longer than the message limit becomes an internal error instead."""
    huge = {"ok": True, "blob": "x" * MAX_MESSAGE_BYTES}
    result = answer(b'{"cmd": "x"}', lambda _request: huge)
    assert json.loads(result.line)["code"] == "internal"


def test_answer_marks_accepted_subscriptions() -> None:
    """Only an ok reply with "subscribe": true turns the connection into a subscriber."""
    assert answer(b'{"cmd": "subscribe"}', sample_handler).subscribe is True
    assert answer(b'{"cmd": "ping"}', sample_handler).subscribe is False
    refused = {"ok": False, "subscribe": True, "error": "no"}
    assert answer(b'{"cmd": "subscribe"}', lambda _request: refused).subscribe is False

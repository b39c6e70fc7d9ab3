"""The Unix control server over real sockets: requests, bad input, load, files and shutdown."""

from __future__ import annotations

import random
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitbreak.control import client
from sitbreak.control.server import ControlServer
from tests.support.control import connect_raw, read_reply, sample_handler
from tests.support.waiting import eventually


def _ping_works(path: Path) -> bool:
    """Whether a fresh client still gets a pong."""
    return client.request(path, "ping", timeout=10) == {"ok": True, "pong": True}


def test_round_trip(server: ControlServer) -> None:
    """A request reaches the handler and its reply comes back to the client."""
    reply = client.request(server.path, "echo", {"snooze": "10m", "n": [1, 2]})
    assert reply == {"ok": True, "args": {"snooze": "10m", "n": [1, 2]}}


def test_several_requests_on_one_connection(server: ControlServer) -> None:
    """One connection may carry many requests, each answered in order, even when pipelined."""
    with connect_raw(server.path) as sock:
        sock.sendall(b"".join(b'{"cmd":"echo","args":{"i":%d}}\n' % i for i in range(5)))
        for i in range(5):
            assert read_reply(sock) == {"ok": True, "args": {"i": i}}
        sock.sendall(b'{"cmd":"ping"}\n')
        assert read_reply(sock) == {"ok": True, "pong": True}


def test_unknown_command_gets_the_handlers_reply(server: ControlServer) -> None:
    """An unknown command is the handler's business: its error reply reaches the client."""
    reply = client.request(server.path, "dance")
    assert reply["ok"] is False
    assert reply["code"] == "unknown_command"


def test_handler_exception_becomes_internal_error(server: ControlServer) -> None:
    """A handler that raises gives the client an internal error and the server keeps serving."""
    reply = client.request(server.path, "fail")
    assert reply["ok"] is False
    assert reply["code"] == "internal"
    assert _ping_works(server.path)


def test_random_bytes_get_error_replies(server: ControlServer) -> None:
    """Arbitrary bytes get one reply per line, never a crash, and the server answers after."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=2000))
    def check(noise: bytes) -> None:
        with connect_raw(server.path) as sock:
            sock.sendall(noise + b"\n")
            for _ in range(noise.count(b"\n") + 1):
                reply = read_reply(sock)
                assert reply is not None
                assert isinstance(reply["ok"], bool)
            sock.sendall(b'{"cmd":"ping"}\n')
            assert read_reply(sock) == {"ok": True, "pong": True}

    check()


def test_seeded_random_garbage_streams(server: ControlServer) -> None:
    """Longer seeded garbage streams, closed abruptly, leave the server healthy."""
    rng = random.Random(20240611)
    for _ in range(20):
        with connect_raw(server.path) as sock:
            sock.sendall(rng.randbytes(rng.randrange(1, 50_000)))
    assert _ping_works(server.path)


def test_invalid_utf8_is_a_bad_request(server: ControlServer) -> None:
    """A request that is not UTF-8 gets a bad_request reply saying so."""
    with connect_raw(server.path) as sock:
        sock.sendall(b'{"cmd": "pi\xffng"}\n')
        reply = read_reply(sock)
    assert reply is not None
    assert reply["code"] == "bad_request"
    assert "UTF-8" in str(reply["error"])
    assert _ping_works(server.path)


def test_wrong_types_are_bad_requests(server: ControlServer) -> None:
    """A numeric "cmd" or a list "args" gets a bad_request reply naming the field."""
    with connect_raw(server.path) as sock:
        sock.sendall(b'{"cmd": 42}\n{"cmd": "echo", "args": ["a"]}\n[1]\n')
        replies = [read_reply(sock) for _ in range(3)]
    assert [r["code"] for r in replies if r] == ["bad_request"] * 3
    assert '"cmd"' in str(replies[0] and replies[0]["error"])
    assert '"args"' in str(replies[1] and replies[1]["error"])
    assert _ping_works(server.path)


def test_truncated_json_then_half_close_is_answered(server: ControlServer) -> None:
    """An unterminated last request is still answered when the client only half-closes."""
    with connect_raw(server.path) as sock:
        sock.sendall(b'{"cmd": "pi')
        sock.shutdown(socket.SHUT_WR)
        reply = read_reply(sock)
        assert reply is not None
        assert reply["code"] == "bad_request"
        assert sock.recv(100) == b""
    assert _ping_works(server.path)


def test_truncated_json_then_close(server: ControlServer) -> None:
    """A client that sends half a request and vanishes costs nothing."""
    for _ in range(10):
        with connect_raw(server.path) as sock:
            sock.sendall(b'{"cmd": "ping", "args": {"x": [1, 2')
    assert _ping_works(server.path)


def test_ten_megabyte_message_is_refused_early(server: ControlServer) -> None:
    """A 10 MB line gets too_large and is cut off long before the client has sent it all."""
    outcome: dict[str, str] = {}
    with connect_raw(server.path) as sock:

        def send_everything() -> None:
            try:
                sock.sendall(b"x" * 10_000_000)
                outcome["send"] = "completed"
            except OSError as error:
                outcome["send"] = type(error).__name__

        sender = threading.Thread(target=send_everything)
        sender.start()
        reply = read_reply(sock)
        sender.join(timeout=30)
    assert reply is not None
    assert reply["code"] == "too_large"
    assert outcome["send"] in {"BrokenPipeError", "ConnectionResetError"}
    assert _ping_works(server.path)


def test_silent_client_is_dropped_without_blocking_others(sock_path: Path) -> None:
    """A client that says nothing is dropped after read_timeout; others are served meanwhile."""
    with ControlServer(sock_path, sample_handler, read_timeout=3.0):
        with connect_raw(sock_path) as silent, connect_raw(sock_path) as patient:
            for _ in range(5):
                assert _ping_works(sock_path)
            # Still inside its timeout: the quiet-but-alive client is answered too.
            patient.sendall(b'{"cmd":"ping"}\n')
            assert read_reply(patient) == {"ok": True, "pong": True}
            farewell = read_reply(silent)
            assert farewell is not None
            assert farewell["code"] == "timeout"
            assert silent.recv(100) == b""
        assert _ping_works(sock_path)


def test_fifty_concurrent_clients(server: ControlServer) -> None:
    """50 threads making 20 requests each all get their own correct replies."""

    def run_client(number: int) -> list[bool]:
        results = []
        for index in range(20):
            args = {"client": number, "index": index}
            reply = client.request(server.path, "echo", args, timeout=60)
            results.append(reply == {"ok": True, "args": args})
        return results

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = [ok for batch in pool.map(run_client, range(50)) for ok in batch]
    assert len(outcomes) == 1000
    assert all(outcomes)
    assert _ping_works(server.path)


def test_close_unlinks_the_socket_and_ends_connections(sock_path: Path) -> None:
    """close() stops the server, hangs up on connected clients and removes the socket file."""
    server = ControlServer(sock_path, sample_handler, read_timeout=30.0)
    server.start()
    idle = connect_raw(sock_path)
    assert _ping_works(sock_path)
    server.close()
    assert not sock_path.exists()
    assert idle.recv(100) == b""
    idle.close()
    server.close()  # a second close is harmless


def test_handler_may_close_the_server_it_runs_in(sock_path: Path) -> None:
    """A handler that calls close() (as a "stop" command would) does not deadlock the server."""
    holder: list[ControlServer] = []

    def stopping_handler(request: object) -> dict[str, object]:
        holder[0].close()
        return {"ok": True}

    holder.append(ControlServer(sock_path, stopping_handler))  # type: ignore[arg-type]
    holder[0].start()
    client.request(sock_path, "stop")
    assert eventually(lambda: not sock_path.exists())

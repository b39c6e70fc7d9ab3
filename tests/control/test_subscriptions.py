"""Subscriptions: published lines reach subscribers; stuck or departed subscribers go away."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sitbreak.control import client
from sitbreak.control.protocol import ProtocolError
from sitbreak.control.server import ControlServer
from tests.support.control import read_reply, sample_handler
from tests.support.waiting import eventually


def test_publish_reaches_every_subscriber(server: ControlServer) -> None:
    """Every subscriber receives every published object, in order."""
    with (
        client.subscribe(server.path, push_timeout=10) as first,
        client.subscribe(server.path, push_timeout=10) as second,
    ):
        assert first.welcome == {"ok": True, "subscribe": True}
        assert server.subscriber_count == 2
        for number in range(3):
            server.publish({"event": "status", "n": number})
        for subscription in (first, second):
            got = [next(subscription) for _ in range(3)]
            assert got == [{"event": "status", "n": n} for n in range(3)]


def test_requests_still_work_beside_subscribers(server: ControlServer) -> None:
    """Plain requests are answered while subscribers are connected."""
    with client.subscribe(server.path, push_timeout=10):
        assert client.request(server.path, "ping") == {"ok": True, "pong": True}


def test_closed_subscriber_is_removed(server: ControlServer) -> None:
    """A subscriber that disconnects is forgotten without any publish needed."""
    subscription = client.subscribe(server.path)
    assert server.subscriber_count == 1
    subscription.close()
    assert eventually(lambda: server.subscriber_count == 0)


def test_subscriber_that_never_reads_is_dropped(server: ControlServer) -> None:
    """A subscriber that stops reading is dropped once its buffer fills; others are unaffected."""
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.settimeout(10)
    stuck.connect(str(server.path))
    stuck.sendall(b'{"cmd": "subscribe"}\n')
    assert read_reply(stuck) == {"ok": True, "subscribe": True}
    with client.subscribe(server.path, push_timeout=10) as reader:
        message = {"event": "status", "padding": "x" * 1000}
        published = 0
        while server.subscriber_count == 2 and published < 20_000:
            server.publish(message)
            published += 1
            assert next(reader) == message  # the reading subscriber keeps up
        assert server.subscriber_count == 1
        assert client.request(server.path, "ping") == {"ok": True, "pong": True}
        server.publish({"event": "after"})
        assert next(reader) == {"event": "after"}
    drained = 0
    while chunk := stuck.recv(65536):  # what was queued, then end of stream: the server hung up
        drained += len(chunk)
    assert 0 < drained < 64 * 1024 + 2 * 1024 * 1024
    stuck.close()


def test_stuck_subscriber_never_blocks_publish(sock_path: Path) -> None:
    """Publishing to a subscriber that never reads returns at once, however much is published."""
    with ControlServer(sock_path, sample_handler, subscriber_buffer=8 * 1024) as server:
        stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stuck.connect(str(sock_path))
        stuck.sendall(b'{"cmd": "subscribe"}\n')
        for _ in range(5000):
            server.publish({"event": "status", "padding": "y" * 500})
        assert eventually(lambda: server.subscriber_count == 0)
        assert client.request(sock_path, "ping") == {"ok": True, "pong": True}
        stuck.close()


def test_subscription_refused_by_handler(sock_path: Path) -> None:
    """If the handler does not accept the subscription, subscribe() raises with its error."""

    def refusing(_request: object) -> dict[str, object]:
        return {"ok": False, "code": "unknown_command", "error": "no subscriptions here"}

    with (
        ControlServer(sock_path, refusing),  # type: ignore[arg-type]
        pytest.raises(ProtocolError, match="no subscriptions here") as caught,
    ):
        client.subscribe(sock_path)
    assert caught.value.code == "unknown_command"


def test_subscription_ends_when_the_server_closes(sock_path: Path) -> None:
    """Iterating a subscription stops cleanly when the daemon shuts down."""
    server = ControlServer(sock_path, sample_handler)
    server.start()
    subscription = client.subscribe(sock_path, push_timeout=10)
    server.publish({"event": "last"})
    assert next(subscription) == {"event": "last"}
    server.close()
    assert list(subscription) == []


def test_publish_rejects_what_json_cannot_carry(server: ControlServer) -> None:
    """Publishing something that is not JSON fails in the caller, not in the server thread."""
    with pytest.raises(TypeError):
        server.publish({"event": object()})
    assert client.request(server.path, "ping") == {"ok": True, "pong": True}

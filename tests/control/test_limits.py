"""The control server under a flood: bounded followers, a queue for requests, no spinning."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from sitbreak.control import client
from sitbreak.control.server import MAX_CLIENTS, MAX_SUBSCRIBERS, ControlServer
from tests.support.control import connect_raw, read_reply, sample_handler
from tests.support.waiting import eventually


def subscribe_raw(path: Path) -> socket.socket:
    """A connection that subscribed (its welcome read) and will never read again."""
    sock = connect_raw(path)
    sock.sendall(b'{"cmd":"subscribe"}\n')
    assert read_reply(sock) == {"ok": True, "subscribe": True}
    return sock


def test_followers_past_the_limit_are_refused_politely(server: ControlServer) -> None:
    """The 33rd subscription gets an error saying why, and requests are still answered."""
    assert server.max_subscribers == MAX_SUBSCRIBERS
    followers = [subscribe_raw(server.path) for _ in range(MAX_SUBSCRIBERS)]
    try:
        with connect_raw(server.path) as late:
            late.sendall(b'{"cmd":"subscribe"}\n')
            refused = read_reply(late)
            assert refused is not None
            assert refused["code"] == "too_many_subscribers"
            assert refused["error"] == "32 others already follow the status; close one first"
            assert late.recv(10) == b""
        assert server.subscriber_count == MAX_SUBSCRIBERS
        assert client.request(server.path, "ping") == {"ok": True, "pong": True}
    finally:
        for follower in followers:
            follower.close()
    assert eventually(lambda: server.subscriber_count == 0)


def test_requests_past_the_limit_wait_their_turn(server: ControlServer) -> None:
    """With 64 silent connections open, the next client is answered once one of them goes."""
    assert server.max_clients == MAX_CLIENTS
    silent = [connect_raw(server.path) for _ in range(MAX_CLIENTS)]
    try:
        waiting = connect_raw(server.path)
        waiting.sendall(b'{"cmd":"ping"}\n')
        waiting.settimeout(0.5)
        try:
            early = waiting.recv(100)
        except TimeoutError:
            early = b""
        assert early == b""  # queued in the kernel, not accepted yet
        silent.pop().close()
        waiting.settimeout(10)
        assert read_reply(waiting) == {"ok": True, "pong": True}
        waiting.close()
    finally:
        for sock in silent:
            sock.close()


def test_a_follower_that_leaves_pushes_unread_is_dropped(
    sock_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A subscriber whose pushed lines sit unsent past the stall time is dropped."""
    caplog.set_level(logging.INFO)
    roomy = 8 * 1024 * 1024  # an outbox that never fills here: only the stall can drop it
    with ControlServer(
        sock_path, sample_handler, subscriber_buffer=roomy, subscriber_stall=0.5
    ) as server:
        stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.settimeout(10)
        stuck.connect(str(sock_path))
        stuck.sendall(b'{"cmd":"subscribe"}\n')
        assert read_reply(stuck) == {"ok": True, "subscribe": True}
        kernel_holds = stuck.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        for _ in range(2 * kernel_holds // 1000):  # more than the kernel takes
            server.publish({"event": "status", "padding": "z" * 1000})
        assert eventually(lambda: server.subscriber_count == 0)
        stuck.close()
    assert "left updates unread for 0.5 s" in caplog.text

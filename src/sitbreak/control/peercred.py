"""Which local user is on the other end of a Unix socket, whatever the platform."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable

from sitbreak.control._peer_bsd import peer_uid as bsd_peer_uid
from sitbreak.control._peer_linux import peer_uid as linux_peer_uid

__all__ = ["peer_uid", "peer_uid_reader", "refusal"]


def peer_uid(sock: socket.socket) -> int:
    """The connected peer's uid; OSError where the platform has no way to tell."""
    return peer_uid_reader(sys.platform)(sock)


def refusal(sock: socket.socket, expected_uid: int) -> str | None:
    """Why the peer of ``sock`` may not talk to us, or None if it runs as ``expected_uid``."""
    try:
        uid = peer_uid(sock)
    except OSError as error:
        return f"refused: cannot check which user is connecting ({error})"
    if uid != expected_uid:
        return f"refused: peer uid {uid} is not the daemon's uid {expected_uid}"
    return None


def peer_uid_reader(platform: str) -> Callable[[socket.socket], int]:
    """The peer-uid function for ``platform`` (a ``sys.platform`` value)."""
    if platform == "linux":
        return linux_peer_uid
    if platform == "darwin" or "bsd" in platform:
        return bsd_peer_uid
    raise OSError(f"no way to check a Unix socket peer's uid on {platform}")

"""The uid of the process at the other end of a Unix socket, on Linux (SO_PEERCRED)."""

from __future__ import annotations

import socket
import struct
import sys

__all__ = ["peer_uid"]

_UCRED = struct.Struct("iII")  # struct ucred { pid_t pid; uid_t uid; gid_t gid; }


def peer_uid(sock: socket.socket) -> int:
    """The peer's effective uid when it connected, as the kernel recorded it."""
    if sys.platform == "linux":
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
        _pid, uid, _gid = _UCRED.unpack(raw)
        return int(uid)
    raise OSError("SO_PEERCRED exists only on Linux")

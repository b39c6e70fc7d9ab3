"""The uid of the process at the other end of a Unix socket, on macOS and the BSDs."""

from __future__ import annotations

import socket
import struct

__all__ = ["peer_uid"]

_SOL_LOCAL = 0  # socket level of LOCAL_PEERCRED (<sys/un.h>)
_LOCAL_PEERCRED = 0x001
_XUCRED_HEAD = struct.Struct("=II")  # struct xucred starts { u_int cr_version; uid_t cr_uid; ...
_XUCRED_SIZE = 76  # version, uid, short ngroups (padded), gid_t groups[16]
_XUCRED_VERSION = 0


def peer_uid(sock: socket.socket) -> int:
    """The peer's effective uid, read from the kernel's ``struct xucred`` (what getpeereid uses)."""
    raw = sock.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED_SIZE)
    version, uid = _XUCRED_HEAD.unpack_from(raw)
    if version != _XUCRED_VERSION:
        raise OSError(f"unexpected struct xucred version {version} from LOCAL_PEERCRED")
    return int(uid)

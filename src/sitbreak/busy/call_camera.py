"""In a call: one of this user's processes has a camera (``/dev/video*``) open."""

from __future__ import annotations

import os
from pathlib import Path

from sitbreak.busy.base import CALL, Availability, SessionInfo, Switch, Unavailable
from sitbreak.busy.linux_processes import own_processes

__all__ = ["CameraInUse", "camera_users"]


def camera_users(proc: Path, devices: set[str]) -> list[int]:
    """Pids of this user's processes holding one of ``devices`` (paths) open."""
    users: list[int] = []
    for process in own_processes(proc):
        try:
            descriptors = list(os.scandir(process / "fd"))
        except OSError:
            continue  # ended, or not ours to look into
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor.path)
            except OSError:
                continue
            if target in devices:
                users.append(int(process.name))
                break
    return users


class CameraInUse:
    """Busy while a camera is open: video calls keep it open for the whole call.

    Only open files are looked at, never the picture. The cost is one readlink per open
    file of this user's processes, paid only when a reminder is due or held.
    """

    name = "camera"
    switch = Switch.IN_CALL

    def __init__(self, info: SessionInfo) -> None:
        """Look for ``video*`` devices under ``info.dev`` and processes under ``info.proc``."""
        self._info = info

    def _devices(self) -> set[str]:
        """Paths of the video devices present now."""
        return {str(path) for path in self._info.dev.glob("video*")}

    def probe(self) -> Availability:
        """Works when there is a camera device; one plugged in later is picked up then."""
        try:
            busy = self.read()
        except Unavailable as error:
            return Availability(False, str(error), may_appear=True)
        devices = ", ".join(sorted(self._devices()))
        return Availability(True, f"{devices} ({'in use' if busy else 'not in use'} now)")

    def read(self) -> frozenset[str]:
        """``call`` while any of this user's processes has a camera open."""
        devices = self._devices()
        if not devices:
            raise Unavailable(f"no camera (no {self._info.dev}/video* device)", may_appear=True)
        return frozenset({CALL}) if camera_users(self._info.proc, devices) else frozenset()

    def change_rules(self) -> tuple[str, ...]:
        """Opening a device is not on D-Bus; grace polling covers it."""
        return ()

"""The busy signals of a Linux desktop, in the order doctor lists them."""

from __future__ import annotations

from sitbreak.busy.apps import RunningApps
from sitbreak.busy.base import BusySignal, SessionInfo
from sitbreak.busy.call_camera import CameraInUse
from sitbreak.busy.call_microphone import MicrophoneInUse
from sitbreak.busy.dbus_reader import DBusReader
from sitbreak.busy.dnd_dunst import DunstPaused
from sitbreak.busy.dnd_gnome import GnomeShowBanners
from sitbreak.busy.dnd_kde import KdeInhibited
from sitbreak.busy.dnd_mako import MakoMode
from sitbreak.busy.dnd_swaync import SwayncDoNotDisturb
from sitbreak.busy.dnd_xfce import XfceDoNotDisturb
from sitbreak.busy.fullscreen_gnome import GnomeIdleInhibit
from sitbreak.busy.fullscreen_x11 import X11Fullscreen
from sitbreak.busy.linux_processes import process_names

__all__ = ["linux_signals"]


def linux_signals(apps: tuple[str, ...], info: SessionInfo, bus: DBusReader) -> list[BusySignal]:
    """Every signal Linux may offer; the probe then says which work on this desktop."""
    return [
        KdeInhibited(bus),
        GnomeShowBanners(info),
        XfceDoNotDisturb(bus, info),
        DunstPaused(bus),
        MakoMode(bus),
        SwayncDoNotDisturb(bus, info),
        X11Fullscreen(info),
        GnomeIdleInhibit(bus),
        MicrophoneInUse(info),
        CameraInUse(info),
        RunningApps(apps, lambda: process_names(info.proc), f"processes in {info.proc}"),
    ]

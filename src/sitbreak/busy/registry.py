"""Which busy signals this platform has, which the settings switch on, and what doctor shows."""

from __future__ import annotations

import sys

from sitbreak.busy.base import BusySignal, SessionInfo, SignalReport, Switch
from sitbreak.busy.dbus_reader import DBusReader
from sitbreak.settings.model import QuietSettings, Settings

__all__ = ["diagnose", "is_enabled", "platform_signals"]


def platform_signals(quiet: QuietSettings, info: SessionInfo, bus: DBusReader) -> list[BusySignal]:
    """Every signal this platform may offer (enabled or not), each probed separately."""
    apps = tuple(quiet.apps)
    if sys.platform == "win32":
        from sitbreak.busy.windows import windows_signals

        return windows_signals(apps)
    if sys.platform == "darwin":
        from sitbreak.busy.macos import macos_signals

        return macos_signals(apps)
    from sitbreak.busy.linux import linux_signals

    return linux_signals(apps, info, bus)


def is_enabled(signal: BusySignal, quiet: QuietSettings) -> bool:
    """Whether the ``[quiet]`` switch of ``signal`` is on (for apps: whether any are listed)."""
    if signal.switch is Switch.APPS:
        return bool(quiet.apps)
    return bool(getattr(quiet, signal.switch.value))


def diagnose(settings: Settings, info: SessionInfo | None = None) -> list[SignalReport]:
    """Probe every busy signal of this platform: for ``sitbreak doctor``.

    Each report names the signal, whether it can be read on this desktop and why (not),
    and whether the settings switch it on. Reads the desktop once; changes nothing.
    """
    where = info or SessionInfo()
    bus = DBusReader(where.bus_address)
    try:
        reports = []
        for signal in platform_signals(settings.quiet, where, bus):
            availability = signal.probe()
            enabled = is_enabled(signal, settings.quiet)
            detail = availability.detail
            if not enabled:
                detail += f" [off: {_off_because(signal.switch)}]"
            elif availability.may_appear and not availability.works:
                detail += " [tried again whenever a reminder is due]"
            reports.append(SignalReport(signal.name, availability.works, detail, enabled))
        return reports
    finally:
        bus.close()


def _off_because(switch: Switch) -> str:
    """Which setting keeps a signal off."""
    if switch is Switch.APPS:
        return "[quiet] apps is empty"
    return f"[quiet] {switch.value} = false"

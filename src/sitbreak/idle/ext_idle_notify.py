"""Wayland ``ext-idle-notify-v1`` (KDE Plasma 6, sway >= 1.8, Hyprland, COSMIC, Wayfire).

Version 2's ``get_input_idle_notification`` counts only input, so a playing video (which
holds an idle inhibitor) is not mistaken for a person at the desk; on a version 1
compositor ``get_idle_notification`` is the fallback. Event-driven. The binding ships in
pywayland's wheel. Run ``python -m sitbreak.idle.ext_idle_notify`` to watch it work.
"""

from __future__ import annotations

from typing import Any

from sitbreak.idle.wayland_watch import IdleProtocol, WaylandIdle, open_wayland, wayland_socket

__all__ = ["open_backend"]

_INPUT_ONLY_SINCE = 2


def _create(notifier: Any, version: int, seat: Any, timeout_ms: int) -> Any:
    """An input-only notification on version 2, the inhibitor-aware one on version 1."""
    if version >= _INPUT_ONLY_SINCE:
        return notifier.get_input_idle_notification(timeout_ms, seat)
    return notifier.get_idle_notification(timeout_ms, seat)


def _destroy(notification: Any) -> None:
    """Send the notification's destructor request."""
    notification.destroy()


def open_backend() -> WaylandIdle:
    """Bind ``ext_idle_notifier_v1`` on the session's compositor, or raise Unavailable."""
    wayland_socket()  # before importing pywayland: no compositor, no import
    from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1

    protocol = IdleProtocol(
        backend_name="ext-idle-notify",
        global_name="ext_idle_notifier_v1",
        interface=ExtIdleNotifierV1,
        max_version=_INPUT_ONLY_SINCE,
        idle_event="idled",
        resumed_event="resumed",
        create=_create,
        destroy=_destroy,
    )
    return open_wayland(protocol)


if __name__ == "__main__":
    from sitbreak.idle.probe_loop import print_idle_seconds

    print_idle_seconds(open_backend())

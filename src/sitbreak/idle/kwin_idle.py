"""Wayland ``org_kde_kwin_idle``: older KWin (Plasma 5) and sway 1.7 / wlroots < 0.16.

pywayland's wheel does not carry this KDE protocol; ``kde_binding`` generates its Python
binding from the protocol XML shipped in ``sitbreak/data``. Event-driven.
Run ``python -m sitbreak.idle.kwin_idle`` to watch it work.
"""

from __future__ import annotations

from typing import Any

from sitbreak.idle.wayland_watch import IdleProtocol, WaylandIdle, open_wayland, wayland_socket

__all__ = ["open_backend"]


def _create(idle: Any, _version: int, seat: Any, timeout_ms: int) -> Any:
    """A timeout object on the seat (the protocol has a single version)."""
    return idle.get_idle_timeout(seat, timeout_ms)


def _destroy(timeout: Any) -> None:
    """Send the timeout's destructor request."""
    timeout.release()


def open_backend() -> WaylandIdle:
    """Bind ``org_kde_kwin_idle`` on the session's compositor, or raise Unavailable."""
    wayland_socket()  # before importing pywayland: no compositor, no import
    from sitbreak.idle.kde_binding import kde_idle_module

    protocol = IdleProtocol(
        backend_name="kwin-idle",
        global_name="org_kde_kwin_idle",
        interface=kde_idle_module().OrgKdeKwinIdle,
        max_version=1,
        idle_event="idle",
        resumed_event="resumed",
        create=_create,
        destroy=_destroy,
    )
    return open_wayland(protocol)


if __name__ == "__main__":
    from sitbreak.idle.probe_loop import print_idle_seconds

    print_idle_seconds(open_backend())

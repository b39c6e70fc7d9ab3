"""A real EWMH window manager (openbox) in a test desktop, and a window to make full screen."""

from __future__ import annotations

from tests.support.desktop import DesktopSession
from tests.support.tools import require_tools
from tests.support.waiting import wait_until

__all__ = ["WINDOW_TOOLS", "open_window", "set_fullscreen", "start_openbox"]

# Tools these helpers run, with their Debian packages.
WINDOW_TOOLS = {
    "openbox": "openbox",
    "wmctrl": "wmctrl",
    "xmessage": "x11-utils",
    "xprop": "x11-utils",
}


def start_openbox(session: DesktopSession) -> None:
    """Start openbox in ``session`` and wait until it manages the display."""
    require_tools(WINDOW_TOOLS)
    session.spawn("openbox", ["openbox"])

    def managing() -> bool:
        """Whether a window manager announces itself on the root window."""
        done = session.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"])
        return "window id" in done.stdout

    wait_until(managing, "openbox did not take over the display", describe=session.describe)


def active_window(session: DesktopSession) -> int:
    """The window the window manager publishes as the active one (0 for none)."""
    out = session.run(["xprop", "-root", "_NET_ACTIVE_WINDOW"]).stdout
    return int(out.split("#")[-1].strip(), 16) if "window id #" in out else 0


def window_titled(session: DesktopSession, title: str) -> int:
    """The id of the managed window called ``title`` (0 while there is none)."""
    for line in session.run(["wmctrl", "-l"]).stdout.splitlines():
        if line.endswith(f" {title}"):
            return int(line.split()[0], 16)
    return 0


def open_window(session: DesktopSession, title: str) -> int:
    """Open a small window called ``title``, wait until it has the focus, return its id."""
    session.spawn(f"window-{title}", ["xmessage", "-title", title, "a window to present"])
    wait_until(
        lambda: window_titled(session, title) != 0,
        "the window never appeared",
        describe=session.describe,
    )
    window = window_titled(session, title)
    wait_until(
        lambda: active_window(session) == window,
        "the window never got focus",
        describe=session.describe,
    )
    return window


def set_fullscreen(session: DesktopSession, window: int, *, on: bool) -> None:
    """Ask the window manager (EWMH _NET_WM_STATE) to make ``window`` full screen, or not."""
    action = "add,fullscreen" if on else "remove,fullscreen"
    done = session.run(["wmctrl", "-i", "-r", hex(window), "-b", action])
    assert done.returncode == 0, f"wmctrl failed: {done.stderr}"

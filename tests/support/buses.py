"""Private D-Bus buses for test desktops: the session bus, and more (e.g. a stand-in system bus)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.support.processes import start_and_read_line

if TYPE_CHECKING:  # desktop.py starts its session bus here, so no import back at run time
    from tests.support.desktop import DesktopSession

__all__ = ["start_bus", "start_extra_bus"]

START_TIMEOUT_SECONDS = 30.0

# No <standard_session_servicedirs/>: nothing is ever D-Bus-activated on these buses, so a call
# to a name nobody owns fails instead of starting the machine's own service (dunst, say).
_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{kind}</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_bus(session: DesktopSession, process_name: str, kind: str, socket: Path) -> str:
    """Start a bus of ``kind`` listening on ``socket`` in ``session``; return its address."""
    config = session.root / f"{process_name}.conf"
    config.write_text(_CONFIG.format(kind=kind, socket=socket))

    def dbus_daemon(fd: int) -> list[str]:
        """The command line, printing the address to ``fd`` once the bus is ready."""
        return ["dbus-daemon", f"--config-file={config}", "--nofork", f"--print-address={fd}"]

    return start_and_read_line(
        lambda fd: session.spawn(process_name, dbus_daemon(fd), pass_fds=[fd]),
        START_TIMEOUT_SECONDS,
    )


def start_extra_bus(session: DesktopSession, name: str, kind: str = "system") -> str:
    """Start a private bus named ``name`` in ``session``; return its address once it is ready."""
    return start_bus(session, f"dbus-{name}", kind, session.runtime_dir / f"{name}-bus")

"""One more private D-Bus bus in a test desktop, e.g. to stand in for the system bus."""

from __future__ import annotations

import os

from tests.support.desktop import DesktopSession
from tests.support.processes import read_line_from_fd

__all__ = ["start_extra_bus"]

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


def start_extra_bus(session: DesktopSession, name: str, kind: str = "system") -> str:
    """Start a private bus named ``name`` in ``session``; return its address once it is ready."""
    config = session.root / f"dbus-{name}.conf"
    config.write_text(_CONFIG.format(kind=kind, socket=session.runtime_dir / f"{name}-bus"))
    read_end, write_end = os.pipe()
    try:
        try:
            argv = [
                "dbus-daemon",
                f"--config-file={config}",
                "--nofork",
                f"--print-address={write_end}",
            ]
            process = session.spawn(f"dbus-{name}", argv, pass_fds=[write_end])
        finally:
            os.close(write_end)
        return read_line_from_fd(read_end, process, 30.0).strip()
    finally:
        os.close(read_end)

"""Is a freedesktop notification server reachable on the session bus? (Linux only.)"""

from __future__ import annotations

import os

__all__ = ["server_information"]

_BUS_NAME = "org.freedesktop.Notifications"
_PATH = "/org/freedesktop/Notifications"


def server_information(timeout: float = 3.0) -> tuple[str, str, str, str]:
    """(name, vendor, version, spec) of the server; raise OSError with a reason when none answers.

    The call also starts a server that D-Bus can activate on demand.
    """
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise OSError("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set")
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusErrorResponse, unwrap_msg

    address = DBusAddress(_PATH, bus_name=_BUS_NAME, interface=_BUS_NAME)
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            reply = connection.send_and_get_reply(
                new_method_call(address, "GetServerInformation"), timeout=timeout
            )
            name, vendor, version, spec = unwrap_msg(reply)
    except DBusErrorResponse as error:
        raise OSError(f"no notification server on the session bus ({error.name})") from error
    except (OSError, KeyError, ValueError, TimeoutError) as error:
        raise OSError(f"cannot reach the D-Bus session bus ({error})") from error
    return str(name), str(vendor), str(version), str(spec)

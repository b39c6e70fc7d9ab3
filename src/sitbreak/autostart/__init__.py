"""Starting sitbreak at login: XDG autostart, a systemd user unit, a LaunchAgent, the Run key."""

from sitbreak.autostart.entry import (
    AutostartError,
    Found,
    LaunchCommand,
    Method,
    StartupEntry,
    current_command,
)
from sitbreak.autostart.manage import Autostart, config_home, default_method, platform_methods

__all__ = [
    "Autostart",
    "AutostartError",
    "Found",
    "LaunchCommand",
    "Method",
    "StartupEntry",
    "config_home",
    "current_command",
    "default_method",
    "platform_methods",
]

"""The checks ``sitbreak doctor`` runs: settings, notifications, autostart and the daemon."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sitbreak import __version__, paths
from sitbreak.cli.doctor_cmd import DoctorContext, Finding, Level
from sitbreak.settings.model import Settings

if TYPE_CHECKING:
    from sitbreak.dbus import Bus, Target

__all__ = [
    "check_autostart",
    "check_busy",
    "check_daemon",
    "check_idle",
    "check_log",
    "check_notifications",
    "check_settings",
    "check_tray",
]


def check_settings(context: DoctorContext) -> list[Finding]:
    """The settings load as the daemon would load them; keeps the configuration for later checks."""
    from sitbreak.daemon.configuration import load_configuration
    from sitbreak.settings.loading import ConfigError

    try:
        configuration = load_configuration(context.config_path, context.overrides)
    except ConfigError as error:
        fix = "fix these lines ('sitbreak config check' lists them), then 'sitbreak reload'"
        return [Finding(Level.FAIL, "settings", f"the settings have problems:\n{error}", fix)]
    context.configuration = configuration
    loaded = configuration.loaded
    if loaded.file_exists:
        findings = [Finding(Level.OK, "settings", f"{loaded.config_file} is valid")]
    else:
        message = f"no file at {loaded.config_file}: the built-in defaults apply"
        findings = [Finding(Level.OK, "settings", message)]
    findings += [Finding(Level.WARN, "settings", warning) for warning in configuration.warnings]
    return findings


def check_notifications(context: DoctorContext) -> list[Finding]:
    """A notification server answers (Linux); with --send, one test notification goes out."""
    findings = []
    if sys.platform not in ("darwin", "win32"):
        from sitbreak.notify import NO_SERVER_FIX, NotifyError, notification_server

        try:
            server = notification_server()
        except NotifyError as error:
            return [Finding(Level.FAIL, "notifications", str(error), NO_SERVER_FIX)]
        message = f"server {server}, notification spec {server.spec}"
        findings.append(Finding(Level.OK, "notifications", message))
        if server.name == "dunst":
            findings += _dunst_menu()
    elif not context.send:
        message = "not checked on this system without showing one"
        findings.append(
            Finding(Level.WARN, "notifications", message, "run 'sitbreak doctor --send'")
        )
    if context.send:
        settings = context.configuration.settings if context.configuration else None
        findings.append(_send_test(settings))
    return findings


def _dunst_menu() -> list[Finding]:
    """dunst offers the buttons through its dmenu program: warn when that is not installed."""
    from sitbreak.dunst_menu import missing_menu

    missing = missing_menu()
    if missing is None:
        return []
    setting, files = missing
    where = f" (set in {files[-1]})" if files else " (dunst's default)"
    message = (
        f"dunst shows a reminder's Done, Snooze and Skip through its dmenu program"
        f" '{setting}'{where}, which is not installed: the buttons cannot be reached"
    )
    fix = (
        'install dmenu (apt install suckless-tools) or rofi and set dmenu = "rofi -dmenu -p'
        " dunst:\" in your dunstrc; meanwhile answer with 'sitbreak done', 'snooze' or 'skip'"
    )
    return [Finding(Level.WARN, "notifications", message, fix)]


def _send_test(settings: Settings | None) -> Finding:
    """Send one test notification the way the daemon sends reminders."""
    from sitbreak.core import Kind
    from sitbreak.notify import NotifyError, Reminder, open_notifier

    reminder = Reminder(
        Kind.POSTURE,
        "doctor-test",
        "sitbreak doctor",
        "A test notification: if you can read this, reminders reach you.",
        timeout=timedelta(seconds=10),
    )
    notifier = open_notifier(settings)
    try:
        notifier.send(reminder)
    except NotifyError as error:
        return Finding(Level.FAIL, "notifications", f"the test notification failed: {error}")
    finally:
        notifier.close()
    message = f"sent a test notification via {notifier.name}; check that it showed up"
    return Finding(Level.OK, "notifications", message)


def check_idle(settings: Settings) -> list[Finding]:
    """Every idle backend and lock source: whether it works here, and why not."""
    from sitbreak.idle import diagnose

    reports = diagnose(settings)
    findings = [
        Finding(
            Level.OK if report.works else Level.INFO,
            "idle detection",
            f"{report.name}: {report.detail}",
        )
        for report in reports
        if report.tried
    ]
    if settings.idle.enabled and not any(report.works for report in reports):
        findings.append(
            Finding(
                Level.WARN,
                "idle detection",
                "no backend works here: every minute at the computer counts as sitting",
                "run sitbreak inside your desktop session; 'sitbreak done' counts breaks",
            )
        )
    return findings


def check_busy(settings: Settings) -> list[Finding]:
    """Each busy signal: whether it works on this desktop, and why not."""
    from sitbreak.busy import diagnose

    reports = diagnose(settings)
    findings = [
        Finding(
            Level.OK if report.works and report.enabled else Level.INFO,
            "busy signals",
            f"{report.name}: {report.detail}",
        )
        for report in reports
    ]
    if not any(report.works and report.enabled for report in reports):
        findings.append(
            Finding(
                Level.WARN,
                "busy signals",
                "none works here: reminders also come during calls and presentations",
                "list your call or presentation programs in [quiet] apps, or 'sitbreak pause 1h'",
            )
        )
    return findings


def check_autostart(context: DoctorContext) -> list[Finding]:
    """A login entry exists, starts a Python that is still there, and only one does."""
    from sitbreak.autostart import Autostart
    from sitbreak.autostart.manage import trouble

    found = Autostart.for_this_platform().status()
    if not found:
        message = "no login entry: sitbreak does not start when you log in"
        return [Finding(Level.WARN, "autostart", message, "sitbreak autostart enable")]
    findings = []
    for entry in found:
        problem = trouble(entry)
        if problem is None:
            runs = " ".join(entry.command.argv() if entry.command else entry.argv)
            by = "" if entry.ours else " (an entry you wrote)"
            findings.append(
                Finding(Level.OK, "autostart", f"{entry.method}: {entry.location}{by} runs {runs}")
            )
            if entry.command is not None:
                findings += _config_mismatch(context, entry.command.config)
        elif entry.ours:
            findings.append(Finding(Level.FAIL, "autostart", f"{entry.method}: {problem}"))
        else:
            findings.append(Finding(Level.WARN, "autostart", problem or entry.location))
    if sum(finding.level is Level.OK for finding in findings) > 1:
        message = "sitbreak starts twice at login"
        fix = "run 'sitbreak autostart enable' (it keeps one entry)"
        findings.append(Finding(Level.FAIL, "autostart", message, fix))
    return findings


def _config_mismatch(context: DoctorContext, entry_config: str | None) -> list[Finding]:
    """A warning when the login entry will read other settings than the ones just checked."""
    if context.configuration is None:
        return []
    checked = context.configuration.loaded.config_file
    reads = Path(entry_config) if entry_config else paths.default_config_file()
    if _same(reads, checked):
        return []
    message = f"the login entry reads {reads}, but this check read {checked}"
    fix = "sitbreak autostart enable --config PATH, with the file you mean"
    return [Finding(Level.WARN, "autostart", message, fix)]


def _same(one: Path, other: Path) -> bool:
    """True when two paths name the same file."""
    return one.expanduser().resolve() == other.expanduser().resolve()


def check_daemon(context: DoctorContext) -> list[Finding]:
    """A daemon answers 'status', runs this version, and reads the settings just checked."""
    from sitbreak.control.client import DaemonNotRunning, ProtocolError, request
    from sitbreak.control.endpoint import client_endpoint

    try:
        reply = request(client_endpoint(), "status", timeout=5)
    except DaemonNotRunning:
        fix = "start it with 'sitbreak run', or 'sitbreak autostart enable' for every login"
        return [Finding(Level.WARN, "daemon", "not running", fix)]
    except (OSError, ProtocolError) as error:
        fix = "see its log; 'sitbreak stop' (or end its process) and start it again"
        return [Finding(Level.FAIL, "daemon", f"does not answer properly ({error})", fix)]
    status = reply.get("status")
    if reply.get("ok") is not True or not isinstance(status, dict):
        return [Finding(Level.FAIL, "daemon", f"refused 'status': {reply.get('error')}")]
    context.daemon_status = status
    message = f"running (pid {status.get('pid')}), {status.get('state')}"
    findings = [Finding(Level.OK, "daemon", message)]
    if status.get("version") != __version__:
        message = f"it runs sitbreak {status.get('version')}, this is {__version__}"
        findings.append(
            Finding(Level.WARN, "daemon", message, "restart it: 'sitbreak stop', then start it")
        )
    reads = status.get("config_file")
    if context.configuration is not None and isinstance(reads, str):
        checked = context.configuration.loaded.config_file
        if not _same(Path(reads), checked):
            message = f"it reads {reads}, but this check read {checked}"
            findings.append(
                Finding(Level.WARN, "daemon", message, "check both with 'sitbreak config check'")
            )
    return findings


def check_log(context: DoctorContext) -> list[Finding]:
    """Where the daemon's log is: as the running daemon says, else where 'sitbreak run' writes."""
    from sitbreak.log_place import default_log_file
    from sitbreak.status_text import log_phrase

    status = context.daemon_status
    if status is not None and "log_to" in status:
        where = log_phrase(status.get("log_to"), status.get("log_file"))
        return [Finding(Level.OK, "log", f"the running daemon logs to {where}")]
    log_file = default_log_file()
    if log_file.is_symlink():
        message = f"{log_file} is a symbolic link; sitbreak will not write its log through it"
        return [Finding(Level.WARN, "log", message, f"remove the link: rm {log_file}")]
    if log_file.is_file():
        size = log_file.stat().st_size
        message = f"{log_file} ({size / 1000:.0f} kB; 'sitbreak run' writes here)"
    else:
        message = f"'sitbreak run' will write its log to {log_file} (none yet)"
    return [Finding(Level.OK, "log", message)]


def check_tray(context: DoctorContext) -> list[Finding]:
    """A tray host on the session bus, and the running daemon's icon registered with it."""
    if sys.platform in ("darwin", "win32"):
        return [Finding(Level.INFO, "tray", "the tray icon is Linux-only for now")]
    settings = context.configuration.settings if context.configuration else None
    if settings is not None and not settings.tray.enabled:
        return [Finding(Level.INFO, "tray", "off ([tray] enabled = false)")]
    try:
        from sitbreak.dbus import Bus, BusError
        from sitbreak.tray import WATCHER, item_name
    except ImportError as error:  # jeepney missing: no D-Bus at all
        return [Finding(Level.INFO, "tray", f"no D-Bus support here ({error})")]
    bus = Bus("SESSION", reconnect=False)
    try:
        if not bus.connected:
            message = f"no session bus ({bus.why_not_connected}), so no tray"
            return [Finding(Level.INFO, "tray", message)]
        try:
            return _tray_findings(bus, WATCHER, item_name, context.daemon_status)
        except BusError as error:
            return [Finding(Level.WARN, "tray", f"the tray does not answer properly: {error}")]
    finally:
        bus.close()


def _tray_findings(
    bus: Bus, watcher: Target, item_name: Callable[[int], str], status: Mapping[str, object] | None
) -> list[Finding]:
    """What the StatusNotifierWatcher says: a host there, and the daemon's item among its items."""
    owner = bus.name_owner(watcher.bus_name)
    if not owner:
        message = (
            "no tray on this desktop now (nothing owns org.kde.StatusNotifierWatcher): the icon"
            " appears when a panel with a tray starts"
        )
        fix = "on GNOME, install the AppIndicator extension (gnome-shell-extension-appindicator)"
        return [Finding(Level.INFO, "tray", message, fix)]
    if not bus.get_property(watcher, "IsStatusNotifierHostRegistered"):
        message = f"a StatusNotifierWatcher ({owner}) but no panel showing its icons"
        return [Finding(Level.INFO, "tray", message)]
    findings = [Finding(Level.OK, "tray", f"a tray host is present (watcher {owner})")]
    pid = status.get("pid") if status is not None else None
    if not isinstance(pid, int):
        return findings
    name = item_name(pid)
    items = [str(item) for item in bus.get_property(watcher, "RegisteredStatusNotifierItems")]
    if any(item == name or item.startswith(name + "/") for item in items):
        findings.append(Finding(Level.OK, "tray", f"the daemon's icon is registered ({name})"))
    else:
        message = f"the running daemon's icon ({name}) is not registered with the tray"
        fix = "see the daemon's log for the tray; 'sitbreak stop' and start it again"
        findings.append(Finding(Level.WARN, "tray", message, fix))
    return findings

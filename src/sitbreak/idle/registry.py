"""Every idle backend and lock source by name, probed in order; modules load only when tried."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from sitbreak.idle.base import BackendReport, Dispatch, IdleBackend, LockSource, Unavailable
from sitbreak.settings.model import IdleSettings

if TYPE_CHECKING:  # the D-Bus layer (jeepney) is imported only where a backend needs it
    from sitbreak.dbus import Bus

__all__ = [
    "BACKEND_NAMES",
    "LOCK_SOURCE_NAMES",
    "describe",
    "detect",
    "open_backend",
    "open_lock_source",
    "platform_mismatch",
    "start_lock_sources",
]

log = logging.getLogger(__name__)

_FREEDESKTOP = ("linux", "freebsd", "openbsd", "netbsd")


@dataclass(frozen=True)
class _Entry:
    """Where a backend's opener lives, its arguments, and which platforms it can run on."""

    opener: str  # "module:function", imported only when probed
    platforms: tuple[str, ...]
    what: str  # how it learns things, for reports
    session: bool = False  # the opener takes the session bus (after the lock sources' dispatch)
    name_argument: bool = False  # the opener takes the backend's name (one opener, two entries)


# The order of the "auto" probe: watching desktops first, so that a Wayland session is
# never judged through Xwayland; then the polled ones.
_BACKENDS = {
    "mutter": _Entry(
        "sitbreak.idle.mutter:open_backend", _FREEDESKTOP, "GNOME, event-driven", session=True
    ),
    "ext-idle-notify": _Entry(
        "sitbreak.idle.wayland:open_backend",
        _FREEDESKTOP,
        "Wayland, event-driven",
        name_argument=True,
    ),
    "kwin-idle": _Entry(
        "sitbreak.idle.wayland:open_backend",
        _FREEDESKTOP,
        "Wayland (KDE protocol), event-driven",
        name_argument=True,
    ),
    "x11": _Entry("sitbreak.idle.x11:open_backend", _FREEDESKTOP, "X11, polled"),
    "macos": _Entry("sitbreak.idle.macos:open_backend", ("darwin",), "macOS, polled"),
    "windows": _Entry("sitbreak.idle.windows:open_backend", ("win32",), "Windows, polled"),
}
_LOCK_SOURCES = {
    "logind": _Entry(
        "sitbreak.idle.locks:open_logind",
        ("linux",),
        "screen lock and sleep, from logind",
        session=True,
    ),
    "gnome-screensaver": _Entry(
        "sitbreak.idle.locks:open_gnome_screensaver",
        _FREEDESKTOP,
        "screen lock, from GNOME Shell",
        session=True,
    ),
}
BACKEND_NAMES = tuple(_BACKENDS)
LOCK_SOURCE_NAMES = tuple(_LOCK_SOURCES)


def describe(name: str) -> str:
    """How the named backend or lock source learns things, e.g. "X11, polled" ("" if unknown)."""
    entry = _BACKENDS.get(name) or _LOCK_SOURCES.get(name)
    return "" if entry is None else entry.what


def _platform_mismatch(entry: _Entry) -> str | None:
    """Why ``entry`` cannot run on this platform, or None when it might."""
    if sys.platform.startswith(entry.platforms):
        return None
    places = {"darwin": "macOS", "win32": "Windows"}
    return "only on " + " and ".join(places.get(p, p) for p in entry.platforms)


def _call_opener(name: str, entry: _Entry, session: Bus | None, *args: Any) -> Any:
    """Import and call an opener; Unavailable for this platform, a missing module or a failure."""
    mismatch = _platform_mismatch(entry)
    if mismatch is not None:
        raise Unavailable(mismatch)
    module_name, function_name = entry.opener.split(":")
    try:
        opener: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    except ImportError as error:
        raise Unavailable(
            f"needs the Python package {error.name or error}, not installed"
        ) from error
    if entry.name_argument:
        opener = partial(opener, name)
    try:
        return opener(*args, session) if entry.session else opener(*args)
    except Unavailable:
        raise
    except Exception as error:
        log.debug("probing %s failed", entry.opener, exc_info=True)
        raise Unavailable(f"failed: {error or type(error).__name__}") from error


def platform_mismatch(name: str) -> str | None:
    """Why the named backend cannot run on this platform, or None when it might."""
    return _platform_mismatch(_BACKENDS.get(name) or _LOCK_SOURCES[name])


def open_backend(name: str, session: Bus | None = None) -> IdleBackend:
    """Open the named backend (D-Bus ones on ``session``), or raise Unavailable with the reason."""
    backend: IdleBackend = _call_opener(name, _BACKENDS[name], session)
    return backend


def _skip_reason(name: str, settings: IdleSettings, chosen: IdleBackend | None) -> str | None:
    """Why ``name`` is not probed (settings, an earlier choice, platform), or None."""
    if not settings.enabled:
        return "not tried: [idle] enabled = false"
    if settings.backend not in ("auto", name):
        return f"not tried: [idle] backend = {settings.backend!r}"
    if chosen is not None:
        return f"not tried: {chosen.name} is in use"
    return platform_mismatch(name)


def detect(
    settings: IdleSettings, session: Bus | None = None
) -> tuple[IdleBackend | None, list[BackendReport]]:
    """The backend to use per ``[idle]``, probing in order; a report for every backend."""
    reports: list[BackendReport] = []
    chosen: IdleBackend | None = None
    for name in BACKEND_NAMES:
        skip = _skip_reason(name, settings, chosen)
        if skip is not None:
            reports.append(BackendReport(name, False, skip, tried=False))
            continue
        try:
            chosen = open_backend(name, session)
        except Unavailable as error:
            reports.append(BackendReport(name, False, str(error)))
            continue
        reports.append(BackendReport(name, True, f"in use ({describe(name)})"))
    return chosen, reports


def open_lock_source(name: str, dispatch: Dispatch, session: Bus | None = None) -> LockSource:
    """Open the named lock source, or raise Unavailable with the reason."""
    source: LockSource = _call_opener(name, _LOCK_SOURCES[name], session, dispatch)
    return source


def start_lock_sources(
    dispatch: Dispatch, session: Bus | None = None
) -> tuple[list[LockSource], list[BackendReport]]:
    """Start every lock source that works here; report on each."""
    sources: list[LockSource] = []
    reports: list[BackendReport] = []
    for name, entry in _LOCK_SOURCES.items():
        mismatch = _platform_mismatch(entry)
        if mismatch is not None:
            reports.append(BackendReport(name, False, mismatch, tried=False))
            continue
        try:
            source = open_lock_source(name, dispatch, session)
        except Unavailable as error:
            reports.append(BackendReport(name, False, str(error)))
            continue
        sources.append(source)
        reports.append(BackendReport(name, True, f"in use ({entry.what})"))
    return sources, reports

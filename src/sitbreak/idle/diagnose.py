"""``sitbreak doctor``'s view of idle detection: every backend and lock source, tried in turn.

Each backend that opens is read twice, ``window`` seconds apart. A backend that answers
exactly 0 both times, or about 0 while another one sees the input stopped, is flagged: that
is what ``GetSessionIdleTime`` does on KDE Wayland, and it would silently turn natural
breaks off.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from sitbreak.idle.base import BackendReport, IdleBackend, IdleError, PollingBackend, Unavailable
from sitbreak.idle.registry import (
    BACKEND_NAMES,
    LOCK_SOURCE_NAMES,
    describe,
    open_backend,
    open_lock_source,
    platform_mismatch,
)
from sitbreak.settings.model import Settings

__all__ = ["diagnose"]

NEAR_ZERO = 0.5  # seconds: "no idle time at all"
CLEARLY_IDLE = 2.0  # seconds another backend must see before a near-zero reading is suspect


@dataclass
class _Readings:
    """Two readings of one backend that opened, ``None`` where it could not be read."""

    backend: IdleBackend
    first: float | None
    second: float | None = None


def diagnose(settings: Settings, window: float = 1.0) -> list[BackendReport]:
    """A report for every idle backend and lock source here; takes about ``window`` seconds."""
    reports: dict[str, BackendReport] = {}
    opened: dict[str, _Readings] = {}
    for name in BACKEND_NAMES:
        mismatch = platform_mismatch(name)
        if mismatch is not None:
            reports[name] = BackendReport(name, False, mismatch, tried=False)
            continue
        try:
            backend = open_backend(name)
        except Unavailable as error:
            reports[name] = BackendReport(name, False, str(error))
            continue
        opened[name] = _Readings(backend, _read(backend))
    if opened:
        time.sleep(window)
    for readings in opened.values():
        readings.second = _read(readings.backend)
        readings.backend.close()
    reports.update(_judge(opened, window))
    ordered = [reports[name] for name in BACKEND_NAMES]
    return [*_mark_choice(ordered, settings, set(opened)), *_lock_reports()]


def _read(backend: IdleBackend) -> float | None:
    """One reading, or None when the backend cannot be read (watching only, or failing)."""
    if not isinstance(backend, PollingBackend):
        return None
    try:
        return backend.seconds_idle()
    except IdleError:
        return None


def _judge(opened: dict[str, _Readings], window: float) -> dict[str, BackendReport]:
    """Works, unless the readings show a backend blind to input stopping."""
    seen = {name: r.second for name, r in opened.items() if r.second is not None}
    most_idle = max(seen.items(), key=lambda item: item[1], default=None)
    judged = {}
    for name, readings in opened.items():
        what = describe(name)
        first, second = readings.first, readings.second
        if first is None or second is None:
            judged[name] = BackendReport(name, True, f"works ({what}; read only on events)")
        elif first == 0.0 and second == 0.0:
            judged[name] = BackendReport(
                name,
                False,
                f"answers exactly 0 s idle every time ({window:g} s apart): it cannot see "
                "input stop here, so breaks would go unnoticed",
            )
        elif second < NEAR_ZERO and most_idle is not None and most_idle[1] >= CLEARLY_IDLE:
            judged[name] = BackendReport(
                name,
                False,
                f"answers {second:.1f} s idle while {most_idle[0]} sees {most_idle[1]:.0f} s "
                "without input: it cannot see input stop here",
            )
        else:
            judged[name] = BackendReport(name, True, f"works ({what}; {second:.1f} s idle now)")
    return judged


def _mark_choice(
    reports: Sequence[BackendReport], settings: Settings, opened: set[str]
) -> list[BackendReport]:
    """Say which backend the daemon would use with these settings: the first that opens."""
    idle = settings.idle
    marked = []
    chosen = False
    for report in reports:
        detail = report.detail
        if not idle.enabled:
            detail += "; not used: [idle] enabled = false"
        elif idle.backend not in ("auto", report.name):
            detail += f"; not used: [idle] backend = {idle.backend!r}"
        elif report.name in opened and not chosen:
            chosen = True
            detail += "; the daemon uses this one"
            if not report.works:
                detail += " (choose another with [idle] backend, or turn [idle] off)"
        marked.append(BackendReport(report.name, report.works, detail, report.tried))
    return marked


def _lock_reports() -> list[BackendReport]:
    """Open and close each lock source once, to say whether it works here."""
    reports = []
    for name in LOCK_SOURCE_NAMES:
        mismatch = platform_mismatch(name)
        if mismatch is not None:
            reports.append(BackendReport(name, False, mismatch, tried=False))
            continue
        try:
            open_lock_source(name, lambda _event: None).close()
        except Unavailable as error:
            reports.append(BackendReport(name, False, str(error)))
            continue
        reports.append(BackendReport(name, True, f"works ({describe(name)})"))
    return reports

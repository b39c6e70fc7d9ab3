"""Busy while a program from ``[quiet] apps`` runs (a call client, a screen recorder...)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sitbreak.busy.base import Availability, Switch, Unavailable, app_reason

__all__ = ["COMM_LENGTH", "RunningApps", "name_matches"]

COMM_LENGTH = 15  # Linux keeps this many characters of a process name


def name_matches(wanted: str, running: set[str]) -> bool:
    """Whether a configured name is among the running names (case-insensitive, comm-cut)."""
    name = wanted.lower()
    return name in running or (len(name) > COMM_LENGTH and name[:COMM_LENGTH] in running)


class RunningApps:
    """Busy with ``app:NAME`` for each configured name one of this user's processes has."""

    name = "apps"
    switch = Switch.APPS

    def __init__(
        self, names: Sequence[str], list_names: Callable[[], Iterable[str]], source: str
    ) -> None:
        """Watch for ``names``; ``list_names`` lists the running ones, ``source`` says how."""
        self._names = tuple(names)
        self._list_names = list_names
        self._source = source

    def probe(self) -> Availability:
        """Works when the process list can be read."""
        try:
            running = self.read()
        except Unavailable as error:
            return Availability(False, str(error))
        if not self._names:
            return Availability(True, f"{self._source}; no apps are listed in [quiet] apps")
        now = ", ".join(sorted(running)) or "none running now"
        return Availability(True, f"{self._source}; watching {', '.join(self._names)} ({now})")

    def read(self) -> frozenset[str]:
        """``app:NAME`` for each configured name that runs."""
        if not self._names:
            return frozenset()
        try:
            running = {name.lower() for name in self._list_names()}
        except OSError as error:
            raise Unavailable(f"cannot list processes: {error}") from error
        return frozenset(app_reason(name) for name in self._names if name_matches(name, running))

    def change_rules(self) -> tuple[str, ...]:
        """Processes starting and ending are not on D-Bus; grace polling covers them."""
        return ()

"""The dunst side of the test desktop: its config and the notifications read back from it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.notify_calls import NotifyCall

__all__ = ["DUNSTRC", "ReceivedNotification", "dunstrc", "parse_history"]

# Notifications stay on screen for an hour (critical ones until closed) so none expires during a
# test, every one is shown at once (no queue that close-all would miss), and history keeps them all.
# `dmenu` is the program `dunstctl context` runs to let the person pick an action; /bin/false
# picks none.
_DUNSTRC_TEMPLATE = """\
[global]
    monitor = 0
    follow = none
    notification_limit = 0
    indicate_hidden = yes
    history_length = 10000
    idle_threshold = 0
    sticky_history = yes
    show_age_threshold = -1
    format = "<b>%s</b>\\n%b"
    browser = /bin/false
    dmenu = {dmenu}

[urgency_low]
    timeout = 3600

[urgency_normal]
    timeout = 3600

[urgency_critical]
    timeout = 0
"""


def dunstrc(dmenu: str = "/bin/false") -> str:
    """The test dunstrc; `dmenu` is the command dunst runs for its context menu."""
    return _DUNSTRC_TEMPLATE.format(dmenu=dmenu)


DUNSTRC = dunstrc()

_URGENCY_NAMES = {0: "low", 1: "normal", 2: "critical"}


@dataclass(frozen=True)
class ReceivedNotification:
    """One notification as dunst's history records it, with what the client sent over D-Bus.

    `timeout` is the display time dunst applied in seconds (0.0: stays until closed).
    `urgency`, `actions`, `hints` and `requested_timeout_ms` come from the Notify call itself
    (dunst 1.9's history has none of them); they are None or empty if the call was not seen.
    """

    id: int
    app_name: str
    summary: str
    body: str
    urgency: str | None
    timeout: float
    actions: tuple[tuple[str, str], ...]
    category: str
    hints: Mapping[str, Any] = field(compare=False)
    requested_timeout_ms: int | None
    raw: Mapping[str, Any] = field(compare=False)

    @classmethod
    def from_history(
        cls, entry: Mapping[str, Any], call: NotifyCall | None
    ) -> ReceivedNotification:
        """Combine one unwrapped history entry with the Notify call that created it, if known."""
        hints = dict(call.hints) if call else {}
        return cls(
            id=int(entry["id"]),
            app_name=str(entry["appname"]),
            summary=str(entry["summary"]),
            body=str(entry["body"]),
            urgency=_urgency_name(call),
            timeout=int(entry["timeout"]) / 1_000_000,
            actions=call.actions if call else (),
            category=str(entry.get("category", "")),
            hints=hints,
            requested_timeout_ms=call.expire_timeout_ms if call else None,
            raw=dict(entry),
        )


def _urgency_name(call: NotifyCall | None) -> str | None:
    """The urgency hint as "low", "normal" or "critical" (normal when absent, as the spec says)."""
    if call is None:
        return None
    level = call.hints.get("urgency", 1)
    return _URGENCY_NAMES.get(level, f"unknown ({level!r})")


def parse_history(text: str) -> list[dict[str, Any]]:
    """Entries of `dunstctl history` JSON, oldest first, each field unwrapped from {"data": …}."""
    try:
        document = json.loads(text)
        entries = document["data"][0]
        unwrapped = [{key: value["data"] for key, value in entry.items()} for entry in entries]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValueError(f"unexpected `dunstctl history` output ({error!r}):\n{text}") from error
    return sorted(unwrapped, key=lambda entry: int(entry["id"]))

"""How ``sitbreak config show`` and ``config set`` write settings: TOML values, with origins."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sitbreak.core import Moved, Schedule, State, Tick, Upcoming, step, upcoming
from sitbreak.durations import humanize
from sitbreak.settings.keys import KeyPath, dotted, leaf_paths
from sitbreak.settings.loading import LoadedSettings
from sitbreak.settings.model import Settings
from sitbreak.settings.to_policy import to_policy

__all__ = ["cadence", "cadence_lines", "settings_rows", "show_json", "show_text", "toml_value"]

_CADENCE_COUNT = 5
_EPOCH = datetime(2026, 1, 5, tzinfo=UTC)  # any moment will do: only offsets are shown


def toml_value(value: object) -> str:
    """``value`` written as TOML (strings in double quotes, lists and tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{name} = {toml_value(item)}" for name, item in value.items())
        return "{" + inner + "}" if inner else "{}"
    return str(value)


def _value_at(data: Mapping[str, Any], path: KeyPath) -> object:
    """The value at ``path`` inside nested dicts."""
    value: Any = data
    for part in path:
        value = value[part]
    return value


def settings_rows(loaded: LoadedSettings) -> list[tuple[KeyPath, object, str]]:
    """Every setting's path, value (as JSON data) and origin, in schema order."""
    data = loaded.settings.model_dump(mode="json")
    return [
        (leaf, _value_at(data, leaf), loaded.origins.get(dotted(leaf), "default"))
        for leaf in leaf_paths()
    ]


def cadence(settings: Settings, count: int = _CADENCE_COUNT) -> tuple[Upcoming, ...]:
    """The first reminders these settings give, sitting from zero inside active hours."""
    policy = replace(to_policy(settings, UTC), schedule=Schedule())
    state, _ = step(State(), Tick(), _EPOCH, policy)
    return upcoming(state, _EPOCH, policy, count)


def _after(moment: datetime) -> str:
    return humanize(moment - _EPOCH)


def cadence_lines(settings: Settings) -> list[str]:
    """The effective schedule in words: when each reminder really comes, and why one moved."""
    lines = []
    for item in cadence(settings):
        label = item.kind.label + (" again, if unanswered" if item.repeat else "")
        why = ""
        if item.moved is Moved.SPACING:
            gap = humanize(to_policy(settings, UTC).min_gap)
            why = (
                f" (due after {_after(item.due_at)}; held {humanize(item.at - item.due_at)}"
                f" so reminders stay at least {gap} apart)"
            )
        lines.append(f"after {_after(item.at)} of sitting: {label}{why}")
    return lines


def show_text(loaded: LoadedSettings) -> str:
    """The settings as TOML, grouped by table, each line ending with a comment naming its origin."""
    state = "exists" if loaded.file_exists else "not found, so only defaults and overrides apply"
    lines = [f"# settings file: {loaded.config_file} ({state})"]
    schedule = cadence_lines(loaded.settings)
    if schedule:
        lines.append("#")
        lines.append(
            "# The schedule this gives, sitting without a break and answering no reminder:"
        )
        lines += [f"#   {line}" for line in schedule]
    rows = settings_rows(loaded)
    width = max(len(f"{leaf[-1]} = {toml_value(value)}") for leaf, value, _ in rows)
    table: KeyPath | None = None
    for leaf, value, origin in rows:
        if leaf[:-1] != table:
            table = leaf[:-1]
            lines += ["", f"[{dotted(table)}]"]
        assignment = f"{leaf[-1]} = {toml_value(value)}"
        lines.append(f"{assignment.ljust(min(width, 40))}  # {origin}")
    return "\n".join(lines)


def show_json(loaded: LoadedSettings) -> str:
    """The settings as JSON: the file, and each setting's value and origin by dotted key."""
    settings = {
        dotted(leaf): {"value": value, "origin": origin}
        for leaf, value, origin in settings_rows(loaded)
    }
    schedule = [
        {
            "kind": item.kind.value,
            "after_seconds": round((item.at - _EPOCH) / timedelta(seconds=1)),
            "due_after_seconds": round((item.due_at - _EPOCH) / timedelta(seconds=1)),
            "repeat": item.repeat,
            "moved": None if item.moved is None else item.moved.value,
        }
        for item in cadence(loaded.settings)
    ]
    payload = {
        "config_file": str(loaded.config_file),
        "file_exists": loaded.file_exists,
        "settings": settings,
        "schedule": schedule,
    }
    return json.dumps(payload, indent=2)

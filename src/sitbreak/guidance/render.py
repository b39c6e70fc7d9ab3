"""Turn a prompt into the title and body of a notification."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.durations import humanize
from sitbreak.guidance.catalog import Prompt

__all__ = ["headline", "render"]


def headline(prompt: Prompt) -> str:
    """The notification's title, naming the kind first: ``Micro-break: Stand up and walk``."""
    label = prompt.kind.label
    return f"{label[0].upper()}{label[1:]}: {prompt.title}"


def render(prompt: Prompt, *, held_sitting: timedelta | None = None) -> tuple[str, str]:
    """``(title, body)``: the kind and title; the text, its caution, how long a held one sat."""
    lines: list[str] = []
    if held_sitting is not None:
        lines.append(f"After {humanize(held_sitting)} sitting.")
    lines.append(prompt.text)
    if prompt.caution:
        lines.append(prompt.caution)
    return headline(prompt), "\n".join(lines)

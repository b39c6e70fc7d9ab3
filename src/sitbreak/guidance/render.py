"""Turn a prompt into the title and body of a notification."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.durations import humanize
from sitbreak.guidance.catalog import Prompt

__all__ = ["render"]


def render(prompt: Prompt, *, held_sitting: timedelta | None = None) -> tuple[str, str]:
    """``(title, body)``: the text, its caution on a new line, and how long a held one sat."""
    lines: list[str] = []
    if held_sitting is not None:
        lines.append(f"After {humanize(held_sitting)} sitting.")
    lines.append(prompt.text)
    if prompt.caution:
        lines.append(prompt.caution)
    return prompt.title, "\n".join(lines)

"""Rendering a prompt as a notification title and body."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.core.kinds import Kind
from sitbreak.guidance import Prompt, render

PLAIN = Prompt(id="stand-up", kind=Kind.MICRO, title="Stand up", text="Stand up for a minute.")
CAREFUL = Prompt(
    id="lunge",
    kind=Kind.STRETCH,
    title="Low lunge",
    text="Step back into a low lunge.",
    caution="Stop at sharp or radiating pain.",
)


def test_title_and_text_without_caution() -> None:
    """A prompt without a caution renders as its kind and title, and exactly its text."""
    assert render(PLAIN) == ("Micro-break: Stand up", "Stand up for a minute.")


def test_caution_is_appended_on_a_new_line() -> None:
    """The caution follows the text on its own line."""
    _, body = render(CAREFUL)
    assert body == "Step back into a low lunge.\nStop at sharp or radiating pain."


def test_held_sitting_line_comes_first() -> None:
    """A reminder released after a busy spell opens with how long the person sat."""
    title, body = render(CAREFUL, held_sitting=timedelta(hours=1, minutes=40))
    assert title == "Stretch break: Low lunge"
    assert body.splitlines() == [
        "After 1 h 40 min sitting.",
        "Step back into a low lunge.",
        "Stop at sharp or radiating pain.",
    ]


def test_held_sitting_under_an_hour() -> None:
    """Short held spells read in minutes."""
    _, body = render(PLAIN, held_sitting=timedelta(minutes=35))
    assert body.startswith("After 35 min sitting.\n")

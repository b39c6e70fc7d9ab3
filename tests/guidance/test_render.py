"""Rendering a prompt as a notification title and body, and checking the length as shown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sitbreak.guidance import (
    LONGEST_HELD,
    MAX_BODY,
    GuidanceError,
    Prompt,
    check_shown_length,
    render,
    shown_length,
)
from sitbreak.vocabulary import Kind

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


def test_caution_leads_so_a_short_banner_keeps_it() -> None:
    """The caution comes first, on its own line, and the text follows."""
    _, body = render(CAREFUL)
    assert body == "Stop at sharp or radiating pain.\nStep back into a low lunge."


def test_held_sitting_line_comes_last() -> None:
    """A reminder released after a busy spell ends with how long the person sat."""
    title, body = render(CAREFUL, held_sitting=timedelta(hours=1, minutes=40))
    assert title == "Stretch break: Low lunge"
    assert body.splitlines() == [
        "Stop at sharp or radiating pain.",
        "Step back into a low lunge.",
        "After 1 h 40 min sitting.",
    ]


def test_held_sitting_under_an_hour() -> None:
    """Short held spells read in minutes."""
    _, body = render(PLAIN, held_sitting=timedelta(minutes=35))
    assert body.endswith("\nAfter 35 min sitting.")


def test_shown_length_counts_the_longest_held_line() -> None:
    """The length as shown includes the caution, the text and 'After 23 h 59 min sitting.'."""
    _, longest = render(CAREFUL, held_sitting=LONGEST_HELD)
    assert longest.endswith("After 23 h 59 min sitting.")
    assert shown_length(CAREFUL) == len(longest) == 32 + 1 + 27 + 1 + 26


def test_a_body_too_long_as_shown_is_an_error_naming_the_prompt_and_length() -> None:
    """Text that fits its field but not the notification is refused with both numbers."""
    room = MAX_BODY - shown_length(CAREFUL) + len(CAREFUL.text)
    fits = Prompt(id="x", kind=Kind.STRETCH, title="T", text="a" * room, caution=CAREFUL.caution)
    check_shown_length(fits, "prompt 'x'")
    too_long = Prompt(
        id="x", kind=Kind.STRETCH, title="T", text="a" * (room + 1), caution=CAREFUL.caution
    )
    with pytest.raises(
        GuidanceError, match=r"prompt 'x': is 221 characters as shown.*limit is 220"
    ):
        check_shown_length(too_long, "prompt 'x'")

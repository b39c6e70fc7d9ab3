"""Turn a prompt into the title and body of a notification, and word the one-time safety note."""

from __future__ import annotations

from datetime import timedelta

from sitbreak.durations import humanize
from sitbreak.guidance.prompt import MAX_BODY, MAX_TITLE, GuidanceError, Prompt
from sitbreak.vocabulary import Kind

__all__ = [
    "LONGEST_HELD",
    "SAFETY_NOTE",
    "SAFETY_PROMPT",
    "SAFETY_SOURCES",
    "SAFETY_TITLE",
    "check_shown_length",
    "headline",
    "render",
    "safety_note_line",
    "shown_length",
]

# The longest "After … sitting." line a held reminder can end with: "After 23 h 59 min sitting."
LONGEST_HELD = timedelta(hours=23, minutes=59)

SAFETY_TITLE = "Before your first stretch"
SAFETY_NOTE = (
    "Start slowly. With back, hip or knee problems, or when pregnant, ask a doctor or"
    " physiotherapist before doing these exercises. Stop at sharp or radiating pain."
)
SAFETY_SOURCES = (
    "the-psoas-muscle.txt#Massage and Release of the Psoas Muscle",
    "the-psoas-muscle.txt#FDA Compliance",
    "psoas-lower-back-pain-relief.txt#Strengthening the Psoas Muscle Safely",
)
# Shown once, beside the first stretch a person ever gets, and by 'sitbreak try stretch'.
SAFETY_PROMPT = Prompt(
    id="safety-note",
    kind=Kind.STRETCH,
    title=SAFETY_TITLE,
    text=SAFETY_NOTE,
    sources=SAFETY_SOURCES,
)


def headline(prompt: Prompt) -> str:
    """The notification's title, naming the kind first: ``Micro-break: Stand up and walk``."""
    label = prompt.kind.label
    return f"{label[0].upper()}{label[1:]}: {prompt.title}"


def safety_note_line() -> str:
    """The safety note on one line for a terminal: its title, a colon, the note."""
    return f"{SAFETY_TITLE}: {SAFETY_NOTE}"


def render(prompt: Prompt, *, held_sitting: timedelta | None = None) -> tuple[str, str]:
    """``(title, body)``: the caution first, so a two-line banner keeps it, then the text.

    A reminder held while the person was busy ends with how long they have been sitting.
    """
    lines: list[str] = []
    if prompt.caution:
        lines.append(prompt.caution)
    lines.append(prompt.text)
    if held_sitting is not None:
        lines.append(f"After {humanize(held_sitting)} sitting.")
    return headline(prompt), "\n".join(lines)


def shown_length(prompt: Prompt) -> int:
    """The characters of the longest body this prompt can show: held for the longest time."""
    return len(render(prompt, held_sitting=LONGEST_HELD)[1])


def check_shown_length(prompt: Prompt, label: str) -> None:
    """Raise GuidanceError when the title or body as shown could pass its limit."""
    title = headline(prompt)
    if len(title) > MAX_TITLE:
        raise GuidanceError(
            f"{label}: the title is {len(title)} characters as shown ({title!r}, the kind"
            f" first); the limit is {MAX_TITLE}, so shorten its title"
        )
    length = shown_length(prompt)
    if length > MAX_BODY:
        raise GuidanceError(
            f"{label}: is {length} characters as shown (caution, text and a held reminder's"
            f" 'After … sitting.' line); the limit is {MAX_BODY}, so shorten its text or caution"
        )

"""One prompt: what a reminder asks, with its caution, picture and sources, and the limits on it;
turning it into the title and body of a notification, and the one-time safety note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sitbreak.durations import humanize
from sitbreak.vocabulary import Kind

__all__ = [
    "ID_PATTERN",
    "LONGEST_HELD",
    "MAX_BODY",
    "MAX_CAUTION",
    "MAX_ID",
    "MAX_ROUNDS",
    "MAX_STEP",
    "MAX_TEXT",
    "MAX_TITLE",
    "SAFETY_NOTE",
    "SAFETY_PROMPT",
    "SAFETY_SOURCES",
    "SAFETY_TITLE",
    "GuidanceError",
    "GuideStepText",
    "Prompt",
    "Step",
    "check_shown_length",
    "headline",
    "render",
    "safety_note_line",
    "shown_length",
]


MAX_BODY = 220  # a notification body as shown: caution, text and the held "After …" line
MAX_TEXT = 220
MAX_TITLE = 60
MAX_CAUTION = 160
MAX_ID = 60
MAX_STEP = 60  # a step is read in a glance, mid-stretch: one short line
MAX_ROUNDS = 10
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class GuidanceError(ValueError):
    """Prompt data is wrong; the message names the file or section, the prompt id and field."""


@dataclass(frozen=True)
class Step:
    """One step of a guided break: what to do (``text``) and for how long."""

    text: str
    length: timedelta


@dataclass(frozen=True)
class GuideStepText:
    """A step as the guide walks it: its words and time, and which round it belongs to."""

    text: str
    length: timedelta
    round: int  # 1-based
    rounds: int


@dataclass(frozen=True)
class Prompt:
    """One concrete suggestion a reminder shows; ``builtin`` is False for the person's own.

    ``sources`` are the seed sections a built-in prompt draws on, each ``file#Heading``;
    ``image`` is the picture sent with the notification, when there is one; ``steps``, done
    ``rounds`` times, walk the person through a micro-break or stretch (``sitbreak start``).
    """

    id: str
    kind: Kind
    title: str
    text: str
    caution: str | None = None
    sources: tuple[str, ...] = ()
    duration: timedelta | None = None
    image: Path | None = None
    builtin: bool = True
    steps: tuple[Step, ...] = ()
    rounds: int = 1

    def walk(self, length: timedelta) -> tuple[GuideStepText, ...]:
        """The guided steps in order, every round spelled out; a prompt without steps is one
        step: its title, for its duration (or ``length`` when it has none)."""
        if not self.steps:
            return (GuideStepText(self.title, self.duration or length, 1, 1),)
        return tuple(
            GuideStepText(step.text, step.length, number, self.rounds)
            for number in range(1, self.rounds + 1)
            for step in self.steps
        )


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

"""One prompt: what a reminder asks, with its caution, picture and sources, and the limits on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sitbreak.core.kinds import Kind

__all__ = [
    "ID_PATTERN",
    "MAX_BODY",
    "MAX_CAUTION",
    "MAX_ID",
    "MAX_ROUNDS",
    "MAX_STEP",
    "MAX_TEXT",
    "MAX_TITLE",
    "GuidanceError",
    "GuideStepText",
    "Prompt",
    "Step",
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

"""One prompt: what a reminder asks, with its caution, picture and sources, and the limits on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sitbreak.vocabulary import Kind

__all__ = [
    "ID_PATTERN",
    "MAX_BODY",
    "MAX_CAUTION",
    "MAX_ID",
    "MAX_TEXT",
    "MAX_TITLE",
    "GuidanceError",
    "Prompt",
]

MAX_BODY = 220  # a notification body as shown: caution, text and the held "After …" line
MAX_TEXT = 220
MAX_TITLE = 60
MAX_CAUTION = 160
MAX_ID = 60
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class GuidanceError(ValueError):
    """Prompt data is wrong; the message names the file or section, the prompt id and field."""


@dataclass(frozen=True)
class Prompt:
    """One concrete suggestion a reminder shows; ``builtin`` is False for the person's own.

    ``sources`` are the seed sections a built-in prompt draws on, each ``file#Heading``;
    ``image`` is the picture sent with the notification, when there is one.
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

"""Ergonomic guidance: the prompts a reminder shows, their rotation and their rendering."""

from sitbreak.guidance.catalog import (
    BUILTIN_DURATIONS,
    PICTURES,
    Catalog,
    build_catalog,
    check_custom,
    fallback_prompt,
    load_builtin,
    parse_prompt,
    pictures_folder,
)
from sitbreak.guidance.prompt import (
    ID_PATTERN,
    MAX_BODY,
    MAX_CAUTION,
    MAX_ID,
    MAX_TEXT,
    MAX_TITLE,
    GuidanceError,
    Prompt,
)
from sitbreak.guidance.render import (
    LONGEST_HELD,
    SAFETY_NOTE,
    SAFETY_SOURCES,
    SAFETY_TITLE,
    check_shown_length,
    render,
    shown_length,
)
from sitbreak.guidance.rotation import KindRound, ShuffleBag, next_prompt

__all__ = [
    "BUILTIN_DURATIONS",
    "ID_PATTERN",
    "LONGEST_HELD",
    "MAX_BODY",
    "MAX_CAUTION",
    "MAX_ID",
    "MAX_TEXT",
    "MAX_TITLE",
    "PICTURES",
    "SAFETY_NOTE",
    "SAFETY_SOURCES",
    "SAFETY_TITLE",
    "Catalog",
    "GuidanceError",
    "KindRound",
    "Prompt",
    "ShuffleBag",
    "build_catalog",
    "check_custom",
    "check_shown_length",
    "fallback_prompt",
    "load_builtin",
    "next_prompt",
    "parse_prompt",
    "pictures_folder",
    "render",
    "shown_length",
]

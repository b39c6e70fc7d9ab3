"""Ergonomic guidance: the prompts a reminder shows, their rotation and their rendering."""

from sitbreak.guidance.catalog import (
    BUILTIN_DURATIONS,
    ID_PATTERN,
    MAX_CAUTION,
    MAX_ID,
    MAX_TEXT,
    MAX_TITLE,
    Catalog,
    GuidanceError,
    Prompt,
    build_catalog,
    fallback_prompt,
    load_builtin,
    parse_prompt,
)
from sitbreak.guidance.render import render
from sitbreak.guidance.rotation import KindRound, ShuffleBag, next_prompt

__all__ = [
    "BUILTIN_DURATIONS",
    "ID_PATTERN",
    "MAX_CAUTION",
    "MAX_ID",
    "MAX_TEXT",
    "MAX_TITLE",
    "Catalog",
    "GuidanceError",
    "KindRound",
    "Prompt",
    "ShuffleBag",
    "build_catalog",
    "fallback_prompt",
    "load_builtin",
    "next_prompt",
    "parse_prompt",
    "render",
]

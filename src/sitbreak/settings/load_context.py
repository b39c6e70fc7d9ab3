"""The sources of one ``load_settings`` call, for ``Settings.settings_customise_sources``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from pydantic_settings import PydanticBaseSettingsSource

__all__ = ["chosen_sources", "reading_from"]

_CHOSEN: ContextVar[tuple[PydanticBaseSettingsSource, ...]] = ContextVar(
    "sitbreak_settings_sources", default=()
)


@contextmanager
def reading_from(sources: Sequence[PydanticBaseSettingsSource]) -> Iterator[None]:
    """Within the block, building a Settings reads ``sources`` (strongest first).

    ``settings_customise_sources`` is the documented place to choose sources, but it is a
    classmethod with a fixed signature, so the sources of one load come to it this way.
    (``Settings(_build_sources=...)`` would skip that hook and pydantic-settings' defaults.)
    """
    token = _CHOSEN.set(tuple(sources))
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def chosen_sources() -> tuple[PydanticBaseSettingsSource, ...]:
    """The sources of the load in progress in this thread or task; () outside one."""
    return _CHOSEN.get()

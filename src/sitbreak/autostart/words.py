"""Joining a command line's characters into arguments, shared by the per-format splitters."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["BREAK", "QUOTE", "join_words"]

BREAK = None
"""A token that ends the argument being read (unquoted whitespace)."""

QUOTE = ""
"""A token for a quote mark: it adds no character but makes an argument exist, even ``""``."""


def join_words(tokens: Iterable[str | None]) -> list[str]:
    """The arguments spelled by ``tokens``: characters, QUOTE marks and BREAKs between words."""
    words: list[str] = []
    current: list[str] | None = None
    for token in tokens:
        if token is BREAK:
            if current is not None:
                words.append("".join(current))
            current = None
        elif current is None:
            current = [token]
        else:
            current.append(token)
    if current is not None:
        words.append("".join(current))
    return words

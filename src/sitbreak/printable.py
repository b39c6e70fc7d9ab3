"""Showing text that came from outside (file names, values, variables) safely and briefly.

Stdlib only and import-free: the CLI client loads it on every command.
"""

from __future__ import annotations

__all__ = ["printable", "quoted"]

_KEPT = "\n\t"
# C0 controls (but newline and tab), DEL and the C1 controls: each could move the cursor,
# change colours or rename the terminal window if written raw
_ESCAPES = {
    code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in _KEPT
}


def printable(text: str) -> str:
    """``text`` with control characters written as ``\\x1b``-style escapes; the rest unchanged."""
    return text.translate(_ESCAPES)


def quoted(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a message, cut to about ``limit`` characters with an ellipsis."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + "…"
    shown = repr(value)
    return shown if len(shown) <= limit + 2 else shown[:limit] + "…"

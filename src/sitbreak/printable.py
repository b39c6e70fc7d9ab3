"""Showing text that came from outside (file names, values, variables) safely and briefly.

Stdlib only and import-free: the CLI client loads it on every command.
"""

from __future__ import annotations

__all__ = ["EscapedStream", "printable", "quoted"]

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


class EscapedStream:
    """A text stream whose writes have their control characters escaped (see ``printable``).

    The CLI puts one around stdout and stderr, so a file name, a value or a message holding
    ESC or a carriage return cannot move the cursor or recolour the terminal.
    """

    def __init__(self, stream: object) -> None:
        """Wrap ``stream`` (a text stream); everything but ``write`` passes straight through."""
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped."""
        written: int = self._stream.write(printable(text))  # type: ignore[attr-defined]
        return written

    def __getattr__(self, name: str) -> object:
        """flush, fileno, isatty, close... of the wrapped stream."""
        return getattr(self._stream, name)

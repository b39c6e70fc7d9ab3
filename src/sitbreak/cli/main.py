"""``sitbreak``: parse the command line and hand it to one command, imported only when used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from sitbreak.cli.parsers import build_parser
from sitbreak.vocabulary import EXIT_OK

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    words = sys.argv[1:] if argv is None else list(argv)
    _escape_output()
    args = build_parser(words[0] if words else None).parse_args(words)
    module_name, _, function_name = args.handler.partition(":")
    handler = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `sitbreak status | head -1`; stay quiet like other command-line tools
        sys.stderr.close()
        return EXIT_OK


def _escape_output() -> None:
    """Let no control character from a file name or a value reach the terminal raw."""
    from sitbreak.printable import EscapedStream

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, EscapedStream):
            setattr(sys, name, EscapedStream(stream))


if __name__ == "__main__":
    raise SystemExit(main())

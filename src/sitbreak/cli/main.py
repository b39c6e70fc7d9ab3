"""``sitbreak``: parse the command line and hand it to one command, imported only when used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from sitbreak import __version__
from sitbreak.cli import fast
from sitbreak.vocabulary import EXIT_OK

TYPE_CHECKING = False  # typing costs the CLI client a few ms; mypy reads this as usual
if TYPE_CHECKING:
    import argparse

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line grammar, with help for every command."""
    import argparse

    from sitbreak.cli import parsers

    parser = argparse.ArgumentParser(
        prog="sitbreak",
        description=(
            "A quiet daemon that counts how long you sit and reminds you, at the right moment, "
            "to check your posture, stand up for a minute, or stretch."
        ),
        epilog="Start with 'sitbreak run', or 'sitbreak try' to see one reminder now.",
    )
    parser.add_argument("--version", action="version", version=f"sitbreak {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parsers.add_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    words = sys.argv[1:] if argv is None else list(argv)
    _escape_output()
    args = fast.parse(words) or build_parser().parse_args(words)
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

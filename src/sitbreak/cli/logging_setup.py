"""Logging for the entry points: one line per record on stderr, which journald also keeps."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging"]


def configure_logging(verbose: bool = False) -> None:
    """Send sitbreak's log to stderr; quieten chatty libraries unless ``verbose``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:
        logging.getLogger("apscheduler").setLevel(logging.WARNING)

"""Turning ``--config`` and ``--set KEY=VALUE`` into what the settings loader takes."""

from __future__ import annotations

import argparse
import sys

from sitbreak.printable import quoted

__all__ = ["BadOverride", "overrides_from", "print_config_error"]


class BadOverride(ValueError):
    """A ``--set`` argument without ``KEY=VALUE`` shape."""


def overrides_from(args: argparse.Namespace) -> dict[str, str]:
    """The ``--set`` pairs as a dict; raise BadOverride naming the bad argument."""
    pairs: dict[str, str] = {}
    for item in args.overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadOverride(
                f"--set {quoted(item)}: write KEY=VALUE, e.g. --set reminders.micro.every=45m"
            )
        pairs[key.strip()] = value.strip()
    return pairs


def print_config_error(error: Exception) -> None:
    """Print a settings error as the loader worded it, one problem per line."""
    print("sitbreak: the settings have problems:", file=sys.stderr)
    for line in str(error).splitlines():
        print(f"  {line}", file=sys.stderr)

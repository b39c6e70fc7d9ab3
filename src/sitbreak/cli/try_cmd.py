"""``sitbreak try``: send one real reminder now so a person can check their setup."""

from __future__ import annotations

import argparse
import random
import sys

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.core import Kind
from sitbreak.daemon.configuration import load_configuration
from sitbreak.guidance import SAFETY_PROMPT, ShuffleBag, next_prompt, safety_note_line
from sitbreak.notify import NotifyError, open_notifier
from sitbreak.settings.loading import ConfigError
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["try_reminder"]


def try_reminder(args: argparse.Namespace) -> int:
    """Send one notification of ``args.kind``; 0 sent, 1 failed, 2 bad settings.

    A stretch comes with the safety note the daemon shows beside a person's first stretch.
    """
    try:
        configuration = load_configuration(args.config, overrides_from(args))
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return EXIT_USAGE
    kind = Kind(args.kind)
    prompt, _ = next_prompt(configuration.catalog, kind, ShuffleBag(), random.Random())  # noqa: S311
    reminders = [configuration.reminder(prompt)]
    if kind is Kind.STRETCH:
        reminders.insert(0, configuration.reminder(SAFETY_PROMPT, standalone=True))
    notifier = open_notifier(configuration.settings)
    try:
        for reminder in reminders:
            notifier.send(reminder)
    except NotifyError as error:
        print(f"sitbreak: could not show a notification: {error}", file=sys.stderr)
        print(
            "  Check that you run this inside your desktop session and that a notification\n"
            "  daemon is running (GNOME and KDE have one; on sway or i3 install dunst or mako).",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        notifier.close()
    print(f"Sent a {kind.label} via {notifier.name}: {prompt.title!r} [{prompt.id}]")
    if kind is Kind.STRETCH:
        print(safety_note_line())
    return EXIT_OK

"""``sitbreak try``: send one real reminder now so a person can check their setup."""

from __future__ import annotations

import argparse
import random
import sys

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.core import Kind
from sitbreak.daemon.configuration import load_configuration
from sitbreak.guidance import ShuffleBag, next_prompt, render
from sitbreak.notify.base import NotifyError, Reminder
from sitbreak.notify.select import choose_notifier
from sitbreak.settings.loading import ConfigError

__all__ = ["try_reminder"]


def try_reminder(args: argparse.Namespace) -> int:
    """Send one notification of ``args.kind``; 0 sent, 1 failed, 2 bad settings."""
    try:
        configuration = load_configuration(args.config, overrides_from(args))
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return 2
    kind = Kind(args.kind)
    prompt, _ = next_prompt(configuration.catalog, kind, ShuffleBag(), random.Random())  # noqa: S311
    title, body = render(prompt)
    notifications = configuration.settings.notifications
    reminder = Reminder(
        kind, prompt.id, title, body, notifications.urgency, notifications.timeout, prompt.image
    )
    notifier = choose_notifier(configuration.settings)
    try:
        notifier.send(reminder)
    except NotifyError as error:
        print(f"sitbreak: could not show a notification: {error}", file=sys.stderr)
        print(
            "  Check that you run this inside your desktop session and that a notification\n"
            "  daemon is running (GNOME and KDE have one; on sway or i3 install dunst or mako).",
            file=sys.stderr,
        )
        return 1
    finally:
        notifier.close()
    print(f"Sent a {kind.label} via {notifier.name}: {title!r} [{prompt.id}]")
    return 0

"""The commands about what reminders say: ``sitbreak prompts`` lists every prompt id, its kind
and title, and whether it is switched off; ``sitbreak try`` sends one real reminder now so a
person can check their setup."""

from __future__ import annotations

import argparse
import json
import random
import sys

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.core import Kind
from sitbreak.daemon.configuration import load_configuration
from sitbreak.guidance import (
    SAFETY_PROMPT,
    Catalog,
    Prompt,
    ShuffleBag,
    next_prompt,
    safety_note_line,
)
from sitbreak.notify import NotifyError, open_notifier
from sitbreak.settings.loading import ConfigError
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["prompts", "try_reminder"]


def prompts(args: argparse.Namespace) -> int:
    """List the prompts the settings give (``--kind`` for one kind); JSON with ``--json``."""
    try:
        configuration = load_configuration(args.config, overrides_from(args))
    except (ConfigError, BadOverride) as error:
        print_config_error(error)
        return EXIT_USAGE
    catalog = configuration.catalog
    kinds = Kind.by_size() if args.kind is None else (Kind(args.kind),)
    chosen = [prompt for prompt in catalog.prompts if prompt.kind in kinds]
    if args.json:
        print(json.dumps(_as_json(catalog, chosen), indent=2, ensure_ascii=False))
    else:
        print("\n".join(_as_text(catalog, chosen, kinds)))
    return EXIT_OK


def _as_json(catalog: Catalog, chosen: list[Prompt]) -> dict[str, object]:
    return {
        "prompts": [
            {
                "id": prompt.id,
                "kind": prompt.kind.value,
                "title": prompt.title,
                "text": prompt.text,
                "caution": prompt.caution,
                "duration_seconds": None
                if prompt.duration is None
                else round(prompt.duration.total_seconds()),
                "builtin": prompt.builtin,
                "enabled": prompt.id not in catalog.disabled,
            }
            for prompt in chosen
        ],
        "unknown_disabled": list(catalog.unknown_disabled),
    }


def _as_text(catalog: Catalog, chosen: list[Prompt], kinds: tuple[Kind, ...]) -> list[str]:
    width = max((len(prompt.id) for prompt in chosen), default=2)
    lines: list[str] = []
    for kind in kinds:
        of_kind = [prompt for prompt in chosen if prompt.kind is kind]
        off = sum(prompt.id in catalog.disabled for prompt in of_kind)
        lines.append(f"{kind.label} ({len(of_kind)} prompts, {off} switched off)")
        for prompt in of_kind:
            marks = [] if prompt.builtin else ["yours"]
            if prompt.id in catalog.disabled:
                marks.append("off")
            note = f"  [{', '.join(marks)}]" if marks else ""
            lines.append(f"  {prompt.id:<{width}}  {prompt.title}{note}")
        lines.append("")
    lines.append("Switch one off with: sitbreak config set guidance.disabled '[\"ID\"]'")
    if catalog.unknown_disabled:
        unknown = ", ".join(catalog.unknown_disabled)
        lines.append(f"[guidance] disabled names ids that match nothing: {unknown}")
    return lines


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

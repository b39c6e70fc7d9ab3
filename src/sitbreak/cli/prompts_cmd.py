"""``sitbreak prompts``: every prompt id, its kind and title, and whether it is switched off."""

from __future__ import annotations

import argparse
import json

from sitbreak.cli.settings_args import BadOverride, overrides_from, print_config_error
from sitbreak.core import Kind
from sitbreak.daemon.configuration import load_configuration
from sitbreak.guidance import Catalog, Prompt
from sitbreak.settings.loading import ConfigError
from sitbreak.vocabulary import EXIT_OK, EXIT_USAGE

__all__ = ["prompts"]


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

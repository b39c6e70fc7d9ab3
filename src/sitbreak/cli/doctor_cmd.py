"""``sitbreak doctor``: check the whole chain at once and print one line per finding."""

from __future__ import annotations

import argparse
import sys

from sitbreak.cli.settings_args import BadOverride, overrides_from
from sitbreak.doctor import DoctorContext, Finding, Level, run_checks
from sitbreak.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["doctor", "format_finding"]

_INDENT = " " * 6


def format_finding(finding: Finding) -> str:
    """``LEVEL subject: message``, further message lines and the fix indented below."""
    first, *rest = finding.message.splitlines() or [""]
    lines = [f"{finding.level.value:<5} {finding.subject}: {first}"]
    lines += [f"{_INDENT}{line}" for line in rest]
    if finding.fix:
        lines.append(f"{_INDENT}fix: {finding.fix}")
    return "\n".join(lines)


def doctor(args: argparse.Namespace) -> int:
    """Run every check; 0 when none failed (warnings allowed), 1 otherwise."""
    try:
        overrides = overrides_from(args)
    except BadOverride as error:
        print(f"sitbreak: {error}", file=sys.stderr)
        return EXIT_USAGE
    context = DoctorContext(args.config, overrides, args.send)
    findings = run_checks(context)
    for finding in findings:
        print(format_finding(finding), flush=True)
    failed = sum(finding.level is Level.FAIL for finding in findings)
    warned = sum(finding.level is Level.WARN for finding in findings)
    print(f"\n{failed} failed, {warned} {'warning' if warned == 1 else 'warnings'}.")
    return EXIT_FAILED if failed else EXIT_OK

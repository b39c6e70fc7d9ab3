"""The hot control commands parsed without argparse, so ``sitbreak status`` starts fast.

argparse with its help formatter pulls in shutil, locale and gettext (~8 ms on a 15 ms
interpreter start). The shapes below are exactly what argparse would accept for these
commands; anything else, including every --help and every error, goes to argparse.
A test checks that both parsers give the same namespace for every shape here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace

__all__ = ["parse"]

KINDS = ("posture", "micro", "stretch")
GUIDED_KINDS = ("micro", "stretch")


def _namespace(command: str, **fields: object) -> SimpleNamespace:
    return SimpleNamespace(
        command=command, handler=f"sitbreak.cli.control_cmds:{command}", **fields
    )


def _plain(word: str) -> bool:
    return bool(word) and not word.startswith("-")


def parse(argv: Sequence[str]) -> SimpleNamespace | None:
    """The namespace argparse would build for ``argv``, or None to let argparse decide."""
    if not argv or argv[0] not in _SHAPES:
        return None
    return _SHAPES[argv[0]](argv[0], list(argv[1:]))


def _bare(command: str, rest: list[str]) -> SimpleNamespace | None:
    return None if rest else _namespace(command)


def _status(command: str, rest: list[str]) -> SimpleNamespace | None:
    if rest not in ([], ["--json"]):
        return None
    return _namespace(command, json=bool(rest), follow=False, format=None)


def _snooze(command: str, rest: list[str]) -> SimpleNamespace | None:
    if len(rest) > 1 or (rest and not _plain(rest[0])):
        return None
    return _namespace(command, duration=rest[0] if rest else None)


def _done(command: str, rest: list[str]) -> SimpleNamespace | None:
    if len(rest) > 1 or (rest and rest[0] not in KINDS):
        return None
    return _namespace(command, kind=rest[0] if rest else None)


def _pause(command: str, rest: list[str]) -> SimpleNamespace | None:
    if not rest:
        return _namespace(command, duration=None, until=None)
    if len(rest) == 1 and _plain(rest[0]):
        return _namespace(command, duration=rest[0], until=None)
    if len(rest) == 2 and rest[0] == "--until" and _plain(rest[1]):
        return _namespace(command, duration=None, until=rest[1])
    return None


def _start(command: str, rest: list[str]) -> SimpleNamespace | None:
    if len(rest) > 1 or (rest and rest[0] not in GUIDED_KINDS):
        return None
    return _namespace(command, kind=rest[0] if rest else None)


_SHAPES: dict[str, Callable[[str, list[str]], SimpleNamespace | None]] = {
    "status": _status,
    "snooze": _snooze,
    "pause": _pause,
    "done": _done,
    "start": _start,
    **dict.fromkeys(("resume", "skip", "reload", "stop"), _bare),
}

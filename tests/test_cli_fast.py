"""The fast parser for hot commands agrees with argparse, and leaves everything else to it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitbreak.cli import fast
from sitbreak.cli.main import build_parser
from sitbreak.control.endpoint import client_endpoint, default_endpoint

SHAPES = [
    ["status"],
    ["status", "--json"],
    ["snooze"],
    ["snooze", "10m"],
    ["snooze", "PT5M"],
    ["pause"],
    ["pause", "45m"],
    ["pause", "--until", "14:00"],
    ["resume"],
    ["skip"],
    ["reload"],
    ["stop"],
    ["done"],
    ["done", "micro"],
    ["done", "stretch"],
    ["start"],
    ["start", "micro"],
    ["start", "stretch"],
]


@pytest.mark.parametrize("argv", SHAPES, ids=" ".join)
def test_fast_parse_equals_argparse(argv: list[str]) -> None:
    """For every shape it takes, the fast parser builds exactly argparse's namespace."""
    quick = fast.parse(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["status", "--help"],
        ["status", "-h"],
        ["status", "--json", "--json"],
        ["snooze", "-5m"],
        ["snooze", "1m", "2m"],
        ["pause", "--until"],
        ["pause", "1m", "--until", "14:00"],
        ["done", "nap"],
        ["start", "posture"],
        ["start", "micro", "stretch"],
        ["resume", "now"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_everything_else_goes_to_argparse(argv: list[str]) -> None:
    """Help, errors and other commands are argparse's business."""
    assert fast.parse(argv) is None


def test_client_endpoint_matches_the_daemon_endpoint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With no daemon's record to read, the CLI's endpoint is where a daemon here would listen."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/4242")
    assert client_endpoint() == os.fspath(default_endpoint())
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert client_endpoint() == os.fspath(default_endpoint())


def test_client_kind_labels_match_the_core() -> None:
    """The client's copy of the kind names reads exactly like Kind.label."""
    from sitbreak.core import Kind
    from sitbreak.status_text import KIND_LABELS

    assert {kind.value: kind.label for kind in Kind} == KIND_LABELS

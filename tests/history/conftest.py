"""Fixtures for the history tests: a private data folder and the stats command run in-process."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitbreak.cli.main import main
from sitbreak.history.store import history_path


@dataclass(frozen=True)
class Printed:
    """What one ``sitbreak`` command printed and returned."""

    status: int
    out: str
    err: str


StatsRunner = Callable[..., Printed]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG folders under tmp_path, and no SITBREAK_* variables from the outer environment."""
    for name in ("CONFIG", "DATA", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    for variable in list(os.environ):
        if variable.startswith("SITBREAK_"):
            monkeypatch.delenv(variable)
    return tmp_path


@pytest.fixture
def history_file(home: Path) -> Path:
    """Where the daemon and ``sitbreak stats`` keep the history in this test."""
    return history_path()


@pytest.fixture
def sitbreak_stats(home: Path, capsys: pytest.CaptureFixture[str]) -> StatsRunner:
    """Run ``sitbreak stats ARGS`` in this process with Berlin time; return status and output."""

    def run(*args: str, zone: str = "Europe/Berlin") -> Printed:
        status = main(["stats", "--set", f"schedule.timezone={zone}", *args])
        captured = capsys.readouterr()
        return Printed(status, captured.out, captured.err)

    return run

"""Fixtures for the control endpoint tests: short private temp dirs and a running server."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.control.server import ControlServer
from tests.support.control import sample_handler


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A fresh directory with a short path (Unix socket paths are limited to ~100 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="sb-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def sock_path(short_dir: Path) -> Path:
    """Where a test's control socket goes: inside a not-yet-existing runtime directory."""
    return short_dir / "run" / "control.sock"


@pytest.fixture
def server(sock_path: Path) -> Iterator[ControlServer]:
    """A running control server with the test handler and a generous read timeout."""
    with ControlServer(sock_path, sample_handler, read_timeout=30.0) as running:
        yield running

"""Fixtures for the setup commands' tests: a private user to run sitbreak as."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.user_env import UserEnvironment


@pytest.fixture
def user(tmp_path: Path) -> Iterator[UserEnvironment]:
    """A private user: HOME and XDG folders under tmp_path, nothing of the real user's."""
    environment = UserEnvironment(tmp_path / "user")
    try:
        yield environment
    finally:
        environment.cleanup()

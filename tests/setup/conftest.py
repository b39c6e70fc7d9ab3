"""Fixtures for the setup commands' tests: a private user to run sitbreak as."""

from __future__ import annotations

import os
import shutil
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


def require_tool(tool: str, package: str) -> str:
    """The tool's path; skip when it is missing, but fail under CI, which must have installed it."""
    found = shutil.which(tool)
    if found:
        return found
    message = f"needs {tool} (Debian package {package}); scripts/test installs it"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)

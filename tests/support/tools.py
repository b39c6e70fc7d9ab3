"""The programs tests run: which are missing, and skipping (failing under CI) without them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping

import pytest

__all__ = ["missing_tools", "require_tool", "require_tools"]


def missing_tools(tools: Mapping[str, str]) -> list[str]:
    """Descriptions ("dunst (Debian package dunst)") of the tools not found on PATH."""
    return [
        f"{tool} (Debian package {package})"
        for tool, package in tools.items()
        if not shutil.which(tool)
    ]


def require_tools(tools: Mapping[str, str]) -> None:
    """Skip when a tool (name -> Debian package) is missing; under CI fail: CI must have it."""
    missing = missing_tools(tools)
    if not missing:
        return
    pronoun = "it" if len(missing) == 1 else "them"
    message = "needs " + ", ".join(missing) + f"; scripts/test installs {pronoun}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tool(tool: str, package: str) -> str:
    """The path of ``tool`` (from Debian ``package``), skipping or failing as ``require_tools``."""
    require_tools({tool: package})
    found = shutil.which(tool)
    assert found is not None  # require_tools found it a moment ago
    return found

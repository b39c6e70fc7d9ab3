"""A private user for CLI tests: fresh HOME and XDG folders, and sitbreak run against them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from tests.support.daemon import sitbreak_argv
from tests.support.environment import private_environment

__all__ = ["UserEnvironment"]

COMMAND_TIMEOUT = 60.0


class UserEnvironment:
    """Private HOME, XDG_* and runtime folders; ``run()`` runs this checkout's sitbreak in them."""

    def __init__(self, root: Path) -> None:
        """Create the folders under ``root`` (the runtime folder gets a short path for sockets)."""
        self.root = root
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="sb-", dir="/tmp"))
        env = private_environment(root, self.runtime_dir)
        self.env = {key: value for key, value in env.items() if not key.startswith("SITBREAK_")}

    @property
    def home(self) -> Path:
        """The private HOME."""
        return Path(self.env["HOME"])

    @property
    def config_home(self) -> Path:
        """The private ``$XDG_CONFIG_HOME``."""
        return Path(self.env["XDG_CONFIG_HOME"])

    @property
    def config_file(self) -> Path:
        """Where sitbreak looks for its settings by default here."""
        return self.config_home / "sitbreak" / "config.toml"

    def run(
        self, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``sitbreak ARGS`` in this environment (plus ``env``), finished, output captured."""
        return subprocess.run(
            sitbreak_argv(*args),
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT,
        )

    def cleanup(self) -> None:
        """Remove the runtime folder (the rest lives in pytest's tmp_path)."""
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

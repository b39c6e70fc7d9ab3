"""A private user for CLI tests: fresh HOME and XDG folders, and sitbreak run against them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.daemon import sitbreak_argv
from tests.support.environment import private_environment
from tests.support.processes import BackgroundProcess, spawn

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
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: list[BackgroundProcess] = []

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

    @property
    def state_dir(self) -> Path:
        """sitbreak's state folder here (state.json, the instance lock)."""
        return Path(self.env["XDG_STATE_HOME"]) / "sitbreak"

    def spawn(
        self,
        name: str,
        argv: Sequence[str],
        *,
        pass_fds: Sequence[int] = (),
        without: Sequence[str] = (),
        extra: Mapping[str, str] | None = None,
    ) -> BackgroundProcess:
        """Start a background command here (output in logs/<name>.log); ``cleanup`` ends it.

        ``without`` names environment variables the command does not get.
        """
        env = {key: value for key, value in self.env.items() if key not in without}
        env.update(extra or {})
        process = spawn(name, argv, env=env, log_dir=self.logs, pass_fds=pass_fds)
        self.processes.append(process)
        return process

    def cleanup(self) -> None:
        """Stop what was spawned and remove the runtime folder (the rest is in tmp_path)."""
        for process in self.processes:
            process.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

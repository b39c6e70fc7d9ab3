"""Dependencies point one way: core <- adapters <- daemon <- cli, read from the import graph."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_graph.py"
ADAPTERS = (
    "autostart",
    "busy",
    "control",
    "history",
    "hooks",
    "idle",
    "notify",
    "statusbar",
    "tray",
)
SHELL = {"daemon", "cli", "__main__"}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """Which sitbreak package imports which, read from the source."""
    result: dict[str, set[str]] = _script().package_graph()
    return result


def test_the_core_imports_nothing_of_sitbreak_but_its_vocabulary(
    graph: dict[str, set[str]],
) -> None:
    """The core is the centre: it depends on no adapter, no shell, nothing with I/O."""
    assert graph["core"] <= {"vocabulary"}


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_no_adapter_imports_the_daemon_or_the_cli(graph: dict[str, set[str]], adapter: str) -> None:
    """Adapters get a dispatch callable and a state view; they never import the shell."""
    assert not graph[adapter] & SHELL


def test_the_daemon_never_imports_the_cli(graph: dict[str, set[str]]) -> None:
    """The daemon is started by the CLI, never the other way round."""
    assert "cli" not in graph["daemon"]


def test_the_graph_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """Imports inside functions, relative ones and `from sitbreak import mod` all count."""
    package = tmp_path / "sitbreak"
    (package / "core").mkdir(parents=True)
    (package / "daemon").mkdir()
    (package / "__init__.py").write_text("")
    (package / "paths.py").write_text("")
    (package / "core" / "__init__.py").write_text("from .machine import step\n")
    (package / "core" / "machine.py").write_text(
        "def step():\n    from sitbreak.daemon import x\n    from sitbreak import paths\n"
    )
    (package / "daemon" / "__init__.py").write_text("from ..core import step\n")
    assert _script().package_graph(package) == {
        "sitbreak": set(),
        "paths": set(),
        "core": {"daemon", "paths"},
        "daemon": {"core"},
    }

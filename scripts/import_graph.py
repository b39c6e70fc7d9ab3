"""Print which sitbreak package imports which: the shape of the dependencies at a glance.

    python scripts/import_graph.py            # one line per package: what it imports
    python scripts/import_graph.py --modules  # one line per importing module instead

A "package" is the first name under ``sitbreak`` (``sitbreak.idle.x11`` -> ``idle``); the
top-level modules (``sitbreak/paths.py`` ...) each count as their own package. Imports are
read from the source with ``ast``, so every import counts: lazy ones inside functions and
those under ``if TYPE_CHECKING:`` too. Nothing is imported or run.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

__all__ = ["imported_modules", "module_graph", "package_graph", "package_of"]

SOURCE = Path(__file__).resolve().parent.parent / "src" / "sitbreak"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = SOURCE) -> Iterator[str]:
    """Every ``sitbreak...`` module the file at ``path`` imports, relative imports resolved."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("sitbreak"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("sitbreak"):
                yield base
                for alias in node.names:  # `from sitbreak import paths` imports a module
                    if _is_module(f"{base}.{alias.name}", root):
                        yield f"{base}.{alias.name}"


def _is_module(name: str, root: Path) -> bool:
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def package_of(module: str) -> str:
    """The package a module belongs to: ``sitbreak.idle.x11`` -> ``idle``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sitbreak"


def module_graph(root: Path = SOURCE) -> dict[str, set[str]]:
    """Each module under ``root`` and the sitbreak modules it imports."""
    return {
        _module_name(path, root): set(imported_modules(path, root))
        for path in sorted(root.rglob("*.py"))
    }


def package_graph(root: Path = SOURCE) -> dict[str, set[str]]:
    """Each package and the other packages its modules import."""
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imports in module_graph(root).items():
        source = package_of(module)
        graph[source] |= {package_of(target) for target in imports} - {source, "sitbreak"}
        graph.setdefault(source, set())
    return dict(graph)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="one line per module")
    args = parser.parse_args(argv)
    graph = module_graph() if args.modules else package_graph()
    width = max(map(len, graph))
    for source in sorted(graph):
        print(f"{source:<{width}} -> {', '.join(sorted(graph[source])) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

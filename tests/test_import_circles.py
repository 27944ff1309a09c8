"""No module of qa/ imports, even inside a function, a module that imports it back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(root: Path) -> dict[str, Path]:
    """Every module of the qa package under `root`, by dotted name (a package by its own)."""
    found = {}
    for path in (root / "qa").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(node: ast.AST, package: str) -> Iterator[str]:
    """Dotted names an import statement reaches: `from a import b` names a.b, which may be a
    module or something a defines."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            base = f"{parent}.{base}" if base else parent
        yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> dict[str, set[str]]:
    """The qa modules each qa module imports anywhere: at the top, in functions, for types."""
    modules = _modules(root)

    def module_of(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        reached = {module_of(t) for node in ast.walk(tree) for t in _imported(node, package)}
        graph[name] = reached - {"", name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that reach each other through imports (strongly connected, > 1)."""
    reaches: dict[str, set[str]] = {}
    for start in graph:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for after in graph.get(todo.pop(), set()) - seen:
                seen.add(after)
                todo.append(after)
        reaches[start] = seen
    circles = {
        frozenset(m for m in reaches[a] if a in reaches[m]) for a in graph if a in reaches[a]
    }
    return sorted(sorted(c) for c in circles)


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph(ROOT)
    assert "qa.engines.sphinx" in graph["qa.engines.build"]  # built only when asked for
    assert "qa.pipeline.export.pdf_summary" in graph["qa.pipeline.export.to_pdf"]


def test_a_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_circles(graph) == [["a", "b", "c"]]


def test_no_module_of_qa_imports_itself_back() -> None:
    assert import_circles(import_graph(ROOT)) == []

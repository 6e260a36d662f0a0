"""The package layout: imports between modules point one way, never in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_imports(package: Path) -> dict[str, set[str]]:
    """``{module: {modules of the same package it imports}}`` for every ``.py`` under ``package``.

    Read from the source (``ast``), so function-level imports count too; an
    import of a package counts as an import of its ``__init__``, and
    ``from pkg import name`` as an import of ``pkg.name`` when that is a module.
    """
    root = package.parent
    modules = {_module_name(path, root): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, name, is_package=is_package)
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle of ``graph`` once, as the modules along it (strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, *, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[:len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_module_imports_reads_relative_and_function_level_imports() -> None:
    graph = module_imports(ROOT / "gazetteer")
    assert "gazetteer.sources.shared" in graph["gazetteer.sources.countries"]
    assert "gazetteer.indexing.build" in graph["gazetteer.indexing"]
    assert "gazetteer.sources.geonames_dump" in graph["gazetteer.indexing.build"]


def test_gazetteer_has_no_import_cycles() -> None:
    assert import_cycles(module_imports(ROOT / "gazetteer")) == []


def test_gazetteer_sources_import_no_later_stage() -> None:
    graph = module_imports(ROOT / "gazetteer")
    later = ("gazetteer.indexing", "gazetteer.index", "gazetteer.geocoders", "gazetteer.demonyms")
    for module, targets in graph.items():
        if module.startswith("gazetteer.sources"):
            assert not {t for t in targets if t.startswith(later)}, module
    shared = graph["gazetteer.sources.shared"]
    assert not {t for t in shared if t.startswith("gazetteer.sources")}

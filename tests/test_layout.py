"""The package layout: imports between modules point one way, never in a circle.

geo_events reads as the pipeline, each stage importing only the stages before it::

    io (read) -> text -> geoparse (places) -> events -> pipeline -> store -> cluster -> dashboard (page)

and the gazetteer, below all of it, never imports geo_events. Checked on the
source (``ast``), so a new import that points back up the pipeline, or a
cycle, fails here before anyone has to untangle it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def module_imports(package: Path) -> dict[str, set[str]]:
    """``{module: {modules of the same package it imports}}`` for every ``.py`` under ``package``.

    Read from the source (:func:`runtime_imports`), so function-level imports
    count too; an import of a package counts as an import of its ``__init__``,
    and ``from pkg import name`` as an import of ``pkg.name`` when that is a module.
    """
    modules = {module_name(path): path for path in package.rglob("*.py")}
    return {name: {target for target in runtime_imports(path) if target in modules and target != name}
            for name, path in modules.items()}


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


@pytest.mark.parametrize("package", ["gazetteer", "geo_events"])
def test_no_import_cycles(package: str) -> None:
    assert import_cycles(module_imports(ROOT / package)) == []


def test_gazetteer_sources_import_no_later_stage() -> None:
    graph = module_imports(ROOT / "gazetteer")
    later = ("gazetteer.indexing", "gazetteer.index", "gazetteer.geocoders", "gazetteer.demonyms")
    for module, targets in graph.items():
        if module.startswith("gazetteer.sources"):
            assert not {t for t in targets if t.startswith(later)}, module
    shared = graph["gazetteer.sources.shared"]
    assert not {t for t in shared if t.startswith("gazetteer.sources")}


#: geo_events' stages, lowest first; a module may import its own stage or a lower one.
LAYERS = (
    ("geo_events.errors", "geo_events.models", "geo_events.limits", "geo_events.lazy_exports"),
    ("geo_events.vocab",),
    ("geo_events.text",),
    ("geo_events.io",),
    ("geo_events.geoparse",),
    ("geo_events.events",),
    ("geo_events.pipeline",),
    ("geo_events.store",),
    ("geo_events.cluster",),
    ("geo_events.dashboard",),
    ("geo_events.cli", "geo_events.__main__"),
)


def module_name(path: Path) -> str:
    return _module_name(path, ROOT)


def runtime_imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports at run time (relative imports resolved);
    imports under ``if TYPE_CHECKING:`` are annotations, not dependencies, and are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
               for child in node.body for n in ast.walk(child)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module_name(path), is_package=path.name == "__init__.py")
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


def layer_of(name: str) -> int | None:
    for number, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return number
    return None


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", sources("geo_events"), ids=lambda p: module_name(p))
def test_geo_events_imports_point_down_the_pipeline(path: Path) -> None:
    here = layer_of(module_name(path))
    if here is None:  # the package root re-exports every stage, lazily
        assert module_name(path) == "geo_events"
        return
    upward = sorted(name for name in runtime_imports(path)
                    if (there := layer_of(name)) is not None and there > here)
    assert upward == [], f"{module_name(path)} (stage {here}) imports later stages: {upward}"


@pytest.mark.parametrize("path", sources("gazetteer"), ids=lambda p: module_name(p))
def test_the_gazetteer_never_imports_geo_events(path: Path) -> None:
    assert not any(name.split(".")[0] == "geo_events" for name in runtime_imports(path))

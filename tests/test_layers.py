"""The layout reads as the pipeline: each stage imports only the stages before it.

    io (read) -> text -> geoparse (places) -> events -> pipeline -> store -> dashboard (page)

Checked on the source (ast), so a new import that points back up the
pipeline, or a cycle, fails here before anyone has to untangle it. Imports
under ``if TYPE_CHECKING:`` are left out: they are annotations, not
dependencies at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: geo_events' stages, lowest first; a module may import its own stage or a lower one.
LAYERS = (
    ("geo_events.errors", "geo_events.models"),
    ("geo_events.vocab",),
    ("geo_events.text",),
    ("geo_events.io",),
    ("geo_events.geoparse",),
    ("geo_events.events",),
    ("geo_events.pipeline",),
    ("geo_events.store",),
    ("geo_events.dashboard",),
    ("geo_events.cli", "geo_events.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports at run time (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
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
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def layer_of(name: str) -> int | None:
    for number, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return number
    return None


def sources(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


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


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module -> modules it imports), or ``[]``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a package's own ``__init__`` re-exports left out)."""
    modules = {module_name(p): p for p in sources(package)}
    graph = {}
    for name, path in modules.items():
        targets = {t for t in runtime_imports(path) if t in modules and t != name}
        if path.name == "__init__.py":  # a package root importing its own modules is no cycle
            targets = {t for t in targets if not t.startswith(name + ".")}
        graph[name] = {t for t in targets if modules[t].name != "__init__.py" or t == package}
    return graph


@pytest.mark.parametrize("package", ["geo_events", "gazetteer"])
def test_no_import_cycles(package: str) -> None:
    assert find_cycle(import_graph(package)) == []


def test_find_cycle_reports_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []

"""The house's rule: imports among congvan's modules flow one way (ARCHITECTURE.md, issue 17).

An AST check of `pipeline/`: every `import` and `from ... import`, at the top of a module or inside
a function, is an edge of the module graph; the graph has no cycle. The layers themselves (which
floor may import which) are import-linter's contract in pyproject.toml, run by `make lint`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Edges that still close a cycle or cross the layers, each with why, until they go. The extractors
# are to be given these from the composition root (`pipeline.record.ner_orgs`, `working_days`) as
# `extract_deadlines(..., ner=, workdays=)` arguments: see ARCHITECTURE.md.
PENDING: dict[tuple[str, str], str] = {}


def modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__) for every module under `package`."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _base(name: str, is_package: bool, level: int, module: str | None) -> str:
    """The module a `from` import names: `from ..nlp import x` inside pipeline.extract.deadlines is
    pipeline.nlp."""
    if not level:
        return module or ""
    parts = name.split(".") if is_package else name.split(".")[:-1]
    parts = parts[:len(parts) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def import_graph(package: Path) -> nx.DiGraph:
    """Module -> module it imports, each edge with the `line` of its first import. `from a import b`
    is an edge to `a.b` when that is a module, else to `a`."""
    known = modules(package)
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for name, (path, is_package) in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(name, is_package, node.level, node.module)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
            for target in targets:
                if target in known and target != name and not graph.has_edge(name, target):
                    graph.add_edge(name, target, line=node.lineno, file=path.relative_to(package.parent).as_posix())
    return graph


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle through each group of modules that import each other, shortest first."""
    found = []
    for group in nx.strongly_connected_components(graph):
        if len(group) > 1:
            found.append(min(nx.simple_cycles(graph.subgraph(group)), key=len))
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def describe(graph: nx.DiGraph, cycle: list[str]) -> str:
    edges = zip(cycle, cycle[1:] + cycle[:1], strict=True)
    return "\n".join(f"  {a} -> {b}  ({graph.edges[a, b]['file']}:{graph.edges[a, b]['line']})" for a, b in edges)


def test_no_import_cycle_in_pipeline():
    graph = import_graph(PACKAGE)
    graph.remove_edges_from(PENDING)
    found = cycles(graph)
    assert not found, "import cycles in pipeline/ (move the shared code down a floor):\n" + \
        "\n\n".join(describe(graph, cycle) for cycle in found)


def test_pending_edges_are_still_there():
    """An edge that went away leaves PENDING too, so that it cannot come back unseen."""
    graph = import_graph(PACKAGE)
    gone = [f"{a} -> {b} ({why})" for (a, b), why in PENDING.items() if not graph.has_edge(a, b)]
    assert not gone, "no longer imported; delete from PENDING here and from ignore_imports in pyproject.toml:\n" + \
        "\n".join(gone)


def test_the_check_sees_imports_inside_functions(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .sub.c import g\n    return g\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("import pkg.a\ndef g():\n    from .. import a\n")
    graph = import_graph(package)
    assert set(graph.edges) == {("pkg.a", "pkg.b"), ("pkg.b", "pkg.sub.c"), ("pkg.sub.c", "pkg.a")}
    [cycle] = cycles(graph)
    assert sorted(cycle) == ["pkg.a", "pkg.b", "pkg.sub.c"]
    assert "pkg/b.py:2" in describe(graph, cycles(graph)[0])

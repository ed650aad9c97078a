"""The house's rules (ARCHITECTURE.md, issue 17): imports among congvan's modules flow one way, and
no function is longer than a screenful.

An AST check of `pipeline/`: every `import` and `from ... import`, at the top of a module or inside
a function, is an edge of the module graph; the graph has no cycle. The layers themselves (which
floor may import which) are import-linter's contract in pyproject.toml, run by `make lint`.
Another AST walk measures every function and method, nested ones included.
"""
from __future__ import annotations

import ast
import re
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


# ----------------------------------------------------------------------------------------------
# No function over MAX_FUNCTION_LINES: a longer one does several things, each of which deserves a
# name (split it by meaning: one function per part of the document, a router per area).

MAX_FUNCTION_LINES = 80

# Functions still longer, each until it is split (`path::name`, as `function_lengths` names them); none
# now. An entry that is no longer long must leave too (`test_long_functions_allowed_are_still_long`).
LONG_FUNCTIONS_ALLOWED: set[str] = set()


def function_lengths(package: Path) -> dict[str, int]:
    """`path::Qualified.name` -> lines from its `def` to its last line, for every function and
    method under `package` (nested ones count apart, and inside their parent's length too)."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, path: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    found[f"{path}::{name}"] = child.end_lineno - child.lineno + 1
                visit(child, path, f"{name}.")
            else:
                visit(child, path, prefix)

    for file in sorted(package.rglob("*.py")):
        if "node_modules" not in file.parts:
            visit(ast.parse(file.read_text(encoding="utf-8"), str(file)), file.relative_to(package.parent).as_posix(), "")
    return found


def test_no_function_is_over_80_lines():
    long = {name: lines for name, lines in function_lengths(PACKAGE).items()
            if lines > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS_ALLOWED}
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines (split them by meaning):\n" + \
        "\n".join(f"  {name}: {lines} lines" for name, lines in sorted(long.items(), key=lambda item: -item[1]))


def test_long_functions_allowed_are_still_long():
    """A function that was split leaves LONG_FUNCTIONS_ALLOWED, so that it cannot grow back unseen."""
    lengths = function_lengths(PACKAGE)
    gone = sorted(name for name in LONG_FUNCTIONS_ALLOWED if lengths.get(name, 0) <= MAX_FUNCTION_LINES)
    assert not gone, "no longer over the limit; delete from LONG_FUNCTIONS_ALLOWED:\n" + "\n".join(gone)


def test_the_length_check_sees_methods_and_nested_functions(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("class C:\n    def m(self):\n        def inner():\n            pass\n"
                                  "        return inner\n\n\nasync def f():\n    pass\n")
    assert function_lengths(package) == {"pkg/a.py::C.m": 4, "pkg/a.py::C.m.inner": 2, "pkg/a.py::f": 2}


def test_parse_imports_neither_the_graph_nor_the_web():
    """`congvan parse` is the path every worker and every one-off call takes: the other command
    families (networkx for the graph, the web app) register only when a command needs them."""
    probe = ("import sys\nfrom click.testing import CliRunner\nfrom pipeline.cli import main\n"
             "result = CliRunner().invoke(main, ['parse', '--format', 'summary', 'corpora/seeds/001_ee2839150c8e4529.txt'])\n"
             "assert result.exit_code == 0, result.output\n"
             "print(sorted(m for m in ('networkx', 'pipeline.graph', 'pipeline.web', 'fastapi') if m in sys.modules))\n")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent, check=True)
    assert done.stdout.strip() == "[]"


def test_parsing_a_text_file_loads_no_other_reader_and_no_mail():
    """Start-up counts for a user: a text file is read without the PDF, image and Word readers (the
    OCR stage comes with the first two, its repairs of OCR's letters among it) and without the mail
    modules only reminders use; a PDF still finds its reader when one comes."""
    probe = ("import sys\nfrom click.testing import CliRunner\nfrom pipeline.cli import main\n"
             "result = CliRunner().invoke(main, ['parse', '--format', 'summary', 'corpora/seeds/001_ee2839150c8e4529.txt'])\n"
             "assert result.exit_code == 0, result.output\n"
             "heavy = ('pipeline.read.pdf', 'pipeline.read.scan', 'pipeline.read.image', 'pipeline.read.docx',\n"
             "         'pipeline.read.office', 'pipeline.read.ocr_fix', 'smtplib', 'email.message')\n"
             "print(sorted(m for m in heavy if m in sys.modules))\n"
             "from pipeline.read import READERS\n"
             "print(type(READERS['pdf']).__name__, 'pipeline.read.scan' in sys.modules)\n")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent, check=True)
    assert done.stdout.splitlines() == ["[]", "PDFReader True"]


def test_each_format_names_the_reader_that_reads_it():
    """The lazy table of readers says, for each format, the class whose `formats` holds it."""
    import importlib

    from pipeline.read import READER_CLASSES, READERS

    for fmt, (module, name) in READER_CLASSES.items():
        kind = getattr(importlib.import_module(f"pipeline.read.{module}"), name)
        assert fmt in kind.formats
        assert type(READERS[fmt]) is kind
    assert READERS["doc"] is READERS["odt"]   # one reader object per class, as before
    declared = {fmt for module in ("pdf", "docx", "office", "image", "plain")
                for kind in vars(importlib.import_module(f"pipeline.read.{module}")).values()
                if isinstance(kind, type) and kind.__module__ == f"pipeline.read.{module}"
                for fmt in getattr(kind, "formats", ())}
    assert declared == set(READER_CLASSES)


def test_no_character_range_runs_across_vietnamese_letters():
    """`[à-ỹ]` holds `Ủ`, `Ấ`, `Ỹ` and `[À-Ỹ]` holds `à`, `ạ`: in Unicode the marked letters of both
    cases interleave, so such a range is never the case it looks like (it once made `Ủy ban` the
    lower-case tail of a list). `pipeline.read.letters` lists each case's letters."""
    def mixed(source: str) -> list[str]:
        ranges = (m for line in source.splitlines() if not line.endswith("# both cases")
                  for group in re.findall(r"\[[^\]\n]*\]", line) for m in re.finditer(r"(\w)-(\w)", group))
        return [m.group() for m in ranges if ord(m.group(2)) > 0x7F and (
            {chr(c).isupper() for c in range(ord(m.group(1)), ord(m.group(2)) + 1) if chr(c).isalpha()} == {True, False})]
    found = [f"{path.relative_to(PACKAGE)}: {r}" for path in sorted(PACKAGE.rglob("*.py")) for r in mixed(path.read_text("utf-8"))]
    assert not found
    assert mixed("[a-zđà-ỹ]") == ["à-ỹ"] and mixed("[A-ZĐÀ-Ỹ]") == ["À-Ỹ"] and not mixed("[a-zđà-ã]")

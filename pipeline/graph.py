"""Stage 5: the citation graph. A networkx `MultiDiGraph` built from the store.

A node per document, keyed by its identity (`19CTTTG`; a local one `41KHUBND@UYBANNHANDAN...@2024`;
one without a number `doc:<hash>`), and an explicit placeholder node per cited document that is
not in the archive. A placeholder has the key a citation gives it, and a document's own key is
computed the same way (`extract.references.document_key`), so the placeholder becomes real when
that document is ingested. Edges go citing -> cited, with the relation (`based_on`,
`implements`, `mentions`), the citing document's date and the sentence that cites.

Queries: `lineage` (up: what stands behind a document, up to the Politburo; down: who carried
it out), `coverage` (which provinces answered, at what level, how fast, and which did not),
`export` (GraphML, GEXF, node-link JSON).

>>> from pipeline import store
>>> graph = build(store.connect(":memory:"))
>>> graph.number_of_nodes()
0
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from . import store

RELATION_RANK = {"based_on": 2, "implements": 1, "mentions": 0}
LEVELS = ("central", "ministry", "province", "district", "commune")
NODE_FIELDS = ("code", "code_key", "type", "issuer", "date", "year", "title", "province", "level")


class NotFound(LookupError):
    """A REF that names no node, or several (`candidates` lists them)."""

    def __init__(self, message: str, candidates: list[str] = ()):
        super().__init__(message)
        self.candidates = list(candidates)


# ----------------------------------------------------------------------------------------------
# Building


DOCUMENT_COLUMNS = ("id, key, code, code_key, type, issuer, date, year, subject, province, level, source, name,"
                    " effective, current_province")
CITATION_QUERY = ("SELECT c.*, d.key AS citing_key, d.date AS citing_date, d.effective AS citing_effective"
                  " FROM citations c JOIN documents d ON d.id = c.document_id")


def build(conn: sqlite3.Connection) -> nx.MultiDiGraph:
    """The citation graph of everything in the store.

    A citation whose key names no stored document but whose number, year and province name
    exactly one stored document (the citing text wrote its issuer differently: `Chủ tịch UBND
    tỉnh` for `UBND tỉnh`) is drawn to that document, its edge marked `resolved="code"`."""
    graph = _graph_from(conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id"),
                        conn.execute(f"{CITATION_QUERY} ORDER BY c.id"))
    annotate_status(graph, conn)
    return graph


def _graph_from(documents: Iterable[sqlite3.Row], citations: Iterable[sqlite3.Row]) -> nx.MultiDiGraph:
    """The graph of these document rows (in id order) and citation rows (in id order)."""
    graph = nx.MultiDiGraph()
    for row in documents:
        key = row["key"]
        if key in graph:   # the same document in two files (a PDF and its DOCX)
            graph.nodes[key]["documents"].append(row["id"])
            graph.nodes[key]["sources"].append(row["source"])
            continue
        graph.add_node(key, placeholder=False, document_id=row["id"], documents=[row["id"]],
                       source=row["source"], sources=[row["source"]], name=row["name"],
                       code=row["code"], code_key=row["code_key"], type=row["type"], issuer=row["issuer"],
                       date=row["date"], year=row["year"], title=row["subject"], province=row["province"],
                       level=row["level"], effective=row["effective"], current_province=row["current_province"])
    by_code: dict[str, list[str]] = defaultdict(list)
    for key, attrs in graph.nodes(data=True):
        if attrs["code_key"]:
            by_code[attrs["code_key"]].append(key)
    for row in citations:
        target, resolved = row["key"], "key"
        if target not in graph or graph.nodes[target]["placeholder"]:
            loose = _by_code(graph, by_code, row)
            if loose:
                target, resolved = loose, "code"
        if target not in graph:
            graph.add_node(target, placeholder=True, document_id=None, documents=[], source=None, sources=[],
                           name=None, **{f: row[f] for f in NODE_FIELDS})
        elif graph.nodes[target]["placeholder"]:
            attrs = graph.nodes[target]
            for name in NODE_FIELDS:   # the first citation that knows a field fills it
                if attrs.get(name) is None and row[name] is not None:
                    attrs[name] = row[name]
        if target == row["citing_key"]:
            continue  # a document citing its own number
        graph.add_edge(row["citing_key"], target, key=row["id"], relation=row["relation"], date=row["citing_date"],
                       cited_date=row["date"], evidence=row["evidence"], text=row["text"],
                       citing_document=row["document_id"], resolved=resolved, effect=row["effect"],
                       scope=row["scope"], effective=row["effective"] or row["citing_effective"])
    _inherit_provinces(graph)
    for _, attrs in graph.nodes(data=True):
        if attrs.get("current_province") is None and attrs.get("province"):
            attrs["current_province"] = store.current_province(attrs["province"])
    return graph


# ----------------------------------------------------------------------------------------------
# Around one document: the part of the graph a query needs, read from the store's indexes, so
# lineage and coverage answer in milliseconds in an archive of millions of documents.

_CHUNK = 500   # values per `IN (...)`: well under SQLite's limit on bound variables
PLACEHOLDER_CITATIONS = 8   # the earliest citations of a cited document, which fill its fields


def _rows(conn: sqlite3.Connection, query: str, column: str, values: Iterable) -> Iterator[sqlite3.Row]:
    values = [v for v in set(values) if v is not None]
    for i in range(0, len(values), _CHUNK):
        chunk = values[i:i + _CHUNK]
        yield from conn.execute(f"{query} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)


def around(conn: sqlite3.Connection, keys: Iterable[str], *, up: int | None = None, down: int | None = 0) -> nx.MultiDiGraph:
    """The graph around `keys`: what they cite up to `up` citations away, who cites them down to
    `down` (None: all the way), and for every document drawn, what it cites (for its edges and
    the province a district plan inherits). Same nodes and edges as `build` gives for them."""
    documents: dict[int, sqlite3.Row] = {}
    citations: dict[int, sqlite3.Row] = {}
    doc_query, cite_query = f"SELECT {DOCUMENT_COLUMNS} FROM documents", CITATION_QUERY

    def load_documents(column: str, values) -> list[sqlite3.Row]:
        rows = list(_rows(conn, doc_query, column, values))
        documents.update((row["id"], row) for row in rows)
        return rows

    def load_citations(column: str, values) -> list[sqlite3.Row]:
        rows = list(_rows(conn, cite_query, f"c.{column}", values))
        citations.update((row["id"], row) for row in rows)
        return rows

    def load_by_number(cited) -> list[sqlite3.Row]:
        """The documents a local citation may resolve to by number (`_by_code`): same number, year
        and province where the citation gives them; three per shape tell one from many, so a
        number every province uses (`12/KH-UBND`) does not draw every province's plan."""
        keys: set[str] = set()
        shapes = {(row["code_key"], row["year"], row["province"]) for row in cited
                  if row["code_key"] and "@" in row["key"]}
        for code_key, year, province in shapes:
            found: dict[str, int] = {}
            for where, args in _number_filters(code_key, province, year):
                for key, first in conn.execute(
                        f"SELECT key, min(id) FROM documents WHERE {where} GROUP BY key ORDER BY min(id) LIMIT 3", args):
                    found[key] = min(first, found.get(key, first))
            keys.update(sorted(found, key=found.__getitem__)[:3])
        return load_documents("key", keys)

    def citations_by_number(drawn) -> list[sqlite3.Row]:
        """Local citations that may resolve to these documents by number (the converse of the above)."""
        rows: list[sqlite3.Row] = []
        for doc in {row["key"]: row for row in drawn if row["code_key"]}.values():
            for where, args in _number_filters(doc["code_key"], doc["province"], doc["year"], "c."):
                rows += [row for row in conn.execute(f"{cite_query} WHERE {where}", args)
                         if "@" in row["key"] and row["key"] != doc["key"]]
        # one whose own key names a stored document goes there, not here (`_graph_from`)
        stored = {row[0] for row in _rows(conn, "SELECT key FROM documents", "key", {row["key"] for row in rows})}
        rows = [row for row in rows if row["key"] not in stored]
        citations.update((row["id"], row) for row in rows)
        return rows

    roots = set(keys)
    frontier, seen, level = set(roots), set(roots), 0
    while frontier and (up is None or level < up):   # up: what they cite
        cited = load_citations("document_id", [row["id"] for row in load_documents("key", frontier)])
        targets = {row["key"] for row in cited}
        targets |= {row["key"] for row in load_by_number(cited)}
        frontier, level = targets - seen, level + 1
        seen |= frontier
    frontier, seen, level = set(roots), set(roots), 0
    while frontier and (down is None or level < down):   # down: who cites them
        citing = load_citations("key", frontier) + citations_by_number(load_documents("key", frontier))
        frontier, level = {row["citing_key"] for row in citing} - seen, level + 1
        seen |= frontier
    # a placeholder exists only through its citations, and the first ones fill its fields
    for key in roots | {row["key"] for row in citations.values()}:
        rows = conn.execute(f"{cite_query} WHERE c.key = ? ORDER BY c.id LIMIT {PLACEHOLDER_CITATIONS}", (key,))
        citations.update((row["id"], row) for row in rows)
    # every document drawn, with what it cites and the documents those citations may resolve to
    load_documents("key", {row["citing_key"] for row in citations.values()} | roots)
    cited = load_citations("document_id", list(documents))
    load_documents("key", {row["key"] for row in cited})
    load_by_number(cited)
    graph = _graph_from((documents[i] for i in sorted(documents)), (citations[i] for i in sorted(citations)))
    graph.graph["provinces_in_archive"] = provinces_in_archive(conn)
    graph.graph["current_provinces_in_archive"] = provinces_in_archive(conn, "current_province")
    annotate_status(graph, conn)
    return graph


def provinces_in_archive(conn: sqlite3.Connection, column: str = "province") -> list[str]:
    """The provinces of the stored documents (as issued, or `current_province`), in order: one
    index seek per province (a skip scan), not a pass over a million index entries."""
    if column not in ("province", "current_province"):
        raise ValueError(f"no province column {column!r}")
    provinces: list[str] = []
    while True:
        (province,) = conn.execute(f"SELECT min({column}) FROM documents WHERE {column} > ?",
                                   (provinces[-1] if provinces else "",)).fetchone()
        if province is None:
            return provinces
        provinces.append(province)


def _number_filters(code_key: str, province: str | None, year: int | None, prefix: str = ""):
    """WHERE clauses (with their arguments) for rows of this number whose province and year agree
    with these, a missing one agreeing with any: each an exact seek on the (code_key, province,
    year) index (`IS` matches NULL too)."""
    provinces = [(f"{prefix}province IS ?", (province,)), (f"{prefix}province IS NULL", ())] if province else [("1", ())]
    years = [(f"{prefix}year IS ?", (year,)), (f"{prefix}year IS NULL", ())] if year else [("1", ())]
    for p_where, p_args in provinces:
        for y_where, y_args in years:
            yield f"{prefix}code_key = ? AND {p_where} AND {y_where}", (code_key, *p_args, *y_args)


def _inherit_provinces(graph: nx.MultiDiGraph) -> None:
    """A district or commune document whose header names no province (`UBND huyện Mường Chà`)
    takes the province of the local documents it cites (`Công văn 2458/UBND-NC` of Điện Biên),
    marked `province_from="citations"`."""
    for key, attrs in graph.nodes(data=True):
        if attrs["placeholder"] or attrs.get("province") or attrs.get("level") not in ("district", "commune"):
            continue
        cited = Counter(graph.nodes[n].get("province") for n in graph.successors(key)
                        if graph.nodes[n].get("province") and graph.nodes[n].get("level") in ("province", "district"))
        if cited:
            attrs["province"] = min(cited, key=lambda p: (-cited[p], p))
            attrs["current_province"] = store.current_province(attrs["province"])
            attrs["province_from"] = "citations"


def _by_code(graph: nx.MultiDiGraph, by_code: dict[str, list[str]], citation: sqlite3.Row) -> str | None:
    """The one stored document with this citation's number, year and province, if exactly one."""
    if not citation["code_key"] or "@" not in citation["key"]:
        return None
    candidates = [k for k in by_code.get(citation["code_key"], ()) if k != citation["citing_key"]
                  and (citation["year"] is None or graph.nodes[k]["year"] in (None, citation["year"]))
                  and (citation["province"] is None or graph.nodes[k]["province"] in (None, citation["province"]))]
    return candidates[0] if len(candidates) == 1 else None


# ----------------------------------------------------------------------------------------------
# Finding a node


def find(graph: nx.MultiDiGraph, ref: str, conn: sqlite3.Connection | None = None, *, issuer: str | None = None) -> str:
    """The node that REF names: a file path, a document id, a node key, or a code
    (`19/CT-TTg`, `34-CT/TW`; a local code shared by several issuers needs `issuer`).

    Raises `NotFound` (with `candidates` when REF is ambiguous)."""
    from .extract.references import document_key

    ref = ref.strip()
    if conn is not None and (Path(ref).is_file() or "/" in ref or "\\" in ref):
        found = store.document_by_file(conn, ref) if Path(ref).is_file() or _stored_path(conn, ref) else None
        if found:
            return found["key"]
    if conn is not None and ref.isdigit():
        found = store.document(conn, int(ref))
        if found:
            return found["key"]
    if ref in graph:
        return ref
    code_key = (document_key({"code": ref}) or document_key({"code": ref.upper()}) or "").split("@")[0]
    if not code_key:
        raise NotFound(f"{ref!r} is neither a stored file, a document id nor a document number")
    candidates = [n for n, a in graph.nodes(data=True) if a.get("code_key") == code_key]
    if issuer:
        wanted = store.fold(issuer)
        candidates = [n for n in candidates if wanted in store.fold(graph.nodes[n].get("issuer") or "")
                      or wanted in store.fold(graph.nodes[n].get("province") or "") or wanted in store.fold(n)]
    if not candidates:
        raise NotFound(f"no document numbered {ref} is stored or cited" + (f" with issuer {issuer!r}" if issuer else ""))
    if len(candidates) > 1:
        real = [n for n in candidates if not graph.nodes[n]["placeholder"]]
        if len(real) == 1 and not issuer:
            return real[0]
        raise NotFound(f"{ref} names {len(candidates)} documents; say which with --issuer", sorted(candidates))
    return candidates[0]


def locate(conn: sqlite3.Connection, ref: str, *, issuer: str | None = None) -> str:
    """`find` without the whole graph: the node key REF names, from the store's indexes."""
    from .extract.references import document_key

    ref = ref.strip()
    code_key = (document_key({"code": ref}) or document_key({"code": ref.upper()}) or "").split("@")[0]
    keys = {ref} | {row["key"] for row in _rows(conn, "SELECT key FROM documents", "code_key", [code_key])}
    keys |= {row["key"] for row in _rows(conn, "SELECT key FROM citations", "code_key", [code_key])}
    graph = around(conn, keys, up=0, down=0)
    try:
        return find(graph, ref, conn, issuer=issuer)
    except NotFound as error:
        error.graph = graph   # to describe the candidates
        raise


def _stored_path(conn: sqlite3.Connection, path: str) -> bool:
    import os

    names = (path, os.path.abspath(path))
    return (conn.execute("SELECT 1 FROM files WHERE path IN (?, ?)", names).fetchone() is not None
            or conn.execute("SELECT 1 FROM paths WHERE path IN (?, ?)", names).fetchone() is not None)


def describe(graph: nx.MultiDiGraph, key: str, *, mark: bool = True) -> str:
    """`Chỉ thị 19/CT-TTg · 2021-07-16 · Thủ tướng Chính phủ`, `(not in archive)` for a placeholder,
    and (`mark`) `✗ replaced by ...` for one that no longer stands."""
    attrs = graph.nodes[key]
    what = _what(attrs) or key
    parts = [what, attrs.get("date") or (str(attrs["year"]) if attrs.get("year") else None), attrs.get("issuer")]
    line = " · ".join(p for p in parts if p)
    suffix = _status_mark(attrs) if mark else ""
    if attrs.get("placeholder"):
        return line + "  (not in archive)" + suffix
    return f"{line}  [{attrs.get('name')}]{suffix}"


# ----------------------------------------------------------------------------------------------
# Status: whether a document still stands, from what the documents citing it say they do to it
# (`extract/effects.py`): replaced, repealed, suspended, amended, else in force as far as the
# archive knows.

EFFECT_STATUS = {"replaces": "replaced", "repeals": "repealed", "suspends": "suspended", "amends": "amended"}
STATUS_ORDER = ("replaced", "repealed", "suspended", "amended")   # the first that applies is the status
EFFECT_QUERY = ("SELECT c.id, c.key, c.effect, c.scope, c.effective, c.evidence, d.id AS document_id, d.key AS citing_key,"
                " d.code, d.type, d.issuer, d.date, d.effective AS citing_effective, d.source FROM citations c"
                " JOIN documents d ON d.id = c.document_id")


def annotate_status(graph: nx.MultiDiGraph, conn: sqlite3.Connection | None = None) -> None:
    """Set every node's `status` (see `status_of`) from the effects on its incoming edges and, with
    `conn`, from every stored citation of its key that states one (a lineage up draws no citing
    documents, yet a directive up there may be replaced)."""
    effects: dict[str, dict[int, dict]] = defaultdict(dict)
    for citing, cited, edge_key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("effect"):
            node = graph.nodes[citing]
            effects[cited][edge_key] = {"effect": attrs["effect"], "scope": attrs.get("scope"),
                                        "effective": attrs.get("effective"), "evidence": attrs.get("evidence"),
                                        "by": citing, **{f: node.get(f) for f in ("code", "type", "issuer", "date", "source")},
                                        "document_id": node.get("document_id")}
    if conn is not None:
        for row in _rows(conn, EFFECT_QUERY, "c.effect IS NOT NULL AND c.key", list(graph.nodes)):
            effects[row["key"]].setdefault(row["id"], {
                "effect": row["effect"], "scope": row["scope"], "effective": row["effective"] or row["citing_effective"],
                "evidence": row["evidence"], "by": row["citing_key"], "document_id": row["document_id"],
                **{f: row[f] for f in ("code", "type", "issuer", "date", "source")}})
    for key, attrs in graph.nodes(data=True):
        attrs["status"] = status_of(list(effects.get(key, {}).values()))


def status_of(effects: list[dict]) -> dict:
    """`{"status", "in_force", "since", "replaced_by", "repealed_by", "suspended_by", "amended_by"}`
    from the effects stated on a document, earliest first. A part repealed (`scope`) leaves the
    rest standing: it counts as an amendment."""
    lists: dict[str, list[dict]] = {state: [] for state in STATUS_ORDER}
    for effect in sorted(effects, key=lambda e: (e.get("effective") or e.get("date") or "9999", e["by"])):
        state = EFFECT_STATUS[effect["effect"]]
        if state in ("repealed", "suspended") and effect.get("scope"):
            state = "amended"
        if all(e["by"] != effect["by"] for e in lists[state]):
            lists[state].append(effect)
    status = next((state for state in STATUS_ORDER if lists[state]), "in force")
    since = None
    if status != "in force":
        since = lists[status][0].get("effective") or lists[status][0].get("date")
    return {"status": status, "in_force": status in ("in force", "amended"), "since": since,
            **{f"{state}_by": lists[state] for state in STATUS_ORDER}}


def status(graph: nx.MultiDiGraph, key: str) -> dict:
    """What the archive says of `key`: the node and its status, each successor with the sentence."""
    attrs = graph.nodes[key]
    if "status" not in attrs:
        annotate_status(graph)
    return {"document": node_json(graph, key), **attrs["status"]}


def status_text(graph: nx.MultiDiGraph, report: dict) -> str:
    """`Chỉ thị 29/CT-TTg ...` then `replaced by Chỉ thị 30/CT-TTg · 2024-... from 2024-...` and the sentence."""
    lines = [describe(graph, report["document"]["key"], mark=False), f"status: {report['status']}"
             + (f" (since {report['since']})" if report["since"] else "")]
    for state in STATUS_ORDER:
        for effect in report[f"{state}_by"]:
            what = " ".join(x for x in (effect.get("type"), effect.get("code")) if x) or effect["by"]
            scope = f" ({effect['scope']})" if effect.get("scope") else ""
            when = f" from {effect['effective']}" if effect.get("effective") else ""
            lines.append(f"  {state} by {what}{scope}{when} · {effect.get('issuer') or '?'}  [{effect.get('source')}]")
            if effect.get("evidence"):
                lines.append(f"    «{effect['evidence']}»")
    return "\n".join(lines)


def _status_mark(attrs: dict) -> str:
    """`  ✗ replaced by Chỉ thị 30/CT-TTg` for a document that no longer stands as issued."""
    found = attrs.get("status") or {}
    state = found.get("status")
    if not state or state == "in force":
        return ""
    by = found[f"{state}_by"][0]
    what = " ".join(x for x in (by.get("type"), by.get("code")) if x) or by["by"]
    return f"  {'✗' if not found['in_force'] else '~'} {state} by {what}"


# ----------------------------------------------------------------------------------------------
# Lineage


def _strongest(graph: nx.MultiDiGraph, citing: str, cited: str) -> dict:
    edges = graph.get_edge_data(citing, cited) or {}
    return max(edges.values(), key=lambda e: (RELATION_RANK.get(e["relation"], 0), -(e.get("citing_document") or 0)))


def _sort_key(graph: nx.MultiDiGraph, key: str) -> tuple:
    attrs = graph.nodes[key]
    return (attrs.get("date") or "9999", attrs.get("code") or attrs.get("title") or key)


def lineage(graph: nx.MultiDiGraph, root: str, direction: str = "up", depth: int | None = None) -> dict:
    """A tree from `root`: `up` follows what each document cites (what stands behind it), `down`
    who cites it (who carried it out). A node met again is listed with `seen: true` and not
    expanded, so cycles end. Each child carries the relation of its edge.

    Returns `{"key", "depth", "relation", "seen", "children": [...]}` nested."""
    if direction not in ("up", "down"):
        raise ValueError("direction is `up` or `down`")
    seen = {root}

    def grow(key: str, level: int) -> list[dict]:
        if depth is not None and level >= depth:
            return []
        neighbours = graph.successors(key) if direction == "up" else graph.predecessors(key)
        children = []
        for other in sorted(set(neighbours), key=lambda k: _sort_key(graph, k)):
            edge = _strongest(graph, key, other) if direction == "up" else _strongest(graph, other, key)
            node = {"key": other, "depth": level + 1, "relation": edge["relation"], "evidence": edge.get("evidence"),
                    "seen": other in seen, "children": []}
            children.append(node)
            if not node["seen"]:
                seen.add(other)
        for node in children:
            if not node["seen"]:
                node["children"] = grow(node["key"], level + 1)
        return children

    return {"key": root, "depth": 0, "relation": None, "evidence": None, "seen": False, "direction": direction,
            "children": grow(root, 0)}


def lineage_text(graph: nx.MultiDiGraph, tree: dict, *, root: bool = True) -> str:
    """An indented tree, one document a line: relation, type, code, date, issuer, file.
    `root=False` leaves out the first line (when two trees share it)."""
    lines = [describe(graph, tree["key"])] if root else []

    def walk(children: list[dict], prefix: str) -> None:
        for i, node in enumerate(children):
            last = i == len(children) - 1
            mark = " (see above)" if node["seen"] else ""
            lines.append(f"{prefix}{'└─' if last else '├─'} [{node['relation']}] {describe(graph, node['key'])}{mark}")
            walk(node["children"], prefix + ("   " if last else "│  "))

    walk(tree["children"], "" if root else "  ")
    if not tree["children"]:
        unknown = graph.nodes[tree["key"]]["placeholder"] and tree.get("direction") == "up"
        lines.append(("" if root else "  ") + ("(unknown: not in the archive)" if unknown else "(none)"))
    return "\n".join(lines)


def node_json(graph: nx.MultiDiGraph, key: str) -> dict:
    attrs = graph.nodes[key]
    found = attrs.get("status") or {}
    successors = [e["by"] for state in ("replaced", "repealed") for e in found.get(f"{state}_by", [])]
    return {"key": key, "placeholder": attrs["placeholder"], "document_id": attrs.get("document_id"),
            "source": attrs.get("source"), "sources": attrs.get("sources", []),
            **{f: attrs.get(f) for f in NODE_FIELDS if f != "code_key"},
            "current_province": attrs.get("current_province"), "effective": attrs.get("effective"),
            "status": found.get("status", "in force"), "successors": successors}


def lineage_json(graph: nx.MultiDiGraph, tree: dict, direction: str) -> dict:
    """Every node of the tree once (with its source file and depth) and every edge walked."""
    nodes: dict[str, dict] = {}
    edges = []

    def walk(node: dict, parent: str | None) -> None:
        if node["key"] not in nodes:
            nodes[node["key"]] = {**node_json(graph, node["key"]), "depth": node["depth"]}
        if parent is not None:
            citing, cited = (parent, node["key"]) if direction == "up" else (node["key"], parent)
            edges.append({"citing": citing, "cited": cited, "relation": node["relation"], "evidence": node["evidence"]})
        for child in node["children"]:
            walk(child, node["key"])

    walk(tree, None)
    return {"root": tree["key"], "direction": direction, "nodes": list(nodes.values()), "edges": edges}


def chain_up(graph: nx.MultiDiGraph, key: str) -> list[str]:
    """The longest chain of citations from `key` up (the district plan, the province's plan, the
    Prime Minister's directive, the Politburo's), preferring implements/based_on edges."""
    best: dict[str, list[str]] = {}

    def strength(path: list[str]) -> tuple[int, int]:
        return len(path), sum(RELATION_RANK[_strongest(graph, a, b)["relation"]] for a, b in zip(path, path[1:], strict=False))

    def longest(node: str, path: frozenset) -> list[str]:
        if node in best and not path.intersection(best[node][1:]):
            return best[node]
        options = [[node, *longest(n, path | {n})] for n in sorted(graph.successors(node)) if n not in path]
        result = max([[node], *options], key=strength)
        best[node] = result
        return result

    return longest(key, frozenset({key}))


# ----------------------------------------------------------------------------------------------
# Coverage


def _day(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def coverage(graph: nx.MultiDiGraph, root: str, *, depth: int = 1, relations: tuple[str, ...] | None = None,
             as_issued: bool = False) -> dict:
    """Who cites `root` (directly, or through up to `depth` citations), grouped by province and
    level, with the first citing date and its latency in days from `root`'s date; and the
    provinces that have documents in the archive but none citing `root`.

    Provinces are those of the 2025 map: a 2024 plan of Bình Thuận counts for Lâm Đồng, shown as
    a former province of that group (`former`). `as_issued` groups by the province as issued."""
    start = _day(graph.nodes[root].get("date"))
    reached: dict[str, dict] = {}
    frontier = [root]
    for level in range(1, depth + 1):
        following = []
        for cited in frontier:
            for citing in graph.predecessors(cited):
                if citing in reached or citing == root:
                    continue
                edge = _strongest(graph, citing, cited)
                if relations and edge["relation"] not in relations:
                    continue
                reached[citing] = {"via": cited, "depth": level, "relation": edge["relation"]}
                following.append(citing)
        frontier = following
    citing = []
    for key, how in reached.items():
        attrs = graph.nodes[key]
        day = _day(attrs.get("date"))
        citing.append({**node_json(graph, key), **how,
                       "latency_days": (day - start).days if day and start else None})
    citing.sort(key=lambda c: (c["date"] or "9999", c["key"]))
    provinces: dict[str, dict] = {}
    field = "province" if as_issued else "current_province"
    for row in citing:
        # local documents group by province; central and ministry ones (no province) by level
        name = row[field] or f"({row['level'] or 'unknown'})"
        entry = provinces.setdefault(name, {"province": row[field], "group": name, "former": [], "documents": [],
                                            "levels": defaultdict(int), "first_date": None, "latency_days": None})
        if row["province"] and row["province"] != row[field] and row["province"] not in entry["former"]:
            entry["former"].append(row["province"])
        entry["documents"].append(row["key"])
        entry["levels"][row["level"] or "?"] += 1
        if row["date"] and (entry["first_date"] is None or row["date"] < entry["first_date"]):
            entry["first_date"] = row["date"]
            entry["latency_days"] = row["latency_days"]
    by_level: dict[str, int] = defaultdict(int)
    for row in citing:
        by_level[row["level"] or "?"] += 1
    in_archive = graph.graph.get("provinces_in_archive" if as_issued else "current_provinces_in_archive") or sorted(
        {a[field] for _, a in graph.nodes(data=True) if not a["placeholder"] and a.get(field)})
    answered = {p["province"] for p in provinces.values() if p["province"]}
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    return {
        "document": node_json(graph, root),
        "depth": depth,
        "citing": citing,
        "grouping": "as issued" if as_issued else "current",
        "provinces": sorted(({**p, "label": _group_label(p),
                              "levels": dict(sorted(p["levels"].items(), key=lambda kv: order.get(kv[0], 9)))}
                             for p in provinces.values()),
                            key=lambda p: (p["province"] is not None, p["first_date"] or "9999", p["group"])),
        "by_level": dict(sorted(by_level.items(), key=lambda kv: order.get(kv[0], 9))),
        "provinces_in_archive": in_archive,
        "silent_provinces": [p for p in in_archive if p not in answered],
    }


def _group_label(entry: dict) -> str:
    """`Lâm Đồng (gồm Bình Thuận cũ)`: the current province and the former ones its plans came from."""
    if not entry["former"]:
        return entry["group"]
    return f"{entry['group']} (gồm {', '.join(sorted(entry['former']))} cũ)"


def coverage_text(graph: nx.MultiDiGraph, report: dict) -> str:
    root = report["document"]["key"]
    lines = [describe(graph, root)]
    count = len(report["citing"])
    named = sum(1 for p in report["provinces"] if p["province"])
    how = "directly" if report["depth"] == 1 else f"through up to {report['depth']} citations"
    lines.append(f"cited {how} by {count} document{'s' * (count != 1)} from {named} province{'s' * (named != 1)}")
    if report["provinces"]:
        lines.append("")
        lines.append(f"{'province':<22} {'levels':<24} {'first cited':<12} {'latency':>9}  documents")
        for entry in report["provinces"]:
            levels = ", ".join(f"{lvl} {n}" for lvl, n in entry["levels"].items())
            latency = f"{entry['latency_days']} d" if entry["latency_days"] is not None else "?"
            documents = "; ".join(_short(graph, k) for k in entry["documents"])
            lines.append(f"{entry.get('label', entry['group']):<22} {levels:<24} {entry['first_date'] or '?':<12} "
                         f"{latency:>9}  {documents}")
        lines.append("")
        lines.append("by level: " + ", ".join(f"{lvl} {n}" for lvl, n in report["by_level"].items()))
    silent = report["silent_provinces"]
    if report["provinces_in_archive"]:
        lines.append(f"provinces in the archive that did not cite it: {', '.join(silent) if silent else 'none'}")
    return "\n".join(lines)


def _short(graph: nx.MultiDiGraph, key: str) -> str:
    attrs = graph.nodes[key]
    return " ".join(x for x in (attrs.get("type"), attrs.get("code") or f"({attrs.get('name')})") if x)


def _what(attrs: dict) -> str:
    """`Chỉ thị 19/CT-TTg`; `Luật Thi đua, khen thưởng`; `Phát động «Phong trào thi đua ...»`."""
    kind, code, title = attrs.get("type"), attrs.get("code"), attrs.get("title")
    if code:
        return f"{kind} {code}" if kind else code
    if title and attrs.get("placeholder"):
        return title if not kind or title.casefold().startswith(kind.casefold()) else f"{kind} {title}"
    if title:
        short = title if len(title) <= 70 else title[:67].rstrip() + "…"
        return f"{kind or 'Văn bản'} «{short}»"
    return kind or ""


# ----------------------------------------------------------------------------------------------
# Export


def neighbourhood(graph: nx.MultiDiGraph, key: str, depth: int = 2) -> nx.MultiDiGraph:
    """The subgraph within `depth` citations of `key`, up and down: small enough to draw."""
    keep = {key}
    for direction in (graph.successors, graph.predecessors):
        frontier = {key}
        for _ in range(depth):
            frontier = {n for f in frontier for n in direction(f)} - keep
            keep |= frontier
    return graph.subgraph(keep).copy()


def _flat(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def for_export(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF can hold: no None, lists joined, a `label`."""
    out = nx.MultiDiGraph()
    for key, attrs in graph.nodes(data=True):
        clean = {k: _flat(v) for k, v in attrs.items() if v is not None and k != "status"}
        if attrs.get("status"):   # a name for Gephi's filters; the successors with their sentences stay in JSON
            clean["status"] = attrs["status"]["status"]
        clean["placeholder"] = bool(attrs["placeholder"])
        clean["label"] = _what(attrs) or key
        out.add_node(key, **clean)
    for citing, cited, edge_key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(citing, cited, key=edge_key, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    return out


def export(graph: nx.MultiDiGraph, fmt: str, path) -> None:
    """Write the graph as `graphml`, `gexf` (Gephi) or `json` (node-link) to a path or binary file."""
    if fmt == "graphml":
        nx.write_graphml(for_export(graph), path)
    elif fmt == "gexf":
        nx.write_gexf(for_export(graph), path)
    elif fmt == "json":
        data = json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1, sort_keys=True)
        if hasattr(path, "write"):
            path.write(data.encode("utf-8"))
        else:
            Path(path).write_text(data, encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}: graphml, gexf or json")

"""Building the citation graph from the store: all of it (`build`), or the part around some
documents that a query needs (`around`).

A node per document, keyed by its identity (`19CTTTG`; a local one `41KHUBND@UYBANNHANDAN...@2024`;
one without a number `doc:<hash>`), and an explicit placeholder node per cited document that is
not in the archive. A placeholder has the key a citation gives it, and a document's own key is
computed the same way (`extract.references.document_key`), so the placeholder becomes real when
that document is ingested. Edges go citing -> cited, with the relation (`based_on`,
`implements`, `mentions`), the citing document's date and the sentence that cites.

>>> from pipeline import store
>>> graph = build(store.connect(":memory:"))
>>> graph.number_of_nodes()
0
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from .. import store
from .nodes import NODE_FIELDS
from .rows import CITATION_QUERY, DOCUMENT_COLUMNS, rows_in
from .status import annotate_status

# ----------------------------------------------------------------------------------------------
# Building


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

PLACEHOLDER_CITATIONS = 8   # the earliest citations of a cited document, which fill its fields


def around(conn: sqlite3.Connection, keys: Iterable[str], *, up: int | None = None, down: int | None = 0) -> nx.MultiDiGraph:
    """The graph around `keys`: what they cite up to `up` citations away, who cites them down to
    `down` (None: all the way), and for every document drawn, what it cites (for its edges and
    the province a district plan inherits). Same nodes and edges as `build` gives for them."""
    documents: dict[int, sqlite3.Row] = {}
    citations: dict[int, sqlite3.Row] = {}
    doc_query, cite_query = f"SELECT {DOCUMENT_COLUMNS} FROM documents", CITATION_QUERY

    def load_documents(column: str, values) -> list[sqlite3.Row]:
        rows = list(rows_in(conn, doc_query, column, values))
        documents.update((row["id"], row) for row in rows)
        return rows

    def load_citations(column: str, values) -> list[sqlite3.Row]:
        rows = list(rows_in(conn, cite_query, f"c.{column}", values))
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
        stored = {row[0] for row in rows_in(conn, "SELECT key FROM documents", "key", {row["key"] for row in rows})}
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

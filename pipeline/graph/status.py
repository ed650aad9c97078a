"""Status: whether a document still stands, from what the documents citing it say they do to it
(`extract/effects.py`): replaced, repealed, suspended, amended, else in force as far as the
archive knows.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict

import networkx as nx

from .nodes import describe, node_json
from .rows import EFFECT_QUERY, rows_in

EFFECT_STATUS = {"replaces": "replaced", "repeals": "repealed", "suspends": "suspended", "amends": "amended"}
STATUS_ORDER = ("replaced", "repealed", "suspended", "amended")   # the first that applies is the status


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
        for row in rows_in(conn, EFFECT_QUERY, "c.effect IS NOT NULL AND c.key", list(graph.nodes)):
            effects[row["key"]].setdefault(row["id"], {
                "effect": row["effect"], "scope": row["scope"], "effective": row["effective"] or row["citing_effective"],
                "evidence": row["evidence"], "by": row["citing_key"], "document_id": row["document_id"],
                **{f: row[f] for f in ("code", "type", "issuer", "date", "source")}})
    for key, attrs in graph.nodes(data=True):
        attrs["status"] = status_of(list(effects.get(key, {}).values()))


def status_of(effects: list[dict]) -> dict:
    """`{"status", "in_force", "since", "replaced_by", "repealed_by", "suspended_by", "amended_by"}`
    from the effects stated on a document, earliest first. A part repealed, suspended or replaced
    (`scope`: `khoản 2 Điều 3`, `11 Danh mục thủ tục hành chính (Phụ lục II)`) leaves the rest standing:
    it counts as an amendment."""
    lists: dict[str, list[dict]] = {state: [] for state in STATUS_ORDER}
    for effect in sorted(effects, key=lambda e: (e.get("effective") or e.get("date") or "9999", e["by"])):
        state = EFFECT_STATUS[effect["effect"]]
        if state in ("repealed", "suspended", "replaced") and effect.get("scope"):
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

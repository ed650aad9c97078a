"""Coverage: which provinces answered a document, at what level, how fast, and which did not.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import networkx as nx

from .lineage import strongest
from .nodes import LEVELS, describe, node_json, short


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
                edge = strongest(graph, citing, cited)
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
            documents = "; ".join(short(graph, k) for k in entry["documents"])
            lines.append(f"{entry.get('label', entry['group']):<22} {levels:<24} {entry['first_date'] or '?':<12} "
                         f"{latency:>9}  {documents}")
        lines.append("")
        lines.append("by level: " + ", ".join(f"{lvl} {n}" for lvl, n in report["by_level"].items()))
    silent = report["silent_provinces"]
    if report["provinces_in_archive"]:
        lines.append(f"provinces in the archive that did not cite it: {', '.join(silent) if silent else 'none'}")
    return "\n".join(lines)

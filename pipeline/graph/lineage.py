"""Lineage: up, what stands behind a document (up to the Politburo); down, who carried it out.
"""
from __future__ import annotations

import networkx as nx

from ..extract.references import RELATION_RANK  # the one ranking: based_on > implements > mentions
from .nodes import describe, node_json


def strongest(graph: nx.MultiDiGraph, citing: str, cited: str) -> dict:
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
            edge = strongest(graph, key, other) if direction == "up" else strongest(graph, other, key)
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
        return len(path), sum(RELATION_RANK[strongest(graph, a, b)["relation"]] for a, b in zip(path, path[1:], strict=False))

    def longest(node: str, path: frozenset) -> list[str]:
        if node in best and not path.intersection(best[node][1:]):
            return best[node]
        options = [[node, *longest(n, path | {n})] for n in sorted(graph.successors(node)) if n not in path]
        result = max([[node], *options], key=strength)
        best[node] = result
        return result

    return longest(key, frozenset({key}))

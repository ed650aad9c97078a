"""Export: the graph, or a document's neighbourhood, as GraphML, GEXF (Gephi) or node-link JSON.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .nodes import node_label


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
        clean["label"] = node_label(attrs) or key
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

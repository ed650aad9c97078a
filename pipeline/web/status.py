"""Whether the documents a page shows still stand (issue 18): their status from the graph, each
successor with its URL, for the templates' struck-through marks (`templates/status.html`)."""
from __future__ import annotations

import sqlite3

from .. import graph as graphs


def with_urls(status: dict, document_url) -> dict:
    """A `graphs.status_of` result whose every successor carries `url` (its document page)."""
    states = [f"{state}_by" for state in graphs.STATUS_ORDER]
    return {**status, **{field: [{**by, "url": document_url(by["document_id"]) if by.get("document_id") else None}
                                 for by in status.get(field, [])] for field in states}}


def statuses(conn: sqlite3.Connection, keys, document_url) -> dict[str, dict]:
    """The status of each of these node keys (one graph around them, no citation followed)."""
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return {}
    graph = graphs.around(conn, keys, up=0, down=0)
    return {key: with_urls(graph.nodes[key]["status"], document_url) for key in keys if key in graph}

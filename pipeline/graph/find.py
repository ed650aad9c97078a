"""Finding a node from what a person types: a number (`19/CT-TTg`), a stored file's path, a
document id, a key; `NotFound` names the candidates when a local number is ambiguous.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .. import store
from .build import around
from .rows import rows_in


class NotFound(LookupError):
    """A REF that names no node, or several (`candidates` lists them)."""

    def __init__(self, message: str, candidates: Iterable[str] = ()):
        super().__init__(message)
        self.candidates = list(candidates)
        self.graph: nx.MultiDiGraph | None = None   # where they were looked for, to describe them


def find(graph: nx.MultiDiGraph, ref: str, conn: sqlite3.Connection | None = None, *, issuer: str | None = None) -> str:
    """The node that REF names: a file path, a document id, a node key, or a code
    (`19/CT-TTg`, `34-CT/TW`; a local code shared by several issuers needs `issuer`).

    Raises `NotFound` (with `candidates` when REF is ambiguous)."""
    from ..extract.references import document_key

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
    from ..extract.references import document_key

    ref = ref.strip()
    code_key = (document_key({"code": ref}) or document_key({"code": ref.upper()}) or "").split("@")[0]
    keys = {ref} | {row["key"] for row in rows_in(conn, "SELECT key FROM documents", "code_key", [code_key])}
    keys |= {row["key"] for row in rows_in(conn, "SELECT key FROM citations", "code_key", [code_key])}
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

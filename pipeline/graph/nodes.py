"""What a node of the citation graph says: its fields, one line for people, the JSON the web app draws.
"""
from __future__ import annotations

import networkx as nx

LEVELS = ("central", "ministry", "province", "district", "commune")
NODE_FIELDS = ("code", "code_key", "type", "issuer", "date", "year", "title", "province", "level")


def describe(graph: nx.MultiDiGraph, key: str, *, mark: bool = True) -> str:
    """`Chỉ thị 19/CT-TTg · 2021-07-16 · Thủ tướng Chính phủ`, `(not in archive)` for a placeholder,
    and (`mark`) `✗ replaced by ...` for one that no longer stands."""
    attrs = graph.nodes[key]
    what = node_label(attrs) or key
    parts = [what, attrs.get("date") or (str(attrs["year"]) if attrs.get("year") else None), attrs.get("issuer")]
    line = " · ".join(p for p in parts if p)
    suffix = status_mark(attrs) if mark else ""
    if attrs.get("placeholder"):
        return line + "  (not in archive)" + suffix
    return f"{line}  [{attrs.get('name')}]{suffix}"


def status_mark(attrs: dict) -> str:
    """`  ✗ replaced by Chỉ thị 30/CT-TTg` for a document that no longer stands as issued."""
    found = attrs.get("status") or {}
    state = found.get("status")
    if not state or state == "in force":
        return ""
    by = found[f"{state}_by"][0]
    what = " ".join(x for x in (by.get("type"), by.get("code")) if x) or by["by"]
    return f"  {'✗' if not found['in_force'] else '~'} {state} by {what}"


def node_json(graph: nx.MultiDiGraph, key: str) -> dict:
    attrs = graph.nodes[key]
    found = attrs.get("status") or {}
    successors = [e["by"] for state in ("replaced", "repealed") for e in found.get(f"{state}_by", [])]
    return {"key": key, "placeholder": attrs["placeholder"], "document_id": attrs.get("document_id"),
            "source": attrs.get("source"), "sources": attrs.get("sources", []),
            **{f: attrs.get(f) for f in NODE_FIELDS if f != "code_key"},
            "current_province": attrs.get("current_province"), "effective": attrs.get("effective"),
            "status": found.get("status", "in force"), "successors": successors}


def short(graph: nx.MultiDiGraph, key: str) -> str:
    attrs = graph.nodes[key]
    return " ".join(x for x in (attrs.get("type"), attrs.get("code") or f"({attrs.get('name')})") if x)


def node_label(attrs: dict) -> str:
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

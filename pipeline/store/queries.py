"""Reading the store: counts, failures, path statuses, records, one document, full-text search.

>>> from pipeline.store.schema import connect
>>> stats(connect(":memory:"))["documents"]
0
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import StoreError
from .folding import fold
from .write import file_hash


def stats(conn: sqlite3.Connection) -> dict:
    """Counts of everything stored."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "references": one("SELECT count(*) FROM citations"),
        "cited_documents": one("SELECT count(DISTINCT key) FROM citations"),
        "cited_in_archive": one("SELECT count(DISTINCT c.key) FROM citations c JOIN documents d ON d.key = c.key"),
        "mentions": one("SELECT count(*) FROM mentions"),
        "deadlines": one("SELECT count(*) FROM deadlines"),
        "targets": one("SELECT count(*) FROM targets"),
        "files": one("SELECT count(*) FROM files"),
        "failed": one("SELECT count(*) FROM files WHERE status = 'failed'"),
        "paths": one("SELECT count(*) FROM paths"),
        "paths_partial": one("SELECT count(*) FROM paths WHERE status = 'partial'"),
        "paths_skipped": one("SELECT count(*) FROM paths WHERE status = 'skipped'"),
        "provinces": one("SELECT count(DISTINCT province) FROM documents WHERE province IS NOT NULL"),
        "schema_version": one("PRAGMA user_version"),
    }


def failures(conn: sqlite3.Connection) -> list[dict]:
    """Failed files with their reasons, by path."""
    rows = conn.execute("SELECT path, hash, format, reason, ingested_at FROM files WHERE status = 'failed' ORDER BY path")
    return [dict(row) for row in rows]


def path_statuses(conn: sqlite3.Connection, statuses: Iterable[str] = ("ok", "partial", "failed", "skipped")) -> Iterator[dict]:
    """Every path a batch has seen with its status (ok, partial, failed, skipped) and reason."""
    statuses = tuple(statuses)
    marks = ",".join("?" * len(statuses))
    for row in conn.execute(f"SELECT path, hash, size, status, reason, seen_at FROM paths WHERE status IN ({marks})"
                            " ORDER BY path", statuses):
        yield dict(row)


def records(conn: sqlite3.Connection) -> Iterator[dict]:
    """Every stored FORMAT.md record, in ingest order, with `document_id` added (for issue 5's
    calendar, which reads records)."""
    for row in conn.execute("SELECT id, record FROM documents ORDER BY id"):
        record = json.loads(row["record"])
        record["document_id"] = row["id"]
        yield record


def document(conn: sqlite3.Connection, document_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
    return dict(row) if row else None


def document_by_file(conn: sqlite3.Connection, path: str | os.PathLike) -> dict | None:
    """The document read from this file: by its bytes when it exists, else by the stored path."""
    row = None
    if Path(path).is_file():
        digest, _size = file_hash(path)
        row = conn.execute("SELECT * FROM documents WHERE file_hash = ?", (digest,)).fetchone()
    for name in (str(path), os.path.abspath(path)):
        if row is None:
            row = conn.execute("SELECT d.* FROM documents d JOIN paths p ON p.hash = d.file_hash WHERE p.path = ?"
                               " UNION ALL SELECT d.* FROM documents d JOIN files f ON f.hash = d.file_hash"
                               " WHERE f.path = ? LIMIT 1", (name, name)).fetchone()
    return dict(row) if row else None


_WORD = re.compile(r"\w+")


def fts_query(query: str, match: str = "near") -> str:
    """The FTS5 query for a person's words, folded as the index is.

    `phrase`: the words in order; `near`: all of them within a few words of each other (so
    `chi thi 19` finds `Chỉ thị số 19`); `all`: all of them anywhere.

    >>> fts_query("Chỉ thị 19/CT-TTg")
    'NEAR("chi" "thi" "19" "ct" "ttg", 5)'
    """
    words = _WORD.findall(fold(query))
    if not words:
        raise StoreError(f"nothing to search for in {query!r}")
    quoted = " ".join(f'"{w}"' for w in words)
    if match == "phrase" or len(words) == 1:
        return f'"{" ".join(words)}"' if match == "phrase" else quoted
    if match == "near":
        return f"NEAR({quoted}, {max(3, len(words))})"   # as many other words as were typed
    return quoted


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, match: str = "near") -> list[dict]:
    """Documents matching `query` with or without diacritics, best first, each with a snippet
    of the original text around the first hit."""
    rows = conn.execute(
        "SELECT d.id, d.code, d.type, d.issuer, d.date, d.subject, d.source, d.text, bm25(documents_fts) AS score"
        " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY score LIMIT ?", (fts_query(query, match), limit)).fetchall()
    words = _WORD.findall(fold(query))
    hits = []
    for row in rows:
        hit = {k: row[k] for k in ("id", "code", "type", "issuer", "date", "subject", "source")}
        hit["score"] = round(-row["score"], 3)
        hit["snippet"] = _snippet(row["text"], words)
        hits.append(hit)
    return hits


def _snippet(text: str, words: list[str], width: int = 80) -> str:
    folded = fold(text)
    pattern = r"(?<![\w])" + r"\W+(?:\w+\W+){0,3}?".join(re.escape(w) for w in words) + r"(?![\w])"
    found = re.search(pattern, folded) or re.search(rf"(?<![\w]){re.escape(words[0])}(?![\w])", folded)
    if not found:
        return " ".join(text[:2 * width].split())
    start, end = found.span()
    while end < len(text) and not text[end].isspace() and end - found.end() < 30:
        end += 1   # the whole token: `[Chỉ thị số 19/CT-TTg]`
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return f"…{before} [{' '.join(text[start:end].split())}] {after}…"

"""Writing to the store: one `pipeline.ingest.worker.process_file` result per file, a batch of them
per transaction, with a `paths` row for every path a batch has seen.

A file is keyed by the SHA-256 of its bytes, so ingesting the same bytes twice changes nothing;
each batch is written in one transaction in WAL mode, so a run killed at any moment keeps every
batch it had committed and the next run resumes where it stopped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from pathlib import Path

from ..paths import printable
from .bodies import named_bodies, owner_columns
from .folding import fold
from .places import current_province, place_of


def file_hash(path: str | os.PathLike) -> tuple[str, int]:
    """(sha256 hex digest, size) of a file's bytes."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and re.match(r"\d{4}", value) else None


def status_of(conn: sqlite3.Connection, digest: str) -> str | None:
    """`ok`, `failed` or None (never seen) for a content hash."""
    row = conn.execute("SELECT status FROM files WHERE hash = ?", (digest,)).fetchone()
    return row[0] if row else None


def write(conn: sqlite3.Connection, item: dict, ingested_at: str | None = None) -> str:
    """Write one `process_file` result in one transaction; returns its outcome (`write_batch`)."""
    return write_batch(conn, [item], ingested_at)[0]


def write_batch(conn: sqlite3.Connection, items: list[dict], ingested_at: str | None = None) -> list[str]:
    """Write `process_file` results in one transaction, with a `paths` row for each. Outcomes:

    `added`; `partial` (added, but part of the file was lost: the reason says what);
    `unchanged` (these bytes are stored from this path already); `skipped` (the same bytes are
    stored from another path); `failed`; `failed before` (an item with `status=None`, not read
    again, whose bytes failed before). A file that failed before and now reads is replaced."""
    now = ingested_at or _now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        outcomes = [_write_one(conn, item, now) for item in items]
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return outcomes


def _write_one(conn: sqlite3.Connection, item: dict, now: str) -> str:
    from ..extract.references import document_key

    digest = item["hash"]
    if item["status"] == "skipped":   # not a regular file (a link loop, a FIFO...): never opened
        _note_path(conn, item, "skipped", item["reason"], now)
        return "not read"
    if digest is None:   # unreadable path: nothing to key its bytes by
        _note_path(conn, item, "failed", item["reason"], now)
        return "failed"
    before = conn.execute("SELECT status, path, reason FROM files WHERE hash = ?", (digest,)).fetchone()
    if before is not None and before["status"] == "ok":
        if before["path"] == printable(item["path"]):
            _note_path(conn, item, "partial" if before["reason"] else "ok", before["reason"], now)
            return "unchanged"
        _note_path(conn, item, "skipped", f"same bytes as {before['path']}", now)
        return "skipped"
    if before is not None and item["status"] != "ok":   # failed before; not read again, or failed again
        reason = item["reason"] or before["reason"]
        conn.execute("UPDATE files SET reason = ? WHERE hash = ?", (reason, digest))
        _note_path(conn, item, "failed", reason, now)
        return "failed" if item["status"] == "failed" else "failed before"
    if item["status"] is None:
        raise ValueError(f"{item['path']}: an unread item whose bytes are not in the store")
    if before is not None:
        conn.execute("DELETE FROM files WHERE hash = ?", (digest,))
    warnings = "; ".join(item.get("warnings") or ()) or None
    reason = item["reason"] if item["status"] == "failed" else warnings
    conn.execute("INSERT INTO files (hash, path, size, format, status, reason, ingested_at) VALUES (?,?,?,?,?,?,?)",
                 (digest, printable(item["path"]), item["size"], item["format"], item["status"], reason, now))
    if item["status"] != "ok":
        _note_path(conn, item, "failed", reason, now)
        return "failed"
    _write_record(conn, item, document_key)
    notes = "; ".join(item["record"].get("text", {}).get("notes") or ()) or None   # e.g. which pages were OCR'd
    _note_path(conn, item, "partial" if warnings else "ok", warnings or notes, now)
    return "partial" if warnings else "added"


def _note_path(conn: sqlite3.Connection, item: dict, status: str, reason: str | None, now: str) -> None:
    conn.execute(
        "INSERT INTO paths (path, hash, size, mtime_ns, status, reason, seen_at) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size, mtime_ns = excluded.mtime_ns,"
        " status = excluded.status, seen_at = excluded.seen_at,"
        # an unchanged file keeps the note of the run that read it (the pages OCR'd, and why)
        " reason = CASE WHEN excluded.status = 'ok' AND excluded.reason IS NULL AND paths.hash IS excluded.hash"
        " THEN paths.reason ELSE excluded.reason END",
        (printable(item["path"]), item["hash"], item.get("size"), item.get("mtime_ns"), status, reason, now))


def path_status(conn: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    """The `paths` row of an absolute path: hash, size, mtime_ns, status, reason."""
    return conn.execute("SELECT * FROM paths WHERE path = ?", (printable(path),)).fetchone()


def _write_record(conn: sqlite3.Connection, item: dict, document_key) -> int:
    record, text = item["record"], item["text"]
    document = record.get("document") or {}
    province, level = place_of(document.get("issuer"), document.get("parent_issuer"), document.get("place"))
    key = item["key"]
    code_key = key.split("@")[0] if not key.startswith("doc:") else None
    cursor = conn.execute(
        "INSERT INTO documents (file_hash, key, code, code_key, type, issuer, parent_issuer, place, date, year, subject,"
        " province, level, source, name, record, text, effective, current_province)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (item["hash"], key, document.get("code"), code_key, document.get("type"), document.get("issuer"),
         document.get("parent_issuer"), document.get("place"), document.get("date"), _year(document.get("date")),
         document.get("subject"), province, level, printable(item["path"]), Path(printable(item["path"])).name,
         json.dumps(record, ensure_ascii=False, sort_keys=True), text, document.get("effective"),
         current_province(province)))
    document_id = cursor.lastrowid
    assert document_id is not None   # set by the INSERT just made
    for ordinal, ref in enumerate(record.get("references", [])):
        cited_province, cited_level = place_of(ref.get("issuer"))
        cited_code_key = None
        if ref.get("code"):
            cited_code_key = (document_key({"code": ref["code"]}) or "").split("@")[0] or None
        cursor = conn.execute(
            "INSERT INTO citations (document_id, ordinal, key, code, code_key, title, type, date, issuer, year, relation,"
            " text, span_start, span_end, evidence, province, level, effect, scope, effective)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (document_id, ordinal, ref["key"], ref.get("code"), cited_code_key, ref.get("title"), ref.get("type"),
             ref.get("date"), ref.get("issuer"), ref.get("year"), ref.get("relation") or "mentions", ref.get("text"),
             ref.get("start"), ref.get("end"), ref.get("evidence"), cited_province, cited_level,
             ref.get("effect"), ref.get("scope"), ref.get("effective")))
        citation_id = cursor.lastrowid
        conn.executemany(
            "INSERT INTO mentions (citation_id, document_id, span_start, span_end, text) VALUES (?,?,?,?,?)",
            [(citation_id, document_id, m["start"], m["end"], m["text"]) for m in ref.get("mentions", [])])
    conn.executemany(
        "INSERT INTO deadlines (document_id, ordinal, date, recurrence, kind, time, text, actor, action, span_start,"
        " span_end, data, owner, owner_key, province) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(document_id, i, d.get("date"), d.get("recurrence"), d.get("kind"), d.get("time"), d.get("text"),
          d.get("actor"), d.get("action"), d.get("start"), d.get("end"), json.dumps(d, ensure_ascii=False, sort_keys=True),
          *owner_columns(d), province)
         for i, d in enumerate(record.get("deadlines", []))])
    conn.executemany("INSERT INTO bodies (document_id, role, key) VALUES (?,?,?)", named_bodies(document_id, document))
    conn.executemany(
        "INSERT INTO targets (document_id, ordinal, value, unit, comparator, text, span_start, span_end, data)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(document_id, i, t.get("value"), t.get("unit"), t.get("comparator"), t.get("text"), t.get("start"),
          t.get("end"), json.dumps(t, ensure_ascii=False, sort_keys=True))
         for i, t in enumerate(record.get("targets", []))])
    conn.execute("INSERT INTO documents_fts (rowid, subject, body) VALUES (?,?,?)",
                 (document_id, fold(document.get("subject") or ""), fold(text)))
    return document_id

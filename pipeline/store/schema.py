"""The store's schema: the SQLite tables, their migrations, and opening a store.

PRAGMA user_version is the schema's version; `MIGRATIONS[i]` takes a store from version i to
i + 1, one transaction per step, so a store of any earlier congvan opens with its data kept.
Migrations 4 and 5 also fill their new columns from what is stored (`_fill_current`,
`_fill_bodies`).

>>> connect(":memory:").execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
True
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from ..errors import StoreError
from .bodies import named_bodies, owner_columns
from .places import current_province

DEFAULT_DB = "congvan.db"
ENV_DB = "CONGVAN_DB"


# ----------------------------------------------------------------------------------------------
# Schema: PRAGMA user_version is the version; MIGRATIONS[i] takes a store from version i to i + 1.

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE files (
        hash        TEXT PRIMARY KEY,            -- sha256 of the bytes: the identity of a file
        path        TEXT NOT NULL,               -- where it was first ingested from
        size        INTEGER NOT NULL,
        format      TEXT,                        -- as the reader sniffed it
        status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        reason      TEXT,                        -- why it failed, one line
        ingested_at TEXT NOT NULL                -- the only clock reading in the store
    );
    CREATE INDEX files_path ON files(path);
    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        file_hash     TEXT NOT NULL UNIQUE REFERENCES files(hash) ON DELETE CASCADE,
        key           TEXT NOT NULL,             -- identity, as a citation of it is keyed
        code          TEXT,
        code_key      TEXT,
        type          TEXT,
        issuer        TEXT,
        parent_issuer TEXT,
        place         TEXT,
        date          TEXT,
        year          INTEGER,
        subject       TEXT,
        province      TEXT,
        level         TEXT,                      -- central, ministry, province, district, commune
        source        TEXT NOT NULL,
        name          TEXT NOT NULL,
        record        TEXT NOT NULL,             -- the FORMAT.md record, JSON
        text          TEXT NOT NULL              -- the normalised text all offsets point into
    );
    CREATE INDEX documents_key ON documents(key);
    CREATE INDEX documents_code_key ON documents(code_key);
    CREATE TABLE citations (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        key         TEXT NOT NULL,               -- the cited document's identity
        code        TEXT,
        code_key    TEXT,
        title       TEXT,
        type        TEXT,
        date        TEXT,
        issuer      TEXT,
        year        INTEGER,
        relation    TEXT NOT NULL,               -- based_on, implements, mentions
        text        TEXT,
        span_start  INTEGER,
        span_end    INTEGER,
        evidence    TEXT,                        -- the sentence that cites it
        province    TEXT,                        -- of the cited document's issuer
        level       TEXT
    );
    CREATE INDEX citations_key ON citations(key);
    CREATE INDEX citations_document ON citations(document_id);
    CREATE TABLE mentions (
        id          INTEGER PRIMARY KEY,
        citation_id INTEGER NOT NULL REFERENCES citations(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        span_start  INTEGER NOT NULL,
        span_end    INTEGER NOT NULL,
        text        TEXT NOT NULL
    );
    CREATE INDEX mentions_document ON mentions(document_id);
    CREATE TABLE deadlines (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        date        TEXT,
        recurrence  TEXT,
        kind        TEXT,
        time        TEXT,
        text        TEXT,
        actor       TEXT,
        action      TEXT,
        span_start  INTEGER,
        span_end    INTEGER,
        data        TEXT NOT NULL                -- the record's entry, JSON
    );
    CREATE INDEX deadlines_document ON deadlines(document_id);
    CREATE TABLE targets (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        value       REAL,
        unit        TEXT,
        comparator  TEXT,
        text        TEXT,
        span_start  INTEGER,
        span_end    INTEGER,
        data        TEXT NOT NULL
    );
    CREATE INDEX targets_document ON targets(document_id);
    -- Folded copies (no diacritics, đ -> d, casefolded, same length as the text), rowid = documents.id
    CREATE VIRTUAL TABLE documents_fts USING fts5(subject, body, tokenize = 'unicode61 remove_diacritics 2');
    """,
    """
    -- A status for every path a batch has seen (an archive holds the same bytes under several names)
    CREATE TABLE paths (
        path        TEXT PRIMARY KEY,            -- absolute path, as walked
        hash        TEXT,                        -- its bytes; NULL when it could not be opened
        size        INTEGER,
        mtime_ns    INTEGER,                     -- with size: an unchanged file is not hashed again on resume
        status      TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'skipped')),
        reason      TEXT,                        -- why failed, skipped (same bytes as...) or partial
        seen_at     TEXT NOT NULL
    );
    CREATE INDEX paths_hash ON paths(hash);
    CREATE INDEX paths_status ON paths(status);
    CREATE INDEX citations_code_key ON citations(code_key);
    CREATE INDEX documents_province ON documents(province);
    INSERT OR IGNORE INTO paths (path, hash, size, status, reason, seen_at)
        SELECT path, hash, size, status, reason, ingested_at FROM files;
    """,
    # a local number resolves by number, province and year (graph._by_code): one index seek each,
    # where every province's `12/KH-UBND` would otherwise be read row by row
    """
    CREATE INDEX citations_number ON citations(code_key, province, year);
    DROP INDEX citations_code_key;
    CREATE INDEX documents_number ON documents(code_key, province, year);
    DROP INDEX documents_code_key;
    """,
    # issue 18: what a document does to the one it cites, its own entry into force, and the
    # province its issuer belongs to on the 2025 map (`current_province`, filled by `_fill_current`)
    """
    ALTER TABLE citations ADD COLUMN effect TEXT;        -- amends, replaces, repeals, suspends, or NULL
    ALTER TABLE citations ADD COLUMN scope TEXT;         -- the part it touches (`Điều 5`), NULL: all of it
    ALTER TABLE citations ADD COLUMN effective TEXT;     -- when the effect takes hold
    ALTER TABLE documents ADD COLUMN effective TEXT;     -- the document's own entry into force
    ALTER TABLE documents ADD COLUMN current_province TEXT;
    CREATE INDEX citations_effect ON citations(key) WHERE effect IS NOT NULL;
    CREATE INDEX documents_current_province ON documents(current_province);
    """,
    # issue 19: the body that owes each deadline, its folded key and its document's province
    # (`deadline_owner`, `body_key`), and the bodies each document names (its issuer, its `Kính gửi`
    # list) by key, filled by `_fill_bodies`: `congvan tasks --unit` reads one unit's deadlines and
    # the requests that name it, not the archive's; the issuers of a province from the index alone
    """
    ALTER TABLE deadlines ADD COLUMN owner TEXT;         -- its lead, else its actor
    ALTER TABLE deadlines ADD COLUMN owner_key TEXT;     -- body_key(owner); NULL when it folds to nothing
    ALTER TABLE deadlines ADD COLUMN province TEXT;      -- its document's (documents.province)
    CREATE INDEX deadlines_owner ON deadlines(owner_key, owner, province, document_id);
    CREATE TABLE bodies (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        role        TEXT NOT NULL CHECK (role IN ('issuer', 'recipient')),
        key         TEXT NOT NULL                        -- body_key of the name
    );
    CREATE INDEX bodies_key ON bodies(key, role, document_id);
    CREATE INDEX bodies_document ON bodies(document_id);
    CREATE INDEX documents_issuers ON documents(province, issuer);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`explicit`, else `$CONGVAN_DB`, else `./congvan.db`."""
    return Path(explicit or os.environ.get(ENV_DB) or DEFAULT_DB)


def connect(path: str | os.PathLike = DEFAULT_DB, *, create: bool = True) -> sqlite3.Connection:
    """Open (or create) a store in WAL mode with its schema up to date.

    `create=False` refuses a path where no store exists, for commands that only read."""
    name = str(path)
    if not create and name != ":memory:" and not Path(name).is_file():
        raise StoreError(f"no store at {name}: run `congvan ingest PATH...` first, or name one with --db")
    conn = sqlite3.connect(name, isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")   # with WAL: a killed process loses no commit
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step; returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"this store has schema {version}, newer than this congvan's {SCHEMA_VERSION}: upgrade congvan")
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            if version < SCHEMA_VERSION:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                if version == 3:
                    _fill_current(conn)
                elif version == 4:
                    _fill_bodies(conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version


def _statements(script: str) -> list[str]:
    lines = [line.split("--")[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# ----------------------------------------------------------------------------------------------
# The data of the migrations that add columns computed from what is stored


def _fill_current(conn: sqlite3.Connection) -> None:
    """Migration 4's data: the current province of every stored document, one UPDATE per province."""
    for (province,) in conn.execute("SELECT DISTINCT province FROM documents WHERE province IS NOT NULL").fetchall():
        conn.execute("UPDATE documents SET current_province = ? WHERE province = ?", (current_province(province), province))


def _fill_bodies(conn: sqlite3.Connection, chunk: int = 20_000) -> None:
    """Migration 5's data: every deadline's owner, key and province; every document's bodies."""
    last = 0
    while rows := conn.execute(
            "SELECT id, CASE json_type(data, '$.lead') WHEN 'text' THEN json_extract(data, '$.lead') END, actor"
            " FROM deadlines WHERE id > ? ORDER BY id LIMIT ?", (last, chunk)).fetchall():
        conn.executemany("UPDATE deadlines SET owner = ?, owner_key = ? WHERE id = ?",
                         [(*owner_columns({"lead": lead, "actor": actor}), id_) for id_, lead, actor in rows])
        last = rows[-1][0]
    conn.execute("UPDATE deadlines SET province = (SELECT province FROM documents WHERE id = deadlines.document_id)")
    last = 0
    while rows := conn.execute(
            "SELECT id, issuer, CASE json_type(record, '$.document.recipients') WHEN 'array'"
            " THEN json_extract(record, '$.document.recipients') END FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (last, chunk)).fetchall():
        conn.executemany("INSERT INTO bodies (document_id, role, key) VALUES (?,?,?)", [
            body for id_, issuer, recipients in rows
            for body in named_bodies(id_, {"issuer": issuer, "recipients": json.loads(recipients or "[]")})])
        last = rows[-1][0]

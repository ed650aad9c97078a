"""Stage 4: the store. Extraction records in one SQLite file, idempotent and resumable.

SQLite (stdlib) is the embedded default: `./congvan.db` unless a path is given or `CONGVAN_DB`
names one. A file is keyed by the SHA-256 of its bytes, so ingesting the same bytes twice changes
nothing; each file is written in one transaction (its `files` row, the document, mentions,
citations, deadlines and targets) in WAL mode, so a run killed at any moment keeps every file it
had committed and the next run resumes where it stopped.

The store never reads nor extracts: `pipeline.batch` does (`batch.process_file`, in a pool of
workers) and hands this module the results to write, one transaction each:

    write(conn, item) -> str          write one `batch.process_file` dict in one transaction

>>> conn = connect(":memory:")
>>> stats(conn)["documents"]
0
>>> fold("Chỉ thị số 19/CT-TTg của Đảng")
'chi thi so 19/ct-ttg cua dang'
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .errors import StoreError, ToolMissing  # noqa: F401 - StoreError is part of this module's API
from .paths import printable

DATA = Path(__file__).with_name("data")
DEFAULT_DB = "congvan.db"
ENV_DB = "CONGVAN_DB"
# Data files that sit beside dispatches in a corpus folder (gold records, manifests): a folder
# walk leaves them out; a file named on the command line is always read.
NOT_DISPATCHES = ("*.jsonl", "*.json", "*.tsv", "*.csv", "MANIFEST*", "*.db", "*.db-wal", "*.db-shm")


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
# Folding for search: no diacritics, đ -> d, casefold, one character for one character


class _FoldTable(dict):
    """For `str.translate`: code point -> one folded character, computed once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            folded = "d"
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            folded = base.casefold() if len(base) == 1 else char
            if len(folded) != 1:
                folded = base.lower() if len(base) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Diacritics removed, `đ` -> `d`, casefolded; `len(fold(s)) == len(s)`, so an offset found
    in the folded text points at the same characters in the original."""
    return text.translate(_FOLD)


# ----------------------------------------------------------------------------------------------
# Where a document comes from: its province and level, from its issuer (data/levels.json)


@lru_cache(maxsize=1)
def _places() -> dict:
    levels = json.loads((DATA / "levels.json").read_text(encoding="utf-8"))
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for entry in provinces["provinces"] + provinces.get("provinces_2025", []):
        for name in [entry["name"], *entry.get("aliases", [])]:
            names.setdefault(_squeeze(fold(name)), entry["name"])
    # a name as printed: any spacing around its dash (`Bà Rịa-Vũng Tàu`, `Bà Rịa - Vũng Tàu`)
    alternation = "|".join(re.escape(n).replace("\\-", r"\s*-\s*").replace("\\ ", r"\s+")
                           for n in sorted(names, key=len, reverse=True))
    words = {fold(w): level for w, level in levels["place_words"].items()}
    words.update({fold(w): level for w, level in levels["party_committees"].items()})
    word_re = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return {
        "names": names, "words": words, "committees": {fold(w) for w in levels["party_committees"]},
        # on folded text, which keeps the original's length: the original says whether a word is a name
        "place_re": re.compile(rf"(?<![\w])(?P<word>{word_re})\s+(?=\w)"),
        "province_re": re.compile(rf"(?:{alternation})(?![\w])"),
        "central": [fold(n) for n in levels["central"]] + [fold(b["name"]) for b in bodies["central"]],
        "ministry": [fold(n) for n in levels["ministry"]] + [fold(b["name"]) for b in bodies["ministries"]],
        "order": levels["levels"],
    }


def _squeeze(s: str) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(s.split()))


def province_name(name: str | None) -> str | None:
    """The province (as provinces.json names it) that `name` is, or None.

    >>> province_name("TP. Hồ Chí Minh"), province_name("Bà Rịa-Vũng Tàu"), province_name("Ý Yên")
    ('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu', None)
    """
    if not name:
        return None
    key = _squeeze(fold(name))
    return _places()["names"].get(key) or _dashless_provinces().get(key)


@lru_cache(maxsize=1)
def _dashless_provinces() -> dict[str, str]:
    """The province names with their dash dropped (`ba ria vung tau`): a folded body name loses it."""
    return {key.replace("-", " "): name for key, name in _places()["names"].items() if "-" in key}


def place_of(issuer: str | None, parent_issuer: str | None = None, place: str | None = None) -> tuple[str | None, str | None]:
    """(province, level) of a document from its issuer, its superior and its place line
    (data/levels.json). The lowest unit named sets the level; a province named anywhere, or a
    place line that is a province, sets the province.

    >>> place_of("Ủy ban nhân dân huyện Mường Chà, tỉnh Điện Biên")
    ('Điện Biên', 'district')
    >>> place_of("Thủ tướng Chính phủ")
    (None, 'central')
    """
    if not issuer and not parent_issuer:
        return None, None
    tables = _places()
    text = " , ".join(n for n in (issuer, parent_issuer) if n)
    folded = fold(text)
    levels, province = [], None
    for match in tables["place_re"].finditer(folded):
        word = match.group("word")
        is_committee = word in tables["committees"]
        if not text[match.end()].isupper() or (not is_committee and not text[match.start()].islower()):
            continue  # `Bộ Lao động - Thương binh và Xã hội`, `các xã`
        level = tables["words"][word]
        named = tables["province_re"].match(folded, match.end())
        if named and re.match(r"[ ]+\w", text[named.end():]) and text[named.end():].lstrip()[:1].isupper():
            named = None  # the name goes on: `thành phố Điện Biên Phủ`
        if named and level == "province":
            province = province or tables["names"][_squeeze(named.group(0))]
        elif level == "province":
            level = "district"   # `thành phố Điện Biên Phủ`, `Thành ủy Điện Biên Phủ`
        levels.append(level)
    if province is None:
        province = province_name(place)
    if levels:
        return province, max(levels, key=tables["order"].index)
    head = fold(issuer or parent_issuer or "")
    if head.startswith("bo chinh tri"):
        return None, "central"
    if any(head.startswith(name) for name in tables["ministry"]):
        return None, "ministry"
    if any(head.startswith(name) or f" {name}" in head for name in tables["central"]):
        return None, "central"
    return (province, "province") if province else (None, None)


# ----------------------------------------------------------------------------------------------
# The 2025 map: 34 provinces from 1 July 2025 (Nghị quyết 202/2025/QH15). The conversion of a
# former province to the one it is now part of is `vietnamadminunits`' (PyPI, pinned in
# pyproject.toml; its data, `converter_2025.json`, follows the Resolution's list of merged units),
# not a table of ours; the 34 names and codes are `vietnam-provinces`'.


@lru_cache(maxsize=128)
def current_province(province: str | None) -> str | None:
    """The province `province` (as `place_of` names it, before or after 2025) is part of now.

    >>> current_province("Bình Thuận"), current_province("Lâm Đồng"), current_province("Thừa Thiên Huế")
    ('Lâm Đồng', 'Lâm Đồng', 'Huế')
    """
    if not province:
        return None
    unit = _convert_2025(province)
    return unit.short_province if unit is not None and unit.short_province else province


@lru_cache(maxsize=128)
def province_location(province: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a current province's seat, to place coverage on a map."""
    unit = _convert_2025(province) if province else None
    return (unit.latitude, unit.longitude) if unit is not None and unit.latitude is not None else None


def _convert_2025(province: str):
    try:
        from vietnamadminunits import convert_address
    except ImportError as error:   # a dependency of congvan: a broken install, not bad input
        raise ToolMissing("vietnamadminunits is missing: pip install -e . (it converts pre-2025 provinces)") from error
    try:
        return convert_address(province)
    except Exception:   # a name the package does not know: the province stays as printed
        return None


def _fill_current(conn: sqlite3.Connection) -> None:
    """Migration 4's data: the current province of every stored document, one UPDATE per province."""
    for (province,) in conn.execute("SELECT DISTINCT province FROM documents WHERE province IS NOT NULL").fetchall():
        conn.execute("UPDATE documents SET current_province = ? WHERE province = ?", (current_province(province), province))


# ----------------------------------------------------------------------------------------------
# Who owes a deadline, keyed for comparison (issue 19; `pipeline.closure` builds tasks on these)


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern, str], ...]:
    table = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))["abbreviations"]
    pairs = sorted(((a["short"], a["full"]) for a in table if a["short"] not in ("TP.", "TP", "Tp.")),
                   key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<![\w&]){re.escape(short)}(?![\w&])"), full) for short, full in pairs)


def written_out(name: str) -> str:
    """A body's name with its abbreviations written out (`UBND` -> `Ủy ban nhân dân`), `TP.` kept."""
    for pattern, full in _abbreviations():
        name = pattern.sub(full, name)
    return name


# A post before a body names the body (`Giám đốc Sở Tài chính`, `Chủ tịch UBND huyện`).
_POSTS = re.compile(r"^(?:(?:pho\s+)?(?:giam doc|chu tich|thu truong|truong ban|chanh van phong)\s+)+")
_PROVINCE_TAIL = re.compile(r"\s(?:tinh|thanh pho|tp)(?:\s(?P<name>[\w\s-]+))?$")


@lru_cache(maxsize=65536)
def body_key(name: str | None) -> str:
    """A body's name folded for comparison: abbreviations written out, no diacritics, no
    punctuation, no post before it, and no province after it (`Sở Tài chính tỉnh Lâm Đồng` and
    `Sở Tài chính` are one key; the province is compared apart, `closure.same_province`).

    >>> body_key("UBND huyện Đức Trọng, tỉnh Lâm Đồng"), body_key("Giám đốc Sở Tài chính tỉnh Lâm Đồng")
    ('uy ban nhan dan huyen duc trong', 'so tai chinh')
    >>> body_key("Sở Y tế tỉnh Bà Rịa - Vũng Tàu")
    'so y te'
    """
    if not name:
        return ""
    key = " ".join(re.sub(r"[^\w\s-]|(?<!\w)-|-(?!\w)", " ", fold(written_out(name))).split())
    key = _POSTS.sub("", key)
    tail = _PROVINCE_TAIL.search(key)
    # a trailing name that is no province stays (`UBND huyện Đức Trọng`, `thành phố Đà Lạt`)
    group = re.search(r"(?:^|\s)cac\s", key)   # `các huyện, thành phố`: the kinds of a group, not a place
    if tail and not group and (tail.group("name") is None or province_name(tail.group("name"))):
        key = key[:tail.start()]
    return key.strip()


def deadline_owner(deadline: dict) -> str | None:
    """The body a deadline's task belongs to: the body that leads it (`Giao Sở Nội vụ chủ trì, phối
    hợp với ...`: the extractor's `lead`) when the record gives one, else its `actor` (which may then
    name the supporting bodies too)."""
    for name in ("lead", "actor"):
        if isinstance(deadline.get(name), str) and deadline[name].strip():
            return deadline[name]
    return None


def _owner_columns(deadline: dict) -> tuple[str | None, str | None]:
    """The `owner` and `owner_key` columns of a deadline's row."""
    owner = deadline_owner(deadline)
    return owner, body_key(owner) or None


def _named_bodies(document_id: int, document: dict) -> list[tuple[int, str, str]]:
    """The `bodies` rows of a document: its issuer and each of its `Kính gửi` entries, by key."""
    recipients = document.get("recipients")
    names = [("issuer", document.get("issuer"))] + [
        ("recipient", name) for name in (recipients if isinstance(recipients, list) else ())]
    found = {(role, body_key(name)) for role, name in names if isinstance(name, str)}
    return [(document_id, role, key) for role, key in sorted(found) if key]


def _fill_bodies(conn: sqlite3.Connection, chunk: int = 20_000) -> None:
    """Migration 5's data: every deadline's owner, key and province; every document's bodies."""
    last = 0
    while rows := conn.execute(
            "SELECT id, CASE json_type(data, '$.lead') WHEN 'text' THEN json_extract(data, '$.lead') END, actor"
            " FROM deadlines WHERE id > ? ORDER BY id LIMIT ?", (last, chunk)).fetchall():
        conn.executemany("UPDATE deadlines SET owner = ?, owner_key = ? WHERE id = ?",
                         [(*_owner_columns({"lead": lead, "actor": actor}), id_) for id_, lead, actor in rows])
        last = rows[-1][0]
    conn.execute("UPDATE deadlines SET province = (SELECT province FROM documents WHERE id = deadlines.document_id)")
    last = 0
    while rows := conn.execute(
            "SELECT id, issuer, CASE json_type(record, '$.document.recipients') WHEN 'array'"
            " THEN json_extract(record, '$.document.recipients') END FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (last, chunk)).fetchall():
        conn.executemany("INSERT INTO bodies (document_id, role, key) VALUES (?,?,?)", [
            body for id_, issuer, recipients in rows
            for body in _named_bodies(id_, {"issuer": issuer, "recipients": json.loads(recipients or "[]")})])
        last = rows[-1][0]


# ----------------------------------------------------------------------------------------------
# A file's identity: the hash of its bytes


def file_hash(path: str | os.PathLike) -> tuple[str, int]:
    """(sha256 hex digest, size) of a file's bytes."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# ----------------------------------------------------------------------------------------------
# Write one record: one transaction


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and re.match(r"\d{4}", value) else None


def status_of(conn: sqlite3.Connection, digest: str) -> str | None:
    """`ok`, `failed` or None (never seen) for a content hash."""
    row = conn.execute("SELECT status FROM files WHERE hash = ?", (digest,)).fetchone()
    return row[0] if row else None


def write(conn: sqlite3.Connection, item: dict, ingested_at: str | None = None) -> str:
    """Write one `batch.process_file` result in one transaction; returns its outcome (`write_batch`)."""
    return write_batch(conn, [item], ingested_at)[0]


def write_batch(conn: sqlite3.Connection, items: list[dict], ingested_at: str | None = None) -> list[str]:
    """Write `batch.process_file` results in one transaction, with a `paths` row for each. Outcomes:

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
    from .extract.references import document_key

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
          *_owner_columns(d), province)
         for i, d in enumerate(record.get("deadlines", []))])
    conn.executemany("INSERT INTO bodies (document_id, role, key) VALUES (?,?,?)", _named_bodies(document_id, document))
    conn.executemany(
        "INSERT INTO targets (document_id, ordinal, value, unit, comparator, text, span_start, span_end, data)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(document_id, i, t.get("value"), t.get("unit"), t.get("comparator"), t.get("text"), t.get("start"),
          t.get("end"), json.dumps(t, ensure_ascii=False, sort_keys=True))
         for i, t in enumerate(record.get("targets", []))])
    conn.execute("INSERT INTO documents_fts (rowid, subject, body) VALUES (?,?,?)",
                 (document_id, fold(document.get("subject") or ""), fold(text)))
    return document_id


# ----------------------------------------------------------------------------------------------
# Reading the store


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

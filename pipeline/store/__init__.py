"""Stage 4: the store. Extraction records in one SQLite file, idempotent and resumable.

SQLite (stdlib) is the embedded default: `./congvan.db` unless a path is given or `CONGVAN_DB`
names one. A file is keyed by the SHA-256 of its bytes, so ingesting the same bytes twice changes
nothing; each file is written in one transaction (its `files` row, the document, mentions,
citations, deadlines and targets) in WAL mode, so a run killed at any moment keeps every file it
had committed and the next run resumes where it stopped.

The store never reads nor extracts: `pipeline.ingest` does (`process_file`, in a pool of workers)
and hands it the results to write, one transaction per batch. Its modules:

    schema     the tables and their migrations; `connect`, `db_path`
    write      `write`, `write_batch`: one `process_file` dict per file, a batch per transaction
    queries    counts, failures, path statuses, records, one document, full-text `search`
    places     a document's province and level from its issuer; the 2025 map
    bodies     a body's name as one key (`body_key`), who owes a deadline (`deadline_owner`)
    folding    `fold`: no diacritics, one character for one character

Callers use this package's names (`store.connect`, `store.search`); its modules import each
other, never this package.

>>> conn = connect(":memory:")
>>> stats(conn)["documents"]
0
>>> fold("Chỉ thị số 19/CT-TTg của Đảng")
'chi thi so 19/ct-ttg cua dang'
"""
from __future__ import annotations

from ..errors import StoreError
from .bodies import body_key, deadline_owner, written_out
from .folding import fold
from .places import current_province, place_of, province_location, province_name
from .queries import document, document_by_file, failures, fts_query, path_statuses, records, search, stats
from .schema import DEFAULT_DB, ENV_DB, MIGRATIONS, SCHEMA_VERSION, connect, db_path, migrate
from .write import file_hash, path_status, status_of, write, write_batch

__all__ = [
    "DEFAULT_DB", "ENV_DB", "MIGRATIONS", "SCHEMA_VERSION", "StoreError", "body_key", "connect", "current_province",
    "db_path", "deadline_owner", "document", "document_by_file", "failures", "file_hash", "fold", "fts_query",
    "migrate", "path_status", "path_statuses", "place_of", "province_location", "province_name", "records",
    "search", "stats", "status_of", "write", "write_batch", "written_out",
]

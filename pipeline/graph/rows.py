"""The store's rows that the graph is made of: documents, citations, and the citations that state an
effect, read in chunks of keys so that a query stays under SQLite's limit on bound variables.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

DOCUMENT_COLUMNS = ("id, key, code, code_key, type, issuer, date, year, subject, province, level, source, name,"
                    " effective, current_province")


CITATION_QUERY = ("SELECT c.*, d.key AS citing_key, d.date AS citing_date, d.effective AS citing_effective"
                  " FROM citations c JOIN documents d ON d.id = c.document_id")


_CHUNK = 500   # values per `IN (...)`: well under SQLite's limit on bound variables


def rows_in(conn: sqlite3.Connection, query: str, column: str, values: Iterable) -> Iterator[sqlite3.Row]:
    values = [v for v in set(values) if v is not None]
    for i in range(0, len(values), _CHUNK):
        chunk = values[i:i + _CHUNK]
        yield from conn.execute(f"{query} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)


EFFECT_QUERY = ("SELECT c.id, c.key, c.effect, c.scope, c.effective, c.evidence, d.id AS document_id, d.key AS citing_key,"
                " d.code, d.type, d.issuer, d.date, d.effective AS citing_effective, d.source FROM citations c"
                " JOIN documents d ON d.id = c.document_id")

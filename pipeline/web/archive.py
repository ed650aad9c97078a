"""The store as the web app reads it: one plain dict per page, the same for its HTML and its JSON.

Every function takes an open connection (read-only for the pages) and returns JSON-ready data;
nothing here touches a path that a request gave. The citation graph is read around the document
asked for (`graph.around`), so a page costs the same in a large archive as in a small one.
`Archive` holds the store's path, opens read-only connections and keeps the deadlines until the
store changes.

>>> from pipeline import store
>>> overview(store.connect(":memory:"), [], dt.date(2024, 12, 1))["due"]
[]
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import networkx as nx

from .. import graph as graphs
from .. import store
from ..annotate import marks_html, stored_spans
from ..calendar import LATEST, MAX_ENTRIES, Due, dues_from_records, expand
from ..paths import on_disk
from .status import statuses, with_urls

SQLITE_MAX_INT = 2**63 - 1   # a larger number is no row id: SQLite could not even be asked
HEADER_FIELDS = ("id", "key", "code", "type", "issuer", "parent_issuer", "place", "date", "year", "subject",
                 "province", "level", "name")
_WORD = re.compile(r"\w+")


class TooSlow(Exception):
    """A read stopped after its time budget (SQLite's progress handler interrupted it)."""

    def __init__(self, budget: float):
        super().__init__(f"stopped after {budget:g} s: the request asks too much of the archive; "
                         "narrow it (fewer words, a filter)")
        self.budget = budget


READ_BUDGET_S = 30.0      # the most seconds one request may spend in SQLite
PROGRESS_STEPS = 1000     # SQLite virtual-machine steps between two looks at the clock


@dataclass
class Archive:
    """The store behind the app: read-only connections, and the deadlines (every record read),
    cached until a document is added.

    Each thread keeps one connection (the server's worker threads are reused): opening one per
    request, and preparing every statement again, cost more than most queries."""

    db: Path
    root: Path = field(default_factory=Path.cwd)   # where the stored relative source paths start
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{quote(str(self.db.resolve()))}?mode=ro", uri=True, timeout=30,
                                   check_same_thread=False, cached_statements=256)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")            # a second lock on the door: no write, whatever the URI
            conn.execute("PRAGMA mmap_size = 268435456")     # pages read from the OS cache without a copy
            _define_fold(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def reading(self, budget: float = READ_BUDGET_S) -> Iterator[sqlite3.Connection]:
        """This thread's read-only connection (SQLite refuses any write through it); a query still
        running `budget` seconds after entering is interrupted, and `TooSlow` raised."""
        conn = self._connection()
        depth = getattr(self._local, "depth", 0)
        if depth == 0:   # the outermost reading sets the clock; nested ones share it
            deadline = time.monotonic() + budget
            conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        self._local.depth = depth + 1
        try:
            yield conn
        except sqlite3.OperationalError as error:
            if str(error) == "interrupted":
                raise TooSlow(budget) from error
            raise
        finally:
            self._local.depth = depth
            if depth == 0:
                conn.set_progress_handler(None, PROGRESS_STEPS)

    def _version(self, conn: sqlite3.Connection) -> tuple:
        return tuple(conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT max(id) FROM documents),"
                                  " (SELECT count(*) FROM citations)").fetchone())

    def _cached(self, conn: sqlite3.Connection, name: str, make):
        version = self._version(conn)
        with self._lock:
            hit = self._cache.get(name)
            if hit and hit[0] == version:
                return hit[1]
        value = make(conn)
        with self._lock:
            self._cache[name] = (version, value)
        return value

    def facets(self, conn: sqlite3.Connection) -> dict:
        """The search filters' values (`facets`), read again only when the store changed."""
        return self._cached(conn, "facets", facets)

    def dues(self, conn: sqlite3.Connection) -> list[tuple[Due, int]]:
        """Every deadline of the store with the id of its document."""
        return self._cached(conn, "dues", _dues)

    def source_file(self, conn: sqlite3.Connection, document_id: int) -> tuple[Path, str, str | None] | None:
        """(path, file name, format) of the file a document was read from, only when the file at the
        stored path still has the stored bytes (its SHA-256); else None."""
        if not 0 < document_id <= SQLITE_MAX_INT:
            return None
        row = conn.execute("SELECT d.source, d.name, d.file_hash, f.format FROM documents d"
                           " JOIN files f ON f.hash = d.file_hash WHERE d.id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        path = Path(on_disk(row["source"]))   # a name stored with \xNN escapes: the file's own bytes
        path = path if path.is_absolute() else self.root / path
        try:
            if not path.is_file() or store.file_hash(path)[0] != row["file_hash"]:
                return None
        except OSError:
            return None
        return path, row["name"], row["format"]


def _dues(conn: sqlite3.Connection) -> list[tuple[Due, int]]:
    return [(due, record["document_id"]) for record in store.records(conn) for due in dues_from_records([record])]


# ----------------------------------------------------------------------------------------------
# Links: one place that knows the app's URLs


def document_url(document_id: int) -> str:
    return f"/documents/{int(document_id)}"


def node_url(graph: nx.MultiDiGraph, key: str) -> str:
    """A stored document's page, else (a placeholder: cited, not in the archive) its lineage."""
    document_id = graph.nodes[key].get("document_id") if key in graph else None
    return document_url(document_id) if document_id else "/lineage?" + urlencode({"ref": key})


# ----------------------------------------------------------------------------------------------
# /


def _summary(row: sqlite3.Row) -> dict:
    columns = set(row.keys())
    return {name: row[name] for name in HEADER_FIELDS if name in columns} | {"url": document_url(row["id"])}


def due_json(due: Due, document_id: int, day: dt.date) -> dict:
    return {"day": day.isoformat(), "kind": due.kind, "time": due.time, "title": due.title, "text": due.text,
            "actor": due.actor, "support": list(due.support), "action": due.action, "recurrence": due.recurrence, "document": due.document,
            "document_id": document_id, "url": document_url(document_id)}


def overview(conn: sqlite3.Connection, dues: list[tuple[Due, int]], today: dt.date, days: int = 14,
             recent: int = 10) -> dict:
    """Counts, the latest documents by date, and what falls due from `today` to `today + days`."""
    rows = conn.execute(f"SELECT {', '.join(HEADER_FIELDS)} FROM documents ORDER BY coalesce(date, '') DESC, id DESC"
                        " LIMIT ?", (recent,)).fetchall()
    end = min(today + dt.timedelta(days=days), LATEST)
    return {"today": today.isoformat(), "days": days, "stats": store.stats(conn),
            "recent": [_summary(row) for row in rows], "due": deadlines(dues, today, end)[0]}


def deadlines(dues: list[tuple[Due, int]], start: dt.date, end: dt.date,
              limit: int = MAX_ENTRIES) -> tuple[list[dict], bool]:
    """Each day in [start, end] on which a deadline falls, sorted by day, time and title: the
    earliest `limit`, and whether more were cut (`calendar.expand`; `CalendarError` for a window
    it refuses)."""
    found, truncated = expand([due for due, _ in dues], start, end, limit)
    entries = [due_json(dues[index][0], dues[index][1], day) for day, index in found]
    return sorted(entries, key=lambda d: (d["day"], d["time"] or "", d["title"])), truncated


def month_grid(month: dt.date, entries: list[dict]) -> list[list[dict]]:
    """Weeks (Monday first) of `month`, each day `{"day", "in_month", "entries"}`."""
    first = month.replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    following = (first + dt.timedelta(days=32)).replace(day=1)
    by_day: dict[str, list[dict]] = {}
    for entry in entries:
        by_day.setdefault(entry["day"], []).append(entry)
    weeks: list[list[dict]] = []
    day = start
    while day < following or day.weekday() != 0:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append({"day": day.isoformat(), "number": day.day, "in_month": day.month == first.month,
                          "entries": by_day.get(day.isoformat(), [])})
        day += dt.timedelta(days=1)
    return weeks


# ----------------------------------------------------------------------------------------------
# /search


def facets(conn: sqlite3.Connection) -> dict:
    """The values the search filters offer: types, issuers, provinces, years in the store."""
    def distinct(column: str, order: str = "ASC") -> list:
        return [row[0] for row in conn.execute(f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL"
                                               f" ORDER BY {column} {order}")]

    return {"types": distinct("type"), "issuers": distinct("issuer"), "provinces": distinct("province"),
            "years": distinct("year", "DESC")}


MAX_QUERY_CHARS = 500   # a search longer than this is refused: no analyst types more
MAX_QUERY_TERMS = 32    # nor more words; each one is a term of the FTS NEAR expression


class BadQuery(ValueError):
    """A search the archive refuses to run (too long, too many words)."""


def check_query(query: str) -> None:
    """Refuse a search over `MAX_QUERY_CHARS` characters or `MAX_QUERY_TERMS` words (`BadQuery`)."""
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"the search is {len(query):,} characters long; at most {MAX_QUERY_CHARS} are allowed")
    terms = len(_WORD.findall(query))
    if terms > MAX_QUERY_TERMS:
        raise BadQuery(f"the search has {terms} words; at most {MAX_QUERY_TERMS} are allowed")


def _has_marks(word: str) -> bool:
    return store.fold(word) != word.casefold()


def _strict_words(query: str) -> list[str]:
    """The words typed with diacritics (or đ): those must match as typed; the others match any marks."""
    return [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", query)) if _has_marks(w)]


def _word_re(word: str) -> re.Pattern:
    # the boundary before the word is checked behind it, so the pattern starts with a literal
    # and the regex engine scans for it at C speed (25 times faster than a leading lookbehind)
    literal = re.escape(word)
    return re.compile(rf"{literal}(?<!\w{literal})(?!\w)")


def _lower(text: str) -> str:
    """Casefolded one character for one character, so offsets still point into `text`."""
    folded = text.casefold()
    if len(folded) == len(text):   # casefold never shortens: same length, so no character grew
        return folded
    return "".join(c if len(c.casefold()) != 1 else c.casefold() for c in text)


@lru_cache(maxsize=512)
def _query_patterns(query: str) -> tuple[re.Pattern | None, tuple[re.Pattern, ...]]:
    """(the query's folded words in order, at most three words apart; a pattern per word typed
    with diacritics, to match as typed).

    Each next word is reached through an atomic group: the nearest place it stands is taken and
    never given back, so a match attempt costs at most
    four words per query word instead of backtracking through every combination of gaps (which
    explodes on a text of repeated words). A match that needed a farther occurrence of a repeated
    word is missed; the search then shows the first word alone."""
    words = _WORD.findall(store.fold(query))
    if not words:
        return None, ()
    units = [_word_re(words[0]).pattern] + [rf"(?>\W+(?:\w+\W+){{0,3}}?{re.escape(w)}(?!\w))" for w in words[1:]]
    return re.compile("".join(units)), tuple(_word_re(w) for w in _strict_words(query))


def _together(text: str, query: str, folded: str | None = None) -> re.Match | None:
    """The first place in `text` where the query's words stand in order, at most three words
    apart, each word typed with diacritics matching as typed; None when there is none.
    `folded`: `store.fold(text)` when the caller has it (the full-text index keeps it)."""
    together, strict = _query_patterns(query)
    if together is None:
        return None
    folded = store.fold(text) if folded is None else folded
    return next((m for m in together.finditer(folded)
                 if all(r.search(_lower(text[m.start():m.end()])) for r in strict)), None)


def _locate(text: str, query: str, folded: str, fallback: bool = True) -> tuple[int, int] | None:
    """Where a snippet's hit is: the query's words together, else (`fallback`) its first word."""
    found = _together(text, query, folded)
    if found is None and fallback:
        strict = _strict_words(query)
        words = _WORD.findall(store.fold(query))
        found = (_word_re(strict[0]).search(_lower(text)) if strict
                 else _word_re(words[0]).search(folded) if words else None)
    return found.span() if found else None


def _snippet_at(text: str, start: int, end: int, width: int, offset: int = 0, cut: bool = False) -> dict:
    """The snippet of `text[start:end]`; `text` may be a passage that starts `offset` characters
    into its document, and is `cut` before its end (where the ellipses go)."""
    hit_end = end
    while end < len(text) and not text[end].isspace() and end - hit_end < SNIPPET_TOKEN:
        end += 1   # the whole token: `19/CT-TTg`
    before, after = text[max(0, start - width):start], text[end:end + width]
    return {"before": ("…" if offset + start > width else "") + _squeeze(before),
            "hit": " ".join(text[start:end].split()),
            "after": _squeeze(after) + ("…" if cut or end + width < len(text) else "")}


SNIPPET_TOKEN = 30   # the most characters a hit grows by to end its token


def snippet(text: str, query: str, width: int = 80, folded: str | None = None) -> dict | None:
    """`{"before", "hit", "after"}` around the first place where the query's words stand together
    (else its first word), for a page to mark; None when none is found.

    >>> snippet("Thực hiện Chỉ thị số 19/CT-TTg ngày 16", "chi thi 19", width=10)["hit"]
    'Chỉ thị số 19/CT-TTg'
    """
    span = _locate(text, query, store.fold(text) if folded is None else folded)
    return _snippet_at(text, *span, width) if span else None


def _squeeze(text: str) -> str:
    """Runs of white space as one space, kept at the ends."""
    return re.sub(r"\s+", " ", text)


def _code_key(query: str) -> str | None:
    """The key of a document number typed as the query (`19/CT-TTg`, `2458/UBND-NC`), else None."""
    from ..extract.references import document_key

    query = query.strip()
    if not re.fullmatch(r"[\w.]+(?:\s*[/-]\s*[\w.]+)+", query) or not re.search(r"\d", query) or "/" not in query:
        return None
    key = document_key({"code": query}) or document_key({"code": query.upper()})
    return key.split("@")[0] if key else None


SCAN = 1000   # the most hits of one kind a search looks at: the page shows the best of them


def search(conn: sqlite3.Connection, query: str = "", *, type: str | None = None, issuer: str | None = None,
           province: str | None = None, year: int | None = None, limit: int = 50) -> dict:
    """Documents for the search page, at most `limit`; `total` counts the hits seen (`more`: there
    may be others past the first `SCAN` of a kind).

    A document number (`19/CT-TTg`) finds the document that bears it and those that cite it,
    then the full-text hits, best first. Words typed without diacritics match any (`chi thi 19`
    finds `Chỉ thị 19`); a query with diacritics finds its words together (in order, at most
    three words apart), each word typed with marks as typed. Filters (the issuer: any part of
    its name, diacritics ignored) narrow every kind of hit; no query lists the filtered
    documents, latest first. Raises `BadQuery` for a query or an issuer past the limits."""
    query = (query or "").strip()
    check_query(query)
    if issuer and len(issuer) > MAX_QUERY_CHARS:
        raise BadQuery(f"the issuer is {len(issuer):,} characters long; at most {MAX_QUERY_CHARS} are allowed")
    where, args = [], []
    for column, value in (("type", type), ("province", province), ("year", int(year) if year else None)):
        if value:
            where.append(f"d.{column} = ?")
            args.append(value)
    if issuer and store.fold(issuer).strip():
        _define_fold(conn)
        where.append("instr(fold(d.issuer), ?) > 0")
        args.append(" ".join(store.fold(issuer).split()))
    columns = ", ".join(f"d.{name}" for name in HEADER_FIELDS)
    filters = "".join(f" AND {w}" for w in where)
    hits: dict[int, dict] = {}
    more = False
    texts = _Texts(conn)

    def add(rows, match: str) -> None:
        nonlocal more
        rows = list(rows)
        more = more or len(rows) >= SCAN
        for row in rows:
            hits.setdefault(row["id"], {**_summary(row), "match": match, "snippet": None})

    code_key = _code_key(query) if query else None
    if code_key:
        add(conn.execute(f"SELECT {columns} FROM documents d WHERE d.code_key = ?{filters} ORDER BY d.date, d.id"
                         " LIMIT ?", (code_key, *args, SCAN)), "number")
        add(conn.execute(f"SELECT {columns} FROM documents d WHERE d.id IN (SELECT document_id FROM citations"
                         f" WHERE code_key = ?){filters} ORDER BY d.date, d.id LIMIT ?", (code_key, *args, SCAN)), "cites")
    if not query:
        add(conn.execute(f"SELECT {columns} FROM documents d WHERE 1{filters}"
                         " ORDER BY coalesce(d.date, '') DESC, d.id DESC LIMIT ?", (*args, limit + 1)), "filter")
        more = len(hits) > limit
    elif _WORD.search(store.fold(query)):
        rows = conn.execute(f"SELECT {columns} FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
                            f" WHERE documents_fts MATCH ?{filters} ORDER BY bm25(documents_fts) LIMIT ?",
                            (store.fts_query(query, "near"), *args, SCAN)).fetchall()
        if _strict_words(query):   # marks typed: read the texts, best first, until the page is full
            kept: list[sqlite3.Row] = []
            for row in rows:
                if len(hits) + len(kept) > limit:
                    more = True
                    break
                if texts.together(row["id"], query) or _together(row["subject"] or "", query):
                    kept.append(row)
            rows = kept
        add(rows, "text")
    found = list(hits.values())
    standing = statuses(conn, [hit.get("key") for hit in found[:limit]], document_url)   # issue 18
    for hit in found[:limit]:
        hit["standing"] = standing.get(hit.get("key") or "")   # statuses() keeps no empty key
        if query:
            hit["snippet"] = texts.snippet(hit["id"], query)
    return {"query": query, "code_key": code_key, "filters": {"type": type, "issuer": issuer, "province": province,
                                                             "year": year},
            "total": len(found), "more": more, "hits": found[:limit]}


@dataclass(frozen=True)
class _Passage:
    """Part of a document: its text and the same folded, from `offset`; `cut` before the document's end."""

    text: str
    folded: str
    offset: int = 0
    cut: bool = False

    @property
    def complete(self) -> bool:
        return self.offset == 0 and not self.cut


class _Texts:
    """The passages one search reads, each read once: first a window of `WINDOW` characters
    from just before the first place the folded text holds the query's words (SQLite finds it
    in C, without the text crossing into Python), so a large document costs no more than a small
    one; all of it only when the hit is not there.

    Reading the opening first, and the window only when the hit is not there, cost more: half
    the hits of realistic searches are past the opening."""

    WINDOW = 2048
    LEAD = 100   # characters read before the first word: the snippet's context before its hit

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.windows: dict[int, _Passage] = {}
        self.wholes: dict[int, _Passage] = {}

    def window(self, document_id: int, query: str) -> _Passage:
        """Where the hit should be: from just before the first place of the query's words."""
        if document_id not in self.windows:
            window = self._read(document_id, self._start(document_id, query))
            self.windows[document_id] = window or self.whole(document_id)
        return self.windows[document_id]

    def _start(self, document_id: int, query: str) -> int:
        """Where to read from (1-based): `LEAD` characters before the words as typed, else before the first."""
        words = _WORD.findall(store.fold(query)) or [""]
        found = self.conn.execute("SELECT max(1, coalesce(nullif(instr(body, ?), 0), instr(body, ?)) - ?)"
                                  " FROM documents_fts WHERE rowid = ?",
                                  (" ".join(words), words[0], self.LEAD, document_id)).fetchone()
        return found[0] if found else 1

    def _read(self, document_id: int, start: int) -> _Passage | None:
        # two one-row statements: one that joined the two tables cost several times as much
        folded = self.conn.execute("SELECT substr(body, ?, ?) FROM documents_fts WHERE rowid = ?",
                                   (start, self.WINDOW, document_id)).fetchone()
        text = self.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                 (start, self.WINDOW, document_id)).fetchone()
        if folded is None or text is None:
            return None
        return self._passage(text[0], folded[0], start - 1, cut=len(text[0]) == self.WINDOW)

    def whole(self, document_id: int) -> _Passage:
        if document_id not in self.wholes:
            text, folded = self.conn.execute("SELECT d.text, f.body FROM documents d LEFT JOIN documents_fts f"
                                             " ON f.rowid = d.id WHERE d.id = ?", (document_id,)).fetchone()
            self.wholes[document_id] = self._passage(text, folded)
        return self.wholes[document_id]

    @staticmethod
    def _passage(text: str, folded: str | None, offset: int = 0, cut: bool = False) -> _Passage:
        if folded is None or len(folded) != len(text):   # an index written otherwise: fold here
            folded = store.fold(text)
        return _Passage(text, folded, offset, cut)

    def together(self, document_id: int, query: str) -> bool:
        """Whether the query's words stand together in the document (`_together`)."""
        passage = self.window(document_id, query)
        if _together(passage.text, query, passage.folded):
            return True
        if passage.complete:
            return False
        passage = self.whole(document_id)
        return _together(passage.text, query, passage.folded) is not None

    def snippet(self, document_id: int, query: str, width: int = 80) -> dict | None:
        """`snippet` of the document, from its window when the hit and its context are there."""
        passage = self.window(document_id, query)
        span = _locate(passage.text, query, passage.folded, fallback=passage.complete)
        if span is None or (passage.cut and span[1] + SNIPPET_TOKEN + width > len(passage.text)):
            passage = self.whole(document_id)
            span = _locate(passage.text, query, passage.folded)
        return _snippet_at(passage.text, *span, width, passage.offset, passage.cut) if span else None


def _define_fold(conn: sqlite3.Connection) -> None:
    """SQL's `fold()`, once per connection (defining a function again would discard the
    connection's prepared statements)."""
    try:
        conn.execute("SELECT fold('')").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("fold", 1, lambda value: store.fold(value or ""), deterministic=True)


# ----------------------------------------------------------------------------------------------
# /documents/{id}


def document_page(conn: sqlite3.Connection, document_id: int) -> dict | None:
    """A document's header, what it cites (each with the URL of the cited document, or of its
    placeholder), its deadlines and targets, and its text as HTML with every extraction marked."""
    import json

    if not 0 < document_id <= SQLITE_MAX_INT:
        return None
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row["record"])
    text = row["text"]
    graph = graphs.around(conn, [row["key"]], up=1, down=0)
    targets = _citation_targets(conn, graph, row)
    references = []
    for reference in record.get("references") or []:
        target = targets.get(reference.get("key"), reference.get("key"))
        attrs = graph.nodes[target] if target in graph else {}
        references.append({**{k: reference.get(k) for k in ("code", "title", "type", "date", "issuer", "relation",
                                                             "text", "key", "effect", "scope", "effective")},
                           "standing": with_urls(attrs["status"], document_url) if attrs.get("status") else None,
                           "label": _label(reference),
                           "node": target, "in_archive": bool(attrs) and not attrs.get("placeholder"),
                           "url": node_url(graph, target) if attrs else None})
    urls = {r["key"]: r["url"] for r in references if r["url"]}
    marks = stored_spans(record, text)
    header = record.get("document") or {}
    return {
        "document": {name: row[name] for name in HEADER_FIELDS},
        "header": {k: header.get(k) for k in ("signer", "recipients", "received", "noi_nhan")},
        "file": {"format": (record.get("text") or {}).get("format"), "chars": len(text),
                 "pages": (record.get("text") or {}).get("pages"), "download": f"/documents/{row['id']}/file"},
        "references": references,
        "deadlines": [{k: d.get(k) for k in ("date", "recurrence", "kind", "time", "text", "actor", "action")}
                      for d in record.get("deadlines") or []],
        "targets": [{k: t.get(k) for k in ("value", "unit", "comparator", "text")} for t in record.get("targets") or []],
        "marks": [{"start": s, "end": e, "kind": k, "key": key, "text": text[s:e]} for s, e, k, key in marks],
        "lineage": "/lineage?" + urlencode({"ref": str(row["id"])}),
        "standing": with_urls(graphs.status(graph, row["key"]), document_url),   # issue 18
        "html": marks_html(text, marks, lambda kind, key: urls.get(key) if kind.startswith("reference.") else None),
    }


def _label(reference: dict) -> str:
    """`Chỉ thị 19/CT-TTg`; `Luật Thi đua, Khen thưởng` (a title that names its type once)."""
    kind, code, title = reference.get("type") or "", reference.get("code"), reference.get("title")
    if code:
        return f"{kind} {code}".strip()
    if title:
        return title if not kind or title.casefold().startswith(kind.casefold()) else f"{kind} {title}"
    return reference.get("text") or reference.get("key") or ""


def _citation_targets(conn: sqlite3.Connection, graph: nx.MultiDiGraph, row: sqlite3.Row) -> dict[str, str]:
    """A citation's key -> the node its edge reaches (a citation resolved by number reaches a
    stored document whose key differs)."""
    by_id = {c["id"]: c["key"] for c in conn.execute("SELECT id, key FROM citations WHERE document_id = ?", (row["id"],))}
    found = {}
    if row["key"] in graph:
        for _citing, cited, citation_id, attrs in graph.out_edges(row["key"], keys=True, data=True):
            if attrs.get("citing_document") == row["id"] and citation_id in by_id:
                found[by_id[citation_id]] = cited
    return found


# ----------------------------------------------------------------------------------------------
# /lineage


def find(conn: sqlite3.Connection, ref: str) -> str:
    """The node REF names: a document id, a node key or a document number (`graphs.locate`,
    less its file branch: a request's words never reach the file system). Raises `graphs.NotFound`,
    with `.graph` to describe its candidates."""
    from ..extract.references import document_key

    ref = (ref or "").strip()
    if not ref:
        raise graphs.NotFound("give a document number (19/CT-TTg), a document id or a node key")
    if ref.isascii() and ref.isdigit() and int(ref) <= SQLITE_MAX_INT:
        row = conn.execute("SELECT key FROM documents WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return row["key"]
    code_key = (document_key({"code": ref}) or document_key({"code": ref.upper()}) or "").split("@")[0]
    keys = {ref}
    if code_key:
        keys |= {row[0] for row in conn.execute("SELECT key FROM documents WHERE code_key = ?", (code_key,))}
        keys |= {row[0] for row in conn.execute("SELECT DISTINCT key FROM citations WHERE code_key = ?", (code_key,))}
    graph = graphs.around(conn, keys, up=0, down=0)
    try:
        return graphs.find(graph, ref, None)
    except graphs.NotFound as error:
        error.graph = graph
        raise


def lineage(conn: sqlite3.Connection, root: str, direction: str = "both", depth: int | None = 2,
            coverage_depth: int = 1) -> dict:
    """The root, its trees up and/or down `depth` citations (None: all) as nodes and edges (for
    drawing, each node with its URL and its level: negative up, positive down), and its coverage
    by province `coverage_depth` citations down."""
    directions = ("up", "down") if direction == "both" else (direction,)
    down = None if depth is None else max(depth, coverage_depth)
    graph = graphs.around(conn, [root], up=depth if "up" in directions else 0,
                          down=down if "down" in directions else coverage_depth)
    nodes: dict[str, dict] = {}
    edges: dict[tuple, dict] = {}
    for way in directions:
        tree = graphs.lineage_json(graph, graphs.lineage(graph, root, way, depth), way)
        for node in tree["nodes"]:
            level = node["depth"] if way == "down" else -node["depth"]
            if node["key"] not in nodes:
                nodes[node["key"]] = {**node, "level": level, "label": graphs.node_label(graph.nodes[node["key"]]) or node["key"],
                                      "url": node_url(graph, node["key"]),
                                      "standing": with_urls(graph.nodes[node["key"]]["status"], document_url)}
        for edge in tree["edges"]:
            edges.setdefault((edge["citing"], edge["cited"]), edge)
    report = graphs.coverage(graph, root, depth=coverage_depth)
    standing = with_urls(graphs.status(graph, root), document_url)   # issue 18: the successor's coverage beside
    return {"root": root, "direction": direction, "depth": depth, "describe": graphs.describe(graph, root),
            "standing": {**standing, "coverage": ["/lineage?" + urlencode({"ref": key})
                                                  for key in standing["document"]["successors"]]},
            "nodes": sorted(nodes.values(), key=lambda n: (n["level"], n.get("date") or "9999", n["key"])),
            "edges": list(edges.values()),
            "coverage": {"depth": coverage_depth, "provinces": report["provinces"], "by_level": report["by_level"],
                         "provinces_in_archive": report["provinces_in_archive"],
                         "silent_provinces": report["silent_provinces"],
                         "citing": [{**c, "url": node_url(graph, c["key"])} for c in report["citing"]]}}


def most_cited(conn: sqlite3.Connection, count: int = 10) -> list[dict]:
    """The documents cited by the most others: where a lineage is worth a look."""
    rows = conn.execute("SELECT key, count(DISTINCT document_id) AS n FROM citations GROUP BY key"
                        " ORDER BY n DESC, key LIMIT ?", (count,)).fetchall()
    graph = graphs.around(conn, [row["key"] for row in rows], up=0, down=0)
    return [{"key": row["key"], "label": graphs.node_label(graph.nodes[row["key"]]) or row["key"], "cited_by": row["n"],
             "placeholder": graph.nodes[row["key"]]["placeholder"],
             "lineage": "/lineage?" + urlencode({"ref": row["key"]})} for row in rows if row["key"] in graph]

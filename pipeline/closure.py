"""Deadlines to closure (issue 19): who owes what, what came back, what is overdue.

A deadline with an actor becomes a *task* (a recurring one: one task per occurrence). A later
document *answers* a task when its issuer is the task's body, it cites the request (any relation:
`Thực hiện Công văn số ...`, `Phúc đáp ...`, a báo cáo), and, for a recurring task, it falls in
the occurrence's period. Counted from `today`, a task is

    met       answered on or before its due day
    late      answered after it
    open      not answered, not yet past due
    overdue   not answered, past due

The answer's day is its own date, or its received stamp when only that is printed; answers dated
after `today` are not counted yet, so a pinned `today` shows the archive as it stood that day.

A group actor (`UBND các huyện, thị xã, thành phố`, `các Sở, ban, ngành`) gives one task per member
body the archive knows: the request's `Kính gửi` entries and the bodies of the request's province
that issued documents in the store (for a request with no province, those that cite it), plus
one task for the group itself, answered by the first answer of any member.

Relative deadlines (`trong 05 ngày làm việc kể từ ngày nhận được văn bản`) count from the
request's received stamp (the extractor resolves those), else from the day it was ingested
(`due_from: "ingest"`, a last resort, flagged), in working days of the holiday calendar.

One unit's tasks (`--unit`) are read through the store's indexes (schema 5): the deadlines whose
owner's key names the unit, of its province or of none; of the groups it may belong to, those of its
province, and of the requests of no province those that name it (`Kính gửi`) or that it cited
(`bodies`). The work follows the unit's tasks, not the archive's size.

>>> body_key("UBND huyện Đức Trọng, tỉnh Lâm Đồng"), body_key("Sở Tài chính tỉnh Lâm Đồng")
('uy ban nhan dan huyen duc trong', 'so tai chinh')
>>> [g.kinds for g in groups_in("UBND các huyện, thị xã, thành phố")]
[('huyen', 'thi xa', 'thanh pho')]
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import store
from .calendar import LATEST, Due, HolidayCalendar, iter_days, record_months
from .calendar import record_date as _day

STATUSES = ("overdue", "open", "late", "met")   # the order a board shows them in
MAX_OCCURRENCES = 24      # the latest occurrences of a recurring deadline that become tasks
_CHUNK = 500              # values per `IN (...)`


# ----------------------------------------------------------------------------------------------
# Names of bodies: one key per body, whatever the wording


# The folding the store's writer keys each deadline's owner by (`deadlines.owner_key`) is the store's.
body_key = store.body_key
owner_of = store.deadline_owner


def unit_matches(query: str, key: str) -> bool:
    """Whether `--unit QUERY` names this body: its folded words appear together in the body's key
    (`Sở Tài chính`, `tai chinh` and `Sở Tài chính tỉnh Lâm Đồng` all name `so tai chinh`)."""
    wanted = body_key(query)
    return bool(wanted) and f" {wanted} " in f" {key} "


@dataclass(frozen=True)
class Group:
    """`UBND các huyện, thị xã, thành phố`: a head (`uy ban nhan dan`, or none) and the kinds of
    body that follow `các` (`huyen`, `thi xa`, `thanh pho`); `national` when it spans the country
    (`các tỉnh, thành phố trực thuộc Trung ương`, `các Bộ`)."""

    head: str
    kinds: tuple[str, ...]
    national: bool = False

    def has_member(self, key: str) -> bool:
        prefix = f"{self.head} " if self.head else ""
        return any(key.startswith(f"{prefix}{kind} ") for kind in self.kinds)


# The kinds of body a group names; vaguer words (`cơ quan`, `đơn vị`, `địa phương`) name no one in particular.
_KINDS = ("so", "ban", "huyen", "thi xa", "thanh pho", "quan", "xa", "phuong", "thi tran", "tinh", "bo",
          "phong", "chi cuc", "cuc", "truong", "trung tam", "hoi")
_HEADS = ("uy ban nhan dan", "hoi dong nhan dan", "uy ban mat tran to quoc")
_KIND_RE = re.compile(rf"^(?:{'|'.join(sorted(_KINDS, key=len, reverse=True))})(?=\s|$)")


@lru_cache(maxsize=4096)
def groups_in(actor: str | None) -> tuple[Group, ...]:
    """The groups an actor names (`Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện, thị xã`
    names one: the districts); none for a single body."""
    if not actor:
        return ()
    folded = " ".join(store.fold(store.written_out(actor)).split())
    found = []
    for match in re.finditer(r"(?<![\w])cac\s+", folded):
        before = folded[:match.start()].rstrip()
        head = next((h for h in _HEADS if before.endswith(h)), "")
        kinds = []
        for item in re.split(r",|;|\s+va\s+", folded[match.end():]):
            kind = _KIND_RE.match(item.strip())
            if not kind:
                break
            kinds.append(kind.group(0))
        if kinds:
            national = "trung uong" in folded[match.end():match.end() + 80] or kinds[0] in ("tinh", "bo")
            found.append(Group(head, tuple(dict.fromkeys(kinds)), national))
    return tuple(found)


@lru_cache(maxsize=65536)
def same_province(name: str | None, province: str | None) -> bool:
    """False only when `name` places its body in a province other than `province`."""
    if not name or not province:
        return True
    theirs = store.place_of(name)[0]
    return theirs is None or theirs == province


# ----------------------------------------------------------------------------------------------
# What a task is made of


@dataclass(frozen=True)
class Request:
    """The document that sets deadlines, as tasks need it."""

    id: int
    key: str
    code: str | None
    code_key: str | None
    label: str               # its code, or its file name when it has none
    date: dt.date | None
    issuer: str | None
    province: str | None
    year: int | None
    recipients: tuple[str, ...]
    ingested: dt.date | None


@dataclass(frozen=True)
class Answer:
    """A document that cites a request, with the sentence that cites it."""

    document_id: int
    label: str
    issuer: str | None
    key: str
    day: dt.date | None
    evidence: str | None


@dataclass(frozen=True)
class Task:
    """One thing one body owes by one day, and what came back."""

    request: str
    request_id: int
    actor: str               # the body that owes it (a member's own name for a group's member)
    unit: str                # the actor with its province, for grouping and `--unit`
    action: str | None
    due: dt.date
    status: str
    text: str
    group: str | None = None               # the group actor this task comes from
    support: tuple[str, ...] = ()
    recurrence: str | None = None
    due_from: str = "document"             # document, stamp, issue, ingest (a last resort)
    answered_by: str | None = None
    answered_by_id: int | None = None
    answered_on: dt.date | None = None
    evidence: str | None = None
    unit_key: str = field(default="", compare=False, repr=False)

    def to_json(self) -> dict:
        return {"request": self.request, "request_id": self.request_id, "actor": self.actor, "unit": self.unit,
                "group": self.group, "action": self.action, "due": self.due.isoformat(), "status": self.status,
                "answered_by": self.answered_by, "answered_by_id": self.answered_by_id,
                "answered_on": self.answered_on.isoformat() if self.answered_on else None,
                "evidence": self.evidence, "support": list(self.support), "recurrence": self.recurrence,
                "due_from": self.due_from, "text": self.text}

    def as_due(self) -> Due:
        """The task as a calendar entry (the iCalendar feed), its status in the title."""
        return Due(source=self.request, kind="due", text=self.text, date=self.due, actor=self.unit,
                   action=f"[{self.status}] {self.action or self.text}", document=self.request,
                   support=self.support, owner=self.unit)


def status_of(due: dt.date, answered_on: dt.date | None, today: dt.date) -> str:
    """met, late, open or overdue (see the module's docstring)."""
    if answered_on is not None:
        return "met" if answered_on <= due else "late"
    return "overdue" if due < today else "open"


# ----------------------------------------------------------------------------------------------
# Reading the store


def _chunks(values: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


# the recipients drawn from the record by SQLite: parsing whole records in Python costs more than the rest
_REQUEST_QUERY = ("SELECT d.id, d.key, d.code, d.code_key, d.name, d.date, d.issuer, d.province, d.year,"
                  " json_extract(d.record, '$.document.recipients') AS recipients, f.ingested_at"
                  " FROM documents d JOIN files f ON f.hash = d.file_hash")


def _request(row: sqlite3.Row) -> Request:
    listed = json.loads(row["recipients"]) if row["recipients"] else []
    recipients = tuple(r for r in listed if isinstance(r, str)) if isinstance(listed, list) else ()
    return Request(row["id"], row["key"], row["code"], row["code_key"], row["code"] or row["name"], _day(row["date"]),
                   row["issuer"], row["province"], row["year"], recipients, _day(row["ingested_at"]))


def _distinct(conn: sqlite3.Connection, table: str, column: str, where: str = "", *args) -> list[str]:
    """The distinct values of an indexed column, one seek each inside SQLite (a skip-scan: their
    number, not the archive's size, sets the cost), keeping those `where` (on `value`) accepts."""
    return [row[0] for row in conn.execute(
        f"WITH RECURSIVE seen(value) AS (SELECT min({column}) FROM {table} UNION ALL SELECT (SELECT min({column})"
        f" FROM {table} WHERE {column} > seen.value) FROM seen WHERE seen.value IS NOT NULL)"
        f" SELECT value FROM seen WHERE value IS NOT NULL{where}", args)]


def _owners(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """The distinct (key, name) of the bodies that owe stored deadlines (`store.deadline_owner`)."""
    for key in _distinct(conn, "deadlines", "owner_key"):
        owner = ""   # no owner is empty (`store.deadline_owner`)
        while (owner := conn.execute("SELECT min(owner) FROM deadlines WHERE owner_key = ? AND owner > ?",
                                     (key, owner)).fetchone()[0]) is not None:
            yield key, owner


_ROWS = "SELECT document_id, ordinal, data, owner_key, owner FROM deadlines WHERE kind = 'due' AND owner IS NOT NULL"


def _deadline_rows(conn: sqlite3.Connection, unit: str | None) -> list[sqlite3.Row]:
    """The deadlines that may give `unit` a task (every one with an owner without `unit`): those of
    the owners naming it, and of the groups it may be a member of those of its province and, for
    requests of no province, those whose request names it (`_naming`); of its province or of none
    when its name places it (`same_province`). `_owing` then keeps those that do."""
    if not unit:
        return conn.execute(_ROWS + " ORDER BY document_id, ordinal").fetchall()
    province, wanted = store.place_of(unit)[0], body_key(unit)
    named, groups = [], set()
    for key, owner in _owners(conn):
        if unit_matches(unit, key):
            named.append((key, owner))
        elif any(g.has_member(wanted) for g in groups_in(owner)):
            groups.add((key, owner))
    rows = []
    for key, owner in named:   # one index range each
        for place in (" AND province = ?", " AND province IS NULL") if province else ("",):
            rows += conn.execute(f"{_ROWS} AND owner_key = ? AND owner = ?{place}",
                                 (key, owner, province)[:2 + place.count("?")]).fetchall()
    for key, owner in sorted(groups):
        place = " AND province = ?" if province else " AND province IS NOT NULL"
        rows += conn.execute(f"{_ROWS} AND owner_key = ? AND owner = ?{place}",
                             (key, owner, province)[:2 + place.count("?")]).fetchall()
    naming = sorted(_naming(conn, unit)) if groups else []
    for (key, owner), chunk in ((pair, chunk) for pair in sorted(groups) for chunk in _chunks(naming)):
        rows += conn.execute(f"{_ROWS} AND owner_key = ? AND owner = ? AND province IS NULL AND document_id IN"
                             f" ({','.join('?' * len(chunk))})", (key, owner, *chunk)).fetchall()
    return sorted(rows, key=lambda row: (row["document_id"], row["ordinal"]))


def _naming(conn: sqlite3.Connection, unit: str) -> set[int]:
    """The documents whose `Kính gửi` list names `unit`, and those cited (by key or by number) by
    documents it issued: the requests of no province a group may make it owe (`bodies_owing`)."""
    found, issued = set(), []
    # `unit_matches` in SQL: the unit's key among the words of a body's
    for key in _distinct(conn, "bodies", "key", " AND instr(' ' || value || ' ', ?)", f" {body_key(unit)} "):
        if unit_matches(unit, key):
            for document_id, role in conn.execute("SELECT document_id, role FROM bodies WHERE key = ?", (key,)):
                if role == "recipient":
                    found.add(document_id)
                else:
                    issued.append(document_id)
    keys, numbers = set(), set()
    for chunk in _chunks(sorted(issued)):
        for key, code_key in conn.execute(f"SELECT key, code_key FROM citations WHERE document_id IN"
                                          f" ({','.join('?' * len(chunk))})", list(chunk)):
            keys.add(key)
            numbers.add(code_key)
    numbers.discard(None)
    for column, values in (("key", keys), ("code_key", numbers)):
        for chunk in _chunks(sorted(values)):
            found.update(row[0] for row in conn.execute(
                f"SELECT id FROM documents WHERE {column} IN ({','.join('?' * len(chunk))})", list(chunk)))
    return found


def _requests(conn: sqlite3.Connection, ids: Iterable[int], province: str | None = None) -> dict[int, Request]:
    """The requests of these ids; only those of `province` or of none when it is given."""
    found = {}
    where = " AND (d.province = ? OR d.province IS NULL)" if province else ""
    for chunk in _chunks(sorted(set(ids))):
        for row in conn.execute(f"{_REQUEST_QUERY} WHERE d.id IN ({','.join('?' * len(chunk))}){where}",
                                [*chunk, province] if province else list(chunk)):
            found[row["id"]] = _request(row)
    return found


def answers_to(conn: sqlite3.Connection, request: Request) -> list[Answer]:
    """Documents that cite `request`, by date: by its key, or by its number when the citing text
    named its issuer differently (`của Chủ tịch UBND tỉnh`) and no other stored document has that
    number, year and province (as `graph.build` resolves them)."""
    rows = list(conn.execute("SELECT document_id, key, evidence, text FROM citations WHERE key = ?", (request.key,)))
    if request.code_key and "@" in request.key:
        loose = conn.execute(
            "SELECT document_id, key, evidence, text FROM citations WHERE code_key = ? AND key != ?"
            " AND (province IS ? OR province IS NULL) AND (year IS ? OR year IS NULL)",
            (request.code_key, request.key, request.province, request.year)).fetchall()
        if loose and _only_one_with_number(conn, request):
            stored = {row[0] for row in conn.execute(
                f"SELECT key FROM documents WHERE key IN ({','.join('?' * len(loose))})", [r["key"] for r in loose])}
            rows += [row for row in loose if row["key"] not in stored]
    citing: dict[int, sqlite3.Row] = {}
    for row in rows:
        if row["document_id"] != request.id:
            citing.setdefault(row["document_id"], row)
    answers = []
    for chunk in _chunks(sorted(citing)):
        for doc in conn.execute(f"SELECT id, key, code, name, issuer, date, {_RECEIVED} AS received FROM documents"
                                f" WHERE id IN ({','.join('?' * len(chunk))})", list(chunk)):
            day = _day(doc["date"]) or _day(doc["received"])
            cite = citing[doc["id"]]
            answers.append(Answer(doc["id"], doc["code"] or doc["name"], doc["issuer"], doc["key"], day,
                                  cite["evidence"] or cite["text"]))
    return sorted(answers, key=lambda a: (a.day or LATEST, a.document_id))


def _only_one_with_number(conn: sqlite3.Connection, request: Request) -> bool:
    count = conn.execute("SELECT count(DISTINCT key) FROM documents WHERE code_key = ? AND (province IS ? OR"
                         " province IS NULL) AND (year IS ? OR year IS NULL)",
                         (request.code_key, request.province, request.year)).fetchone()[0]
    return count == 1


# The received stamp's day, for an answer whose own date is not printed (read only then)
_RECEIVED = ("CASE WHEN json_type(record, '$.document.received') = 'object'"
             " THEN json_extract(record, '$.document.received.date') END")


class _Province:
    """Issuers of the documents of one province, read once per run (group members)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.cache: dict[str, list[str]] = {}

    def issuers(self, province: str | None) -> list[str]:
        if not province:
            return []
        if province not in self.cache:
            self.cache[province] = [row[0] for row in self.conn.execute(
                "SELECT DISTINCT issuer FROM documents WHERE province = ? AND issuer IS NOT NULL", (province,))]
        return self.cache[province]


# ----------------------------------------------------------------------------------------------
# Due days


def due_days(request: Request, deadline: dict, today: dt.date,
             calendar: HolidayCalendar) -> list[tuple[dt.date | None, dt.date, str]]:
    """(period start, due day, where the day comes from) for each task of one deadline: one for a
    one-off deadline, the latest `MAX_OCCURRENCES` occurrences up to the first one on or after
    `today` for a recurring one (each period runs from the occurrence before, or the request's
    date); none when the day cannot be known."""
    recurrence = deadline.get("recurrence")
    if isinstance(recurrence, str) and recurrence:
        anchor = request.date or request.ingested
        months = record_months(deadline) or ()   # a quarterly rule's months (`tháng cuối quý`: 3, 6, 9, 12)
        return [] if anchor is None else list(_occurrences(recurrence, anchor, today, months))
    day = _day(deadline.get("date"))
    if day:
        return [(request.date, day, "document")]
    return _relative_day(request, deadline.get("relative"), calendar)


@lru_cache(maxsize=4096)
def _occurrences(recurrence: str, anchor: dt.date, today: dt.date,
                 months: tuple[int, ...] = ()) -> tuple[tuple[dt.date, dt.date, str], ...]:
    """`due_days` of a recurring deadline: requests of one day share them (drawing a rule is slow)."""
    days: deque[dt.date] = deque(maxlen=MAX_OCCURRENCES + 1)
    horizon = min(max(today, anchor) + dt.timedelta(days=800), LATEST)
    due = Due(source="", kind="due", text="", recurrence=recurrence, anchor=anchor, months=months)
    for day in iter_days(due, anchor, horizon):
        days.append(day)
        if day >= today:
            break
    starts = [None if len(days) <= MAX_OCCURRENCES else days[0], *list(days)[:-1]]
    pairs = list(zip(starts, days, strict=True))[-MAX_OCCURRENCES:]
    return tuple((start or anchor, day, "document") for start, day in pairs)


def _relative_day(request: Request, relative, calendar: HolidayCalendar) -> list[tuple[dt.date | None, dt.date, str]]:
    """`trong N ngày (làm việc) kể từ ...`: resolved by the extractor from the received stamp, else
    counted here from the request's date (`kể từ ngày ký`) or its ingest day (a last resort)."""
    if not isinstance(relative, dict):
        return []
    resolved = _day(relative.get("date"))
    if resolved:
        return [(request.date, resolved, "stamp")]
    origin = relative.get("from")
    start, source = (request.date, "issue") if origin == "issue" else (request.ingested, "ingest")
    amount, unit = relative.get("amount"), relative.get("unit")
    if origin not in ("issue", "receipt") or start is None or not isinstance(amount, int) or not 0 < amount < 1000:
        return []
    if unit == "working_day":
        day = calendar.add_working_days(start, amount)
    elif unit in ("day", "week"):
        day = start + dt.timedelta(days=amount * (7 if unit == "week" else 1))
    elif unit == "month":
        from dateutil.relativedelta import relativedelta

        day = start + relativedelta(months=amount)
    else:
        return []
    return [(request.date, day, source)]


# ----------------------------------------------------------------------------------------------
# Tasks


@dataclass(frozen=True)
class _Body:
    """One body that owes a deadline: how it is named, its key, and the group it comes from."""

    name: str
    key: str
    group: str | None = None
    members: tuple[str, ...] = ()     # for the group itself: its members' keys


def bodies_owing(actor: str, request: Request, issuers: list[str], citing: Iterable[str | None]) -> list[_Body]:
    """The bodies an actor stands for: itself; for a group, each member the archive knows (the
    request's `Kính gửi` entries, the issuers of its province, those that cite it) and the group."""
    groups = groups_in(actor)
    if not groups:
        return [_Body(actor, body_key(actor))]
    members: dict[str, str] = {}
    for name in [*request.recipients, *issuers, *(c for c in citing if c)]:
        key = body_key(name)
        if key and not groups_in(name) and any(g.has_member(key) for g in groups) and key not in members \
                and (any(g.national for g in groups) or same_province(name, request.province)):
            members[key] = name
    found = [_Body(name, key, actor) for key, name in sorted(members.items())]
    return found + [_Body(actor, body_key(actor), None, tuple(members))]


def _unit_name(name: str, request: Request) -> str:
    """The body with its province when its name has none (`Sở Tài chính (Lâm Đồng)`)."""
    if request.province and store.place_of(name)[0] is None:
        return f"{name} ({request.province})"
    return name


def _answered_by(body: _Body, answers: list[Answer], request: Request) -> list[Answer]:
    keys = set(body.members) | {body.key}
    return [a for a in answers if body_key(a.issuer) in keys and same_province(a.issuer, request.province)
            and a.day is not None and (request.date is None or a.day >= request.date)]


def assign(periods: list[tuple[dt.date | None, dt.date]], answers: list[Answer]) -> list[Answer | None]:
    """The answer of each period (start, due), in order: the first answer in (start, due] meets it;
    a period with none takes, late, the first answer of the next period when that period holds
    another for itself (a lone answer belongs to the period it falls in); the last period, or a
    one-off deadline, takes any answer after its start."""
    def day(answer: Answer) -> dt.date:
        assert answer.day is not None   # `_answered_by` keeps only dated answers
        return answer.day

    taken: set[int] = set()
    chosen: list[Answer | None] = []
    for index, (start, due) in enumerate(periods):
        free = [a for a in answers if a.document_id not in taken and (start is None or index == 0 or day(a) > start)]
        own = [a for a in free if day(a) <= due]
        pick = own[0] if own else None
        if pick is None and index + 1 < len(periods):
            following = [a for a in free if due < day(a) <= periods[index + 1][1]]
            pick = following[0] if len(following) > 1 else None
        elif pick is None:
            pick = free[0] if free else None
        if pick is not None:
            taken.add(pick.document_id)
        chosen.append(pick)
    return chosen


def tasks(conn: sqlite3.Connection, today: dt.date, *, unit: str | None = None, statuses: Iterable[str] = (),
          calendar: HolidayCalendar | None = None) -> list[Task]:
    """Every task of the store as it stands on `today`, overdue first, then by due day and unit;
    only `unit`'s when given (`unit_matches`), only those of `statuses` when given.

    >>> tasks(store.connect(":memory:"), dt.date(2025, 4, 1))
    []
    """
    calendar = calendar or HolidayCalendar.default()
    wanted = set(statuses)
    unknown = wanted - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status {sorted(unknown)[0]!r}: choose among {', '.join(STATUSES)}")
    rows = _deadline_rows(conn, unit)
    # a unit's province (`Sở Y tế tỉnh Lâm Đồng`) leaves other provinces' requests unread (`same_province`)
    requests = _requests(conn, {row["document_id"] for row in rows}, store.place_of(unit)[0] if unit else None)
    provinces, answer_cache = _Province(conn), {}
    if unit:
        rows = _owing(conn, unit, rows, requests, provinces)
    found: list[Task] = []
    for row in rows:
        request = requests.get(row["document_id"])
        if request is None:
            continue
        if request.id not in answer_cache:
            answer_cache[request.id] = answers_to(conn, request)
        deadline = json.loads(row["data"])
        found += _tasks_of(request, deadline, answer_cache[request.id], provinces, today, calendar, unit)
    found = [t for t in found if not wanted or t.status in wanted]
    return sorted(found, key=lambda t: (STATUSES.index(t.status), t.due, t.unit, t.request_id))


def _owing(conn: sqlite3.Connection, unit: str, rows: list[sqlite3.Row], requests: dict[int, Request],
           provinces: _Province) -> list[sqlite3.Row]:
    """The deadlines that may give `unit` a task: of its province (`Sở Y tế tỉnh Lâm Đồng` owes
    nothing to another province's requests), and, for a group it is no more than a member of, those
    whose request knows it as a member (`bodies_owing`: its `Kính gửi` list, the issuers of its
    province, those that cite it); a group's other requests are left unread."""
    def named(names: Iterable[str | None]) -> bool:
        return any(unit_matches(unit, body_key(name)) for name in names if name)

    kept, pending = [], []
    for row in rows:
        request = requests.get(row["document_id"])
        if request is None or not same_province(unit, request.province):
            continue
        if unit_matches(unit, row["owner_key"] or "") or named(request.recipients) \
                or named(provinces.issuers(request.province)):
            kept.append(row)
        else:
            pending.append(row)
    citers = _citers(conn, [requests[row["document_id"]] for row in pending])
    return sorted(kept + [row for row in pending if named(citers.get(row["document_id"], ()))],
                  key=lambda row: (row["document_id"], row["ordinal"]))


def _citers(conn: sqlite3.Connection, requests: list[Request]) -> dict[int, set[str]]:
    """The issuers of the documents citing each request, read in bulk: by its key, and by its
    number for one cited under another name (more than `answers_to` keeps, never less)."""
    by_key: dict[str, list[int]] = {}
    by_number: dict[str, list[int]] = {}
    for request in requests:
        by_key.setdefault(request.key, []).append(request.id)
        if request.code_key and "@" in request.key:
            by_number.setdefault(request.code_key, []).append(request.id)
    found: dict[int, set[str]] = {}
    for column, wanted in (("key", by_key), ("code_key", by_number)):
        for chunk in _chunks(sorted(wanted)):
            for cited, issuer in conn.execute(
                    f"SELECT c.{column}, d.issuer FROM citations c JOIN documents d ON d.id = c.document_id"
                    f" WHERE c.{column} IN ({','.join('?' * len(chunk))}) AND d.issuer IS NOT NULL", list(chunk)):
                for request_id in wanted[cited]:
                    found.setdefault(request_id, set()).add(issuer)
    return found


def _tasks_of(request: Request, deadline: dict, answers: list[Answer], provinces: _Province, today: dt.date,
              calendar: HolidayCalendar, unit: str | None) -> list[Task]:
    actor = owner_of(deadline)
    days = due_days(request, deadline, today, calendar)
    if not isinstance(actor, str) or not days:
        return []
    issuers = provinces.issuers(request.province) if groups_in(actor) else []
    support = tuple(s for s in deadline.get("support") or () if isinstance(s, str))
    out = []
    for body in bodies_owing(actor, request, issuers, (a.issuer for a in answers)):
        if unit and not unit_matches(unit, body.key):
            continue
        own = [a for a in answers if a.day is not None and a.day <= today]
        chosen = assign([(start, due) for start, due, _ in days], _answered_by(body, own, request))
        for (_start, due, source), answer in zip(days, chosen, strict=True):
            out.append(Task(
                request=request.label, request_id=request.id, actor=body.name, unit=_unit_name(body.name, request),
                action=deadline.get("action") if isinstance(deadline.get("action"), str) else None, due=due,
                status=status_of(due, answer.day if answer else None, today), text=str(deadline.get("text") or ""),
                group=body.group, support=support, recurrence=deadline.get("recurrence") or None, due_from=source,
                answered_by=answer.label if answer else None, answered_by_id=answer.document_id if answer else None,
                answered_on=answer.day if answer else None, evidence=answer.evidence if answer else None,
                unit_key=body.key))
    return out


def by_unit(found: Iterable[Task]) -> dict[str, list[Task]]:
    """Tasks grouped by unit, units in name order, each unit's tasks in the order given."""
    groups: dict[str, list[Task]] = {}
    for task in found:
        groups.setdefault(task.unit, []).append(task)
    return {name: groups[name] for name in sorted(groups, key=store.fold)}


def counts(found: Iterable[Task]) -> dict[str, int]:
    tally = dict.fromkeys(STATUSES, 0)
    for task in found:
        tally[task.status] += 1
    return tally

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
from .calendar import LATEST, Due, HolidayCalendar, iter_days
from .calendar import record_date as _day

STATUSES = ("overdue", "open", "late", "met")   # the order a board shows them in
MAX_OCCURRENCES = 24      # the latest occurrences of a recurring deadline that become tasks
_CHUNK = 500              # values per `IN (...)`


# ----------------------------------------------------------------------------------------------
# Names of bodies: one key per body, whatever the wording


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern, str], ...]:
    table = json.loads((store.DATA / "bodies.json").read_text(encoding="utf-8"))["abbreviations"]
    pairs = sorted(((a["short"], a["full"]) for a in table if a["short"] not in ("TP.", "TP", "Tp.")),
                   key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<![\w&]){re.escape(short)}(?![\w&])"), full) for short, full in pairs)


# A post before a body names the body (`Giám đốc Sở Tài chính`, `Chủ tịch UBND huyện`).
_POSTS = re.compile(r"^(?:(?:pho\s+)?(?:giam doc|chu tich|thu truong|truong ban|chanh van phong)\s+)+")
_PROVINCE_TAIL = re.compile(r"\s(?:tinh|thanh pho|tp)(?:\s(?P<name>[\w\s-]+))?$")


@lru_cache(maxsize=65536)
def body_key(name: str | None) -> str:
    """A body's name folded for comparison: abbreviations written out, no diacritics, no
    punctuation, no post before it, and no province after it (`Sở Tài chính tỉnh Lâm Đồng` and
    `Sở Tài chính` are one key; the province is compared apart, `same_province`)."""
    if not name:
        return ""
    for pattern, full in _abbreviations():
        name = pattern.sub(full, name)
    key = " ".join(re.sub(r"[^\w\s-]|(?<!\w)-|-(?!\w)", " ", store.fold(name)).split())
    key = _POSTS.sub("", key)
    tail = _PROVINCE_TAIL.search(key)
    # a trailing name that is no province stays (`UBND huyện Đức Trọng`, `thành phố Đà Lạt`)
    group = re.search(r"(?:^|\s)cac\s", key)   # `các huyện, thành phố`: the kinds of a group, not a place
    if tail and not group and (tail.group("name") is None or store.province_name(tail.group("name"))):
        key = key[:tail.start()]
    return key.strip()


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
    for pattern, full in _abbreviations():
        actor = pattern.sub(full, actor)
    folded = " ".join(store.fold(actor).split())
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


# Who owes a deadline: the body that leads it (`Giao Sở Nội vụ chủ trì, phối hợp với ...`: the
# extractor's `lead`), else its `actor`. Where the two differ, `actor` may name the supporting bodies.
_OWNER = "coalesce(json_extract(data, '$.lead'), actor)"


def owner_of(deadline: dict) -> str | None:
    """The body a deadline's task belongs to: its `lead` when the record gives one, else its `actor`."""
    for name in ("lead", "actor"):
        if isinstance(deadline.get(name), str) and deadline[name].strip():
            return deadline[name]
    return None


def _relevant_owners(conn: sqlite3.Connection, unit: str | None) -> list[str] | None:
    """The owners whose deadlines may give `unit` a task: those naming it, and groups it may be a
    member of; None (every owner) without `unit`."""
    if not unit:
        return None
    wanted = body_key(unit)
    owners = [row[0] for row in conn.execute(f"SELECT DISTINCT {_OWNER} FROM deadlines WHERE kind = 'due'")
              if row[0]]
    return [owner for owner in owners
            if unit_matches(unit, body_key(owner)) or any(g.has_member(wanted) for g in groups_in(owner))]


def _deadline_rows(conn: sqlite3.Connection, owners: list[str] | None) -> list[sqlite3.Row]:
    query = f"SELECT document_id, ordinal, data FROM deadlines WHERE kind = 'due' AND {_OWNER} IS NOT NULL"
    if owners is None:
        return conn.execute(query + " ORDER BY document_id, ordinal").fetchall()
    rows = []
    for chunk in _chunks(owners):
        rows += conn.execute(f"{query} AND {_OWNER} IN ({','.join('?' * len(chunk))})", list(chunk)).fetchall()
    return sorted(rows, key=lambda row: (row["document_id"], row["ordinal"]))


def _requests(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Request]:
    found = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in conn.execute(f"{_REQUEST_QUERY} WHERE d.id IN ({','.join('?' * len(chunk))})", list(chunk)):
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
        for doc in conn.execute(f"SELECT id, key, code, name, issuer, date, record FROM documents"
                                f" WHERE id IN ({','.join('?' * len(chunk))})", list(chunk)):
            day = _day(doc["date"]) or _received_day(doc["record"])
            cite = citing[doc["id"]]
            answers.append(Answer(doc["id"], doc["code"] or doc["name"], doc["issuer"], doc["key"], day,
                                  cite["evidence"] or cite["text"]))
    return sorted(answers, key=lambda a: (a.day or LATEST, a.document_id))


def _only_one_with_number(conn: sqlite3.Connection, request: Request) -> bool:
    count = conn.execute("SELECT count(DISTINCT key) FROM documents WHERE code_key = ? AND (province IS ? OR"
                         " province IS NULL) AND (year IS ? OR year IS NULL)",
                         (request.code_key, request.province, request.year)).fetchone()[0]
    return count == 1


def _received_day(record: str) -> dt.date | None:
    """The received stamp's day, for an answer whose own date is not printed."""
    received = (json.loads(record).get("document") or {}).get("received")
    return _day(received.get("date")) if isinstance(received, dict) else None


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
        if anchor is None:
            return []
        days: deque[dt.date] = deque(maxlen=MAX_OCCURRENCES + 1)
        horizon = min(max(today, anchor) + dt.timedelta(days=800), LATEST)
        for day in iter_days(Due(source="", kind="due", text="", recurrence=recurrence, anchor=anchor), anchor, horizon):
            days.append(day)
            if day >= today:
                break
        starts = [None if len(days) <= MAX_OCCURRENCES else days[0], *list(days)[:-1]]
        pairs = list(zip(starts, days, strict=True))[-MAX_OCCURRENCES:]
        return [(start or anchor, day, "document") for start, day in pairs]
    day = _day(deadline.get("date"))
    if day:
        return [(request.date, day, "document")]
    return _relative_day(request, deadline.get("relative"), calendar)


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
    taken: set[int] = set()
    chosen: list[Answer | None] = []
    for index, (start, due) in enumerate(periods):
        free = [a for a in answers if a.document_id not in taken and (start is None or index == 0 or a.day > start)]
        own = [a for a in free if a.day <= due]
        pick = own[0] if own else None
        if pick is None and index + 1 < len(periods):
            following = [a for a in free if due < a.day <= periods[index + 1][1]]
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
    rows = _deadline_rows(conn, _relevant_owners(conn, unit))
    requests = _requests(conn, {row["document_id"] for row in rows})
    provinces, answer_cache = _Province(conn), {}
    found: list[Task] = []
    for row in rows:
        request = requests.get(row["document_id"])
        if request is None or (unit and not same_province(unit, request.province)):
            continue   # `Sở Y tế tỉnh Lâm Đồng` owes nothing to another province's requests
        if request.id not in answer_cache:
            answer_cache[request.id] = answers_to(conn, request)
        deadline = json.loads(row["data"])
        found += _tasks_of(request, deadline, answer_cache[request.id], provinces, today, calendar, unit)
    found = [t for t in found if not wanted or t.status in wanted]
    return sorted(found, key=lambda t: (STATUSES.index(t.status), t.due, t.unit, t.request_id))


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

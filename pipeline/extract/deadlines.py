"""Deadlines: the dates on the recipients' calendar, found by cue phrases around our own dates.

A date is a deadline only when a cue says so (`trước ngày`, `chậm nhất ngày`, `hết ngày`,
`hoàn thành trong quý II/2020`, `vào lúc 14 giờ 00, ngày ...` for a meeting); dates of cited
documents, of past events and of the document itself have no such cue, and a one-off date before
the document's own date is dropped. Recurring deadlines become RFC 5545 RRULEs
(`trước ngày 05 tháng 12 hàng năm` → `FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5`); relative ones
(`trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản`) are resolved against the date the
document was received when it is known, else kept relative. The cue tables live in
`data/deadline_cues.json`, each entry with examples and counter-examples that a test checks.

The grammar is split by meaning into modules imported one way: `deadlines_patterns` (the cue
tables, where a clause ends, the patterns that name bodies), `deadlines_actors` (who must act and
what: subjects, headings, labels), `deadlines_roles` (lead and support, a meeting's invitees, the
ORG-span fallback), `deadlines_recurrence` (weekly, monthly, periodic and relative rules) and
`deadlines_dated` (the cues before a date, the document's own date, the day a deadline falls on).
This module holds `Deadline`, reads each phrase's clause, actor and action (`_make`) and runs the
passes in order (`extract_deadlines`); the names other modules import (`extract_deadlines`,
`Deadline`, `document_date`, `CUES`, `cues`) are all here.

>>> from pipeline.read.text import Text
>>> s = "Các đơn vị gửi báo cáo về Khối trưởng trước ngày 30/12/2024."
>>> [(d.date, d.kind, d.text) for d in extract_deadlines(Text("a.txt", "txt", s, s, list(range(len(s) + 1))))]
[('2024-12-30', 'due', 'trước ngày 30/12/2024')]
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..read.text import Text
from . import anchored
from .dates import DateMention, find_dates
from .deadlines_actors import _action, _actor, _body_name
from .deadlines_dated import _NORMATIVE, _REPORT, _date_cue, _due_day, _excluded, _time_after, _time_before
from .deadlines_dated import document_date as document_date  # re-exported for pipeline.cli.deadlines
from .deadlines_patterns import (
    _CLAUSE_END,
    _CLAUSE_END_SOFT,
    _FLAGS,
    _LEAD,
    _ORG_HEAD,
    _VERBS,
    _clause,
    _Cues,
    _line_start,
    _tidy,
    cues,
)
from .deadlines_patterns import CUES as CUES  # re-exported for tests/test_deadlines.py
from .deadlines_patterns import _last_hard_end as _last_hard_end  # re-exported for tests/test_anchored.py
from .deadlines_recurrence import (
    _LEADING_BEFORE,
    _MONTHLY,
    _MONTHLY_ANCHOR,
    _MONTHLY_LEADING,
    _MONTHLY_LEADING_ANCHOR,
    _PERIODIC,
    _daily_matches,
    _relative_matches,
    _resolve,
    _rrule_for_unit,
    _weekly_matches,
)
from .deadlines_recurrence import _relative_anchor as _relative_anchor  # re-exported for tests
from .deadlines_recurrence import _weekly as _weekly  # re-exported for tests/test_anchored.py
from .deadlines_roles import (
    _invited,
    _invited_in_a_sentence,
    _item_roles,
    _names,
    _ner_actor,
    _without_remarks,
)
from .lines import flowing, soft_newlines
from .tasks import task_row


@dataclass(frozen=True)
class Deadline:
    """One deadline: `text[start:end] == text` in the normalised text of its document.

    `date` (ISO) for a one-off deadline, `recurrence` (an RRULE body) for a repeating one; both None
    for a relative deadline that could not be resolved (`relative` then says how it counts).
    `lead` and `support` are filled for task assignments (`Giao Sở Nội vụ chủ trì, phối hợp với ...`).
    """

    start: int
    end: int
    text: str
    kind: str
    date: str | None = None
    recurrence: str | None = None
    time: str | None = None
    actor: str | None = None
    action: str | None = None
    clause: str | None = None
    lead: str | None = None
    support: tuple[str, ...] = ()
    relative: dict | None = field(default=None, hash=False, compare=False)
    cue: str | None = None
    months: tuple[int, ...] = ()   # the months a quarterly rule falls in: (3, 6, 9, 12) for `tháng cuối quý`

    def to_json(self) -> dict:
        """The FORMAT.md object, with `start`, `end` and what else is known as extra keys."""
        out: dict[str, object] = {"date": self.date, "recurrence": self.recurrence, "kind": self.kind,
                                  "text": self.text, "actor": self.actor, "action": self.action}
        if self.time:
            out["time"] = self.time
        out["start"], out["end"] = self.start, self.end
        out["support"] = list(self.support)   # the co-operating bodies (phối hợp), for the secretariat
        if self.lead:
            out["lead"] = self.lead
        if self.relative:
            out["relative"] = dict(self.relative)
        if self.months:   # `FREQ=MONTHLY;INTERVAL=3` says every third month, these say which
            out["months"] = list(self.months)
        return out


# What the ORG spans propose is kept only when it reads as a body (`Sở ...`, `Tổ kiểm phiếu`), not a
# phrase that merely holds one (`đại biểu Hội đồng nhân dân với các nội dung nêu trên ...`).
_LOOKS_LIKE_BODY = re.compile(rf"(?:(?:Đại\s+diện|đại\s+diện)\s+)?{_ORG_HEAD}", re.IGNORECASE)
MAX_ACTOR = 120
_VERB_AFTER = re.compile(rf"\s+(?=(?-i:{_VERBS})\b)")   # `Tổ kiểm phiếu tiến hành kiểm phiếu`: the body ends


SENTENCE_REACH = 400   # how far before its clause the sentence of an assignment (`Giao X chủ trì`) is read


def _make(s: str, ends: re.Pattern, start: int, end: int, kind: str, ner, flow: str | None = None,
          issuer: str | None = None, addressees: str | None = None, **facts) -> Deadline:
    clause = _clause(s, ends, start, end)
    read = flow or s   # who acts is read with a PDF's wrapped lines joined; the rest keeps its lines
    actor = _actor(read, clause[0], start, (end, clause[1]), issuer)
    action = _action(s, clause, (start, end), actor)
    lead = support = None
    sentence = read[max(_line_start(read, clause[0]), clause[0] - SENTENCE_REACH):clause[1]]
    assignment = _LEAD.search(sentence)
    if assignment:
        lead = _tidy(assignment.group("lead"))
        support = _names(assignment.group("support"))
        actor = actor or lead
    if actor and lead is None:   # `- Đơn vị thực hiện: Sở A chủ trì, phối hợp với Sở B.` / `- Đơn vị phối hợp: ...`
        lead, support = _item_roles(s, clause, start, actor) or (lead, support)
    if kind == "event":   # a meeting's actor is who is invited
        actor = _invited(s, start) or _invited_in_a_sentence(s, start) or actor
    row = task_row(s, start)
    if row:   # a row of a task table: its `chủ trì` column leads, its `phối hợp` column helps
        actor, support, task = row   # (a remark in brackets, `Ban đề thi (theo QĐ)`, says how, not who)
        actor = lead = _without_remarks(actor).strip() or actor
        action = task or action   # what to do is the row's task, not the words by its day
    asked = addressees if kind != "event" else None
    if actor is None:
        found = _ner_actor(s, clause[0], start, ner)
        named = _body_name(_VERB_AFTER.split(found[0], maxsplit=1)[0]) if found else None
        # in a letter, a name nearby that the text does not say acts is no match for its addressees
        if found and named and _LOOKS_LIKE_BODY.match(named) and len(named) <= MAX_ACTOR and (found[3] or not asked):
            actor, lead, support = named, lead or found[1], support or found[2]
    if actor is None and asked:   # a letter's ask that names no one acting: to whom it is sent
        actor = asked
    return Deadline(start=start, end=end, text=s[start:end], kind=kind, actor=actor, action=action,
                    clause=_tidy(s[clause[0]:clause[1]]), lead=lead, support=support or (), **facts)


# --- the grammar ---------------------------------------------------------------------------------

class _Found:
    """The deadlines of one document as the passes find them, and the spans they take: a phrase that
    an earlier pass took is not read again."""

    def __init__(self, s: str, ends: re.Pattern, ner: Callable[[str], list[tuple[int, int]]] | None,
                 issuer: str | None = None, addressees: str | None = None) -> None:
        self.s, self.ends, self.ner, self.issuer, self.addressees = s, ends, ner, issuer, addressees
        self.flow = flowing(s) if ends is _CLAUSE_END_SOFT else None
        self.deadlines: list[Deadline] = []
        self.taken: list[tuple[int, int]] = []
        self.longest = 0

    def add(self, start: int, end: int, kind: str, **facts) -> None:
        """The deadline of the phrase `s[start:end]`, its clause, actor and action read by `_make`."""
        deadline = _make(self.s, self.ends, start, end, kind, self.ner, self.flow, self.issuer, self.addressees, **facts)
        self.deadlines.append(deadline)
        bisect.insort(self.taken, (deadline.start, deadline.end))
        self.longest = max(self.longest, deadline.end - deadline.start)

    def overlaps(self, a: int, b: int) -> bool:
        # only a phrase starting less than the longest phrase before `a` can reach into [a, b)
        lo = bisect.bisect_left(self.taken, (a - self.longest, -1))
        hi = bisect.bisect_left(self.taken, (b, -1))
        return any(a < e for _, e in self.taken[lo:hi])


def extract_deadlines(text: Text | str, received: str | dt.date | None = None, *,
                      ner: Callable[[str], list[tuple[int, int]]] | None = None,
                      workdays: Callable[[dt.date, int], dt.date] | None = None,
                      own_actor: str | None = None, issuer: str | None = None, addressees: str | None = None) -> list[Deadline]:
    """The deadlines of one document, in text order.

    `received` is the date the document arrived (the `received` stamp, or the ingest date): relative
    deadlines counted `kể từ ngày nhận được văn bản` are resolved against it; without it they keep
    `date=None` and say how they count in `relative`.

    `ner(text) -> [(start, end)]` gives the ORG spans of a text (by rule or by a trained NER), for a
    deadline whose actor the grammar did not find; `workdays(day, n)` is `n` working days after
    `day`, for `N ngày làm việc`. Without them: the rules alone, and working days left unresolved. `pipeline.record` passes congvan's own.
    `own_actor` is who does a task the document gives to no one: a plan's own issuer. `issuer` is
    the document's issuer, whatever its kind: a report's `Sở`, `Trung tâm` as a subject is that body.
    `addressees` are those a letter is sent to (`Kính gửi: Giám đốc các sở, ...; Chủ tịch UBND các
    huyện`): a letter's ask that names no subject (`đề nghị gửi về Sở Kế hoạch và Đầu tư ... trước
    ngày 15 tháng 02 năm 2012`) is theirs, before any name the ORG fallback finds near it (there,
    the address the report goes to).
    """
    s = text.text if isinstance(text, Text) else text
    if isinstance(received, str):
        try:
            received = dt.date.fromisoformat(received[:10])
        except ValueError:
            received = None
    c = cues()
    doc_year, doc_day = document_date(s)
    # OCR keeps a scan's printed lines: its line ends are judged one by one, as a PDF's are
    scanned = isinstance(text, Text) and bool(text.ocr_pages)
    ends = _CLAUSE_END_SOFT if scanned or soft_newlines(s) else _CLAUSE_END
    normative = bool(_NORMATIVE.search(s[:3000]))
    report = bool(_REPORT.search(s[:3000]))
    mentions = find_dates(s)
    found = _Found(s, ends, ner, issuer, addressees)
    _recurring(found, c)
    _daily(found)
    _dated(found, c, mentions, doc_year, doc_day, normative, report)
    _periodic(found, c)
    _relative(found, c, received, workdays)
    deadlines = found.deadlines
    deadlines.sort(key=lambda d: d.start)
    if own_actor:   # a plan's task that names no body is its issuer's own (`Tổ chức hội nghị ... trước ngày ...`)
        deadlines = [d if d.actor else dataclasses.replace(d, actor=own_actor) for d in deadlines]
    return deadlines


def _recurring(found: _Found, c: _Cues) -> None:
    """1. weekly and monthly rules: `vào thứ Sáu hàng tuần`, `trước ngày 20 hằng tháng`, `tháng cuối quý`"""
    s = found.s
    monthly = anchored.finditer(_MONTHLY, s, _MONTHLY_ANCHOR, anchored.WORDS_AND_SPACES)
    leading = anchored.finditer(_MONTHLY_LEADING, s, _MONTHLY_LEADING_ANCHOR, _LEADING_BEFORE)
    for match in list(_weekly_matches(s)) + list(monthly) + list(leading):
        if found.overlaps(match.start(), match.end()):
            continue
        if "d" in match.groupdict() and match.groupdict().get("d") is not None:
            day = int(match.group("d"))
            if not 1 <= day <= 31:
                continue
            months: tuple[int, ...] = ()
            if match.groupdict().get("which"):   # quarterly, as ANNOTATION.md writes it; `months` says which
                months = (3, 6, 9, 12) if match.group("which").lower() == "cuối" else (1, 4, 7, 10)
                rule = f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={day}"
            else:
                rule = f"FREQ=MONTHLY;BYMONTHDAY={day}"
            time = None
        else:
            code = c.weekdays["chủ nhật"] if match.group("sun") else c.weekdays[match.group("day").lower()]
            rule, months = f"FREQ=WEEKLY;BYDAY={code}", ()
            time_match = match.group("time")
            time = None
            if time_match:
                parsed = find_dates(time_match, kinds=("time",))
                time = parsed[0].value if parsed else None
        start = match.start()
        # take a `Định kỳ` right before into the phrase
        lead = re.search(r"định\s+kỳ\s*,?\s*$", s[max(0, start - 20):start], _FLAGS)
        if lead:
            start = start - (len(s[max(0, start - 20):start]) - lead.start())
        found.add(start, match.end(), "due", recurrence=rule, time=time, cue="recurring", months=months)


# A plan is signed some days after it was drafted, and keeps its first steps' days: `Thời gian hoàn tất:
# trước ngày 27 tháng 6 năm 2014` in a plan of 28/6/2014 is still owed; a report's past days are facts
DRAFT_GRACE = dt.timedelta(days=7)


def _dated(found: _Found, c: _Cues, mentions: list[DateMention], doc_year: int | None, doc_day: dt.date | None,
           normative: bool, report: bool) -> None:
    """2. dated deadlines: a cue right before a date, month or quarter"""
    s = found.s
    for i, mention in enumerate(mentions):
        if mention.kind in ("time", "year") or found.overlaps(mention.start, mention.end):
            continue
        if mention.kind == "date" and mention.day is None:
            continue  # a draft's blank date is the document's own
        time_mention = _time_before(s, mentions, i)
        head = time_mention.start if time_mention else mention.start
        clause = _clause(s, found.ends, head, mention.end)
        left = s[max(clause[0], head - 160):head]
        cued = _date_cue(s, c, mentions, i, time_mention, clause, left)
        if cued is None:
            continue
        name, kind, cue, header_year = cued
        if time_mention is None:
            time_mention = _time_after(s, mentions, i)
        start = head - (len(left) - cue.start()) if cue else head
        end = mention.end
        if time_mention and time_mention.start > mention.end:
            end = time_mention.end
        if _excluded(s, start, end, name, clause, normative):
            continue
        if report and name == "range_end":
            continue
        time = time_mention.value if time_mention else None
        if kind == "due" and time and name == "time":
            kind = "event"
        grace = DRAFT_GRACE if kind == "due" and not report else dt.timedelta(0)
        due = _due_day(s, clause, mention, end, header_year, doc_year, doc_day, grace)
        if due is None:
            continue
        date, recurrence, end = due
        if kind == "event" and date and (listed := _FIRST_OF_DAYS.search(left)):
            date = _first_listed_day(date, int(listed.group("day")))
        found.add(start, end, kind, date=date, recurrence=recurrence, time=time, cue=name)


# an event over a list of days of one month (`Dự kiến ngày 04 và 05/10/2012`): it begins on the first
_FIRST_OF_DAYS = re.compile(r"(?<![\w/])ngày\s+(?P<day>[0-3]?\d)\s*(?:,|và)\s*(?:[0-3]?\d\s*(?:,|và)\s*)*$", re.IGNORECASE)


def _first_listed_day(date: str, day: int) -> str:
    """`date` (ISO) moved back to `day` of its month, when that day is earlier and exists.

    >>> _first_listed_day("2012-10-05", 4), _first_listed_day("2012-10-05", 7)
    ('2012-10-04', '2012-10-05')
    """
    try:
        first = dt.date.fromisoformat(date).replace(day=day)
    except ValueError:
        return date
    return first.isoformat() if first.isoformat() < date else date


def _daily(found: _Found) -> None:
    """1b. daily reports at an hour: `báo cáo ... trước 15 giờ hằng ngày`"""
    for match in _daily_matches(found.s):
        if found.overlaps(match.start(), match.end()):
            continue
        parsed = find_dates(match.group("time"), kinds=("time",))
        found.add(match.start(), match.end(), "due", recurrence="FREQ=DAILY",
                  time=parsed[0].value if parsed else None, cue="recurring")


def _periodic(found: _Found, c: _Cues) -> None:
    """3. periodic with no date: `Định kỳ hàng tháng công khai ...` (a reporting verb must follow)"""
    s = found.s
    for match in _PERIODIC.finditer(s):
        clause = _clause(s, found.ends, match.start(), match.end())
        if found.overlaps(*clause):
            continue  # the same sentence already gave a dated rule
        # a duty's words may come first: `định kỳ hằng tháng có trách nhiệm rà soát, ...`
        follow = s[match.end():match.end() + 80]
        if not re.match(rf"\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:và\s+\w+\s+)?(?:(?:có|chịu)\s+trách\s+nhiệm\s+)?"
                        rf"(?:\w+\s+){{0,2}}?{c.report_verbs}\b", follow, _FLAGS):
            continue
        rule = _rrule_for_unit(re.sub(r"^(?:hàng|hằng|mỗi)\s+", "", match.group("unit"), flags=_FLAGS))
        if rule:
            found.add(match.start(), match.end(), "due", recurrence=rule, cue="periodic")


def _relative(found: _Found, c: _Cues, received: dt.date | None,
              workdays: Callable[[dt.date, int], dt.date] | None) -> None:
    """4. relative: `trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản`"""
    s = found.s
    for match in _relative_matches(c, s):
        if found.overlaps(match.start(), match.end()):
            continue
        origin = match.group("from")
        anchor = "receipt" if c.receipt.search(origin) else "issue" if c.issue.search(origin[:40]) else "event"
        unit = re.sub(r"\s+", " ", match.group("unit").lower())
        amount = int(match.group("n"))
        counted = {"ngày làm việc": "working_day", "ngày": "day", "tháng": "month", "tuần": "week"}[unit]
        relative: dict[str, object] = {"amount": amount, "unit": counted, "from": anchor}
        # The resolved day goes in `relative`, not `date`: `date` holds what the text prints,
        # while calendars and reminders use `relative["date"]`.
        if anchor == "receipt" and received:
            resolved = _resolve(received, amount, counted, workdays)
            if resolved is not None:
                relative["date"] = resolved.isoformat()
                relative["resolved_from"] = received.isoformat()
        end = match.end("from")
        phrase_end = re.match(r"[^,(]*", s[match.start("from"):end])
        assert phrase_end is not None  # `[^,(]*` matches any string, the empty one too
        end = match.start("from") + len(phrase_end.group().rstrip())
        found.add(match.start(), end, "due", date=None, relative=relative, cue="relative")

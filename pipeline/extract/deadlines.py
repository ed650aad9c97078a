"""Deadlines: the dates on the recipients' calendar, found by cue phrases around our own dates.

A date is a deadline only when a cue says so (`trước ngày`, `chậm nhất ngày`, `hết ngày`,
`hoàn thành trong quý II/2020`, `vào lúc 14 giờ 00, ngày ...` for a meeting); dates of cited
documents, of past events and of the document itself have no such cue, and a one-off date before
the document's own date is dropped. Recurring deadlines become RFC 5545 RRULEs
(`trước ngày 05 tháng 12 hàng năm` → `FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5`); relative ones
(`trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản`) are resolved against the date the
document was received when it is known, else kept relative. The cue tables live in
`data/deadline_cues.json`, each entry with examples and counter-examples that a test checks.

>>> from pipeline.read.text import Text
>>> s = "Các đơn vị gửi báo cáo về Khối trưởng trước ngày 30/12/2024."
>>> [(d.date, d.kind, d.text) for d in extract_deadlines(Text("a.txt", "txt", s, s, list(range(len(s) + 1))))]
[('2024-12-30', 'due', 'trước ngày 30/12/2024')]
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..read.text import Text
from . import anchored
from .dates import DateMention, find_dates
from .tasks import CELL, row_roles, schedule_year

CUES = Path(__file__).resolve().parents[1] / "data" / "deadline_cues.json"
_DATE_LIKE = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
_FLAGS = re.IGNORECASE


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
        return out


# --- the cue tables ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cues:
    before: tuple[tuple[str, str, re.Pattern, str | None], ...]
    meeting: re.Pattern
    yearly: re.Pattern
    units: dict
    weekdays: dict
    report_verbs: str
    relative: re.Pattern
    receipt: re.Pattern
    issue: re.Pattern


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The compiled cue tables of `data/deadline_cues.json` (compiled once)."""
    data = json.loads(CUES.read_text(encoding="utf-8"))
    before = tuple(
        (c["name"], c["kind"], re.compile("(?:" + c["pattern"].replace("@DATE", _DATE_LIKE) + r")$", _FLAGS),
         c.get("needs"))
        for c in data["before"])
    rec, rel = data["recurring"], data["relative"]
    return _Cues(
        before=before,
        meeting=re.compile(data["meeting"], _FLAGS),
        yearly=re.compile(rec["yearly"], _FLAGS),
        units=rec["units"],
        weekdays=rec["weekdays"],
        report_verbs=rec["report_verbs"],
        relative=re.compile(rel["pattern"], _FLAGS),
        receipt=re.compile(rel["receipt"], _FLAGS),
        issue=re.compile(rel["issue"], _FLAGS),
    )


# --- clauses, actors, actions --------------------------------------------------------------------

# A clause ends at a full stop (not one inside a number or an abbreviation), a semicolon, a line end.
# PDF text layers wrap lines inside sentences: there a line end closes a clause only before a list
# marker or after a colon (`soft` mode, chosen per document by `_soft_newlines`).
_CLAUSE_END = re.compile(r"[;\n]|(?<![\d.A-ZĐ])\.(?!\d)|\.(?=\s|$)")
_CLAUSE_END_SOFT = re.compile(
    r";|(?<![\d.A-ZĐ])\.(?!\d)|\.(?=\s|$)|\n\s*\n|(?<=:)\s*\n"
    r"|\n(?=\s*(?:[-+•*–]|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVX]+\.\s|Điều\s+\d))")
# a line end between a letter that ends no sentence and a lower-case one; it opens with the `\n` so
# that the engine jumps from line end to line end (a leading class was tried at every character)
_WRAPPED = re.compile(r"\n(?<=[^.;:!?\s)]\n)(?=[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ])")


def _soft_newlines(s: str) -> bool:
    """Whether line ends in `s` are mostly wraps inside sentences (a PDF text layer) rather than paragraphs."""
    lines = s.count("\n") or 1
    return len(_WRAPPED.findall(s)) / lines > 0.15

_ORG_HEAD = (r"(?:các\s+|cơ\s+quan\s+)?(?:đồng\s+chí\s+)?(?:Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Người\s+đứng\s+đầu|Lãnh\s+đạo|"
             r"Ủy\s+ban|UBND|Sở|Bộ|Ban|Văn\s+phòng|Phòng|Công\s+an|Hội|Hiệp\s+hội|Đoàn|Trung\s+tâm|Cục|Tổng\s+cục|"
             r"Vụ|Thanh\s+tra|Kho\s+bạc|Bảo\s+hiểm|Ngân\s+hàng|Công\s+ty|Liên\s+đoàn|Mặt\s+trận|MTTQ|Đảng\s+ủy|"
             r"Thường\s+trực|Tỉnh\s+đoàn|Cơ\s+quan|Đơn\s+vị|Trưởng|Hội\s+đồng|Đại\s+biểu|Thành\s+viên|Quỹ|Viện|"
             r"Trường|Bệnh\s+viện|Cảnh\s+sát|Bộ\s+Chỉ\s+huy|Tòa\s+án|Viện\s+kiểm\s+sát|Khối|Cụm|Tập\s+đoàn|"
             r"đơn\s+vị|cơ\s+quan|sở|ban|ngành|địa\s+phương|hội|Tổ|Nhà\s+trường|Huyện|Xã|Phường|Nhà\s+đầu\s+tư|Chủ\s+đầu\s+tư)"
             # a whole word, and not the verb `tổ chức` (organise), `Hội nghị` (a meeting), `Trường hợp` (a case)
             r"(?![\w])(?<!Tổ(?=\s+chức\s+(?!chính\s+trị|đoàn\s+thể|xã\s+hội|Công\s+đoàn)))"
             r"(?<!Hội(?=\s+nghị|\s+thảo))(?<!Trường(?=\s+hợp))(?<!Ban(?=\s+hành))(?<!Đoàn(?=\s+kết))"
             r"(?<!Phòng(?=\s+chống|\s+ngừa))(?<!Vụ(?=\s+việc|\s+án))(?<!Khối(?=\s+lượng))(?<!Cụm(?=\s+từ))")
_VERBS = (r"(?:chủ\s+trì|chủ\s+động|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|khẩn\s+trương|tổ\s+chức|triển\s+khai|"
          r"thực\s+hiện|xây\s+dựng|báo\s+cáo|gửi|hoàn\s+thành|rà\s+soát|tham\s+mưu|nghiên\s+cứu|chỉ\s+đạo|"
          r"hướng\s+dẫn|nghiêm\s+túc|tiếp\s+tục|tăng\s+cường|căn\s+cứ|theo\s+dõi|đôn\s+đốc|kiểm\s+tra|"
          r"tập\s+trung|ban\s+hành|lập|cung\s+cấp|cử|đăng\s+ký|xác\s+nhận|tổng\s+hợp|phải|cần|nộp|đề\s+xuất|"
          r"có\s+ý\s+kiến|góp\s+ý|trình|quán\s+triệt|kết\s+thúc|bảo\s+đảm|đảm\s+bảo|chuẩn\s+bị|lựa\s+chọn|"
          r"đánh\s+giá|giải\s+quyết|dự(?!\s+(?:án|toán|thảo|báo|trữ|bị))|(?:ra\s+)?quyết\s+định|tham\s+dự|sắp\s+xếp|công\s+khai|duy\s+trì|hoàn\s+thiện|kiện\s+toàn|"
          r"giám\s+sát|vận\s+động|phổ\s+biến|lấy\s+ý\s+kiến|tiếp\s+nhận|phân\s+công|bố\s+trí|cập\s+nhật|"
          r"phát\s+động|xem\s+xét|bàn\s+giao|niêm\s+yết|công\s+bố|tiến\s+hành|trân\s+trọng|kính\s+mời|mời|"
          r"quan\s+tâm|có\s+văn\s+bản|trên\s+cơ\s+sở|"
          r"được|đã|sẽ|để|trước|chậm\s+nhất|vào|định\s+kỳ|trong\s+thời\s+hạn)")
_LEAD_IN = r"(?:[-+•*–]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]?\s+|[IVX]+\.\s*)?"
# `Đối với Nhà đầu tư Dự án X: Khẩn trương nộp ...` names the actor too, when a task follows its colon
# (`Đối với công ty ...: Phòng Đăng ký kinh doanh ra thông báo` says whom a rule is for, not who acts)
_ACTOR_AT_START = re.compile(   # used with .match(s, clause_start): no `^`, which would hold only at a line start
    rf"{_LEAD_IN}(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+|Ủy\s+quyền\s+(?:cho\s+)?|(?P<regarding>Đối\s+với\s+))?"
    rf"(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*(?(regarding):\s*(?={_VERBS}\b)|(?::|,?\s+(?=(?-i:{_VERBS})\b)))", re.IGNORECASE)
_REQUEST = re.compile(rf"(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+)(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)"
                      rf"\s*,?\s+(?=(?-i:{_VERBS})\b)", re.IGNORECASE)
_SUBJECT = re.compile(rf"(?:(?<=[,.;:]\s)|(?<=\n)|(?<=^))(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+)?"
                      rf"(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*,?\s+(?=(?-i:{_VERBS})\b)", re.IGNORECASE)
# A list item's heading names who acts on what follows: `2. Sở Tài chính:`, `1. Giao UBND các xã: Đức
# Trọng, Hiệp Thạnh:` (the names after the colon are part of the actor), `8. Các sở, ban, ngành; UBND
# các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan` (bodies parted by semicolons)
_HEADING = re.compile(rf"^{_LEAD_IN}(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+)?"
                      rf"(?P<actor>{_ORG_HEAD}[^.\n]{{0,140}}?)\s*:?\s*$", re.IGNORECASE)
_LEAD = re.compile(rf"(?:Giao\s+(?:cho\s+)?)(?P<lead>{_ORG_HEAD}[^:;.\n]{{0,120}}?)\s+chủ\s+trì"
                   rf"(?:\s*,?\s*phối\s+hợp\s+(?:với\s+)?(?P<support>[^:;.\n]{{3,200}}?))?(?=\s+(?-i:{_VERBS})\b|[:;.\n]|$)",
                   re.IGNORECASE)


def _clause(s: str, ends: re.Pattern, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from the last clause end before it to the next one after it."""
    pattern = ends
    lo = max(0, start - 400)
    left = lo
    if pattern is _CLAUSE_END:
        left = _last_hard_end(s, lo, start)
    else:
        for match in pattern.finditer(s, lo, start):
            left = match.end()
    right_match = pattern.search(s, end, min(len(s), end + 400))
    right = right_match.start() if right_match else min(len(s), end + 400)
    while left < start and s[left].isspace():
        left += 1
    return left, right


def _last_hard_end(s: str, lo: int, start: int) -> int:
    """The end of the last `_CLAUSE_END` match in s[lo:start] (else `lo`), read backwards: its
    matches are single characters, so the last is the last `;`, line end or full stop that matches
    where it stands (a forward scan of the 400 characters cost more than the rest of `_clause`)."""
    hard = max(s.rfind(";", lo, start), s.rfind("\n", lo, start))
    stop = max(lo, hard + 1)
    dot = start
    while (dot := s.rfind(".", stop, dot)) >= 0:
        if _CLAUSE_END.match(s, dot, start):
            return dot + 1
    return hard + 1 if hard >= 0 else lo


def _line_start(s: str, offset: int) -> int:
    return s.rfind("\n", 0, offset) + 1


def _tidy(phrase: str | None) -> str | None:
    if not phrase:
        return None
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–()")
    phrase = re.sub(r"^(?:và|để|thì|đồng\s+thời)\s+", "", phrase, flags=re.IGNORECASE)
    return phrase or None


# A body's name ends with its place: `... MTTQ phường` or `... xã Lương Minh`; a lower-case word
# after it (not `và`, `có liên quan`...) begins what the body does (`giám sát việc thành lập`).
# OCR's noise (`VĂN PHÒNG CHÍNH PHỦ S)Ä|`): a table rule, a letter no Vietnamese name holds
_NOISE = re.compile(r"[|§£¥€]|[^\W\d_](?<![A-Za-zÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ])")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w-]*)")
_PLACE_KIND = re.compile(r"(?<![\w])(?:xã|phường|tỉnh|huyện|quận|thị\s+xã|thành\s+phố|đặc\s+khu)(?![\w])")
_STILL_NAME = re.compile(r"(?:và|hoặc|có\s+liên|liên\s+quan|trực\s+thuộc|thuộc|các|xã|phường|huyện|tỉnh|quận|thị\s+xã|"
                         r"thành\s+phố|đặc\s+khu|cấp|nơi|đã\s+sáp|mới|cũ)(?![\w])")


# Names of bodies are capitalised (`Tổ công tác`, `Hội Nông dân`); in lower case these words are
# a place or a common noun (`tổ dân phố`, `hội của tỉnh`), and a head word alone names no one.
_LOWER_NOT_BODY = re.compile(r"(?:tổ|hội|trường|phòng|vụ|khối|cụm|quỹ|viện|đoàn|cục|kho|nhà|huyện|xã|phường|bộ|đại\s+biểu)\s"
                             r"|Bộ\s+(?:chỉ\s+số|tiêu\s+chí|hồ\s+sơ|công\s+cụ|câu\s+hỏi|luật)\b")
_BARE_HEADS = {"cơ quan", "đơn vị", "trung tâm", "sở", "ban", "hội", "bộ", "phòng", "tổ", "đoàn", "cục", "ngành"}


# `Chủ tịch UBND tỉnh giao Sở Nội vụ nghiên cứu ...`, `Sở Tư pháp đề nghị Sở Nội vụ cho ý kiến`:
# who is asked acts, not who asks
_ASKS = re.compile(rf"\s(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|ủy\s+quyền(?:\s+cho)?)\s+(?={_ORG_HEAD})", re.IGNORECASE)


def _addressee(phrase: str | None) -> str | None:
    """The body a subject phrase asks to act (`X giao Y` gives Y), else the phrase."""
    if not phrase:
        return phrase
    asks = list(_ASKS.finditer(phrase))
    return phrase[asks[-1].end():] if asks else phrase


# A name after a comma that starts in lower case without `các` continues a list (`hướng dẫn các
# cơ quan, đơn vị, địa phương thực hiện`): it is no subject of its own.
_LIST_TAIL = re.compile(r"(?-i:[a-zđà-ỹ])(?!ác\s)")
# A name inside the co-operating list of an assignment (`X chủ trì, phối hợp với Sở A, Sở B và các
# đơn vị liên quan, khẩn trương ...`) supports; it does not lead.
_SUPPORT_BEFORE = re.compile(r"phối\s+hợp(?:\s+(?:với|cùng))?\s(?P<names>[^;:.\n]*)$", re.IGNORECASE)
_VERB_WORD = re.compile(rf"(?<![\w])(?-i:{_VERBS})(?![\w])")


def _wrapped_object(s: str, at: int) -> bool:
    """Whether a name at a line start `at` is the object of the line before (`... báo cáo\nBan Bí thư`)."""
    if not at or s[at - 1] != "\n":
        return False
    before = s[max(0, at - 40):at].rstrip()
    return bool(before) and before[-1] not in ".;:!?" and _NOT_ACTOR_BEFORE.search(before) is not None


def _is_subject(s: str, match: re.Match, lo: int) -> bool:
    """Whether a `_SUBJECT` match is a clause's subject, not a list's tail or a supporting unit."""
    start = match.start()
    if start >= 2 and s[start - 2] == "," and start == match.start("actor") and _LIST_TAIL.match(s, start):
        return False
    if _wrapped_object(s, start):
        return False
    support = _SUPPORT_BEFORE.search(s, max(lo, start - 300), start)
    return not (support and not _VERB_WORD.search(support.group("names")))


def _body_name(phrase: str | None) -> str | None:
    """An actor phrase cut where the body's name ends (after its place, before a verb); None when
    it names no body."""
    phrase = _tidy(phrase)
    if not phrase or _LOWER_NOT_BODY.match(phrase) or phrase.casefold() in _BARE_HEADS or _NOISE.search(phrase):
        return None
    for place in _PLACE_KIND.finditer(phrase):
        end = place.end()
        # the place's own capitalised words (`tỉnh Lâm Đồng`); a comma ends them (`tỉnh, Sở Tư pháp`)
        while (word := _NEXT_WORD.match(phrase, end)) and word.group(1)[:1].isupper():
            end = word.end()
        rest = phrase[end:].lstrip()
        if rest and rest[0].islower() and not _STILL_NAME.match(rest):
            return phrase[:end]
    return phrase


# A task item's label for who leads it; a `phối hợp` label names only who helps.
_LEAD_LABEL = re.compile(r"[ \t]*[-+•*–]?[ \t]*(?:(?:Đơn[ \t]+vị|Cơ[ \t]+quan)(?:[ \t]+chủ[ \t]+trì)?(?:[ \t]+thực[ \t]+hiện)?|"
                         r"Chủ[ \t]+trì(?:[ \t]+thực[ \t]+hiện)?|Trách[ \t]+nhiệm[ \t]+thực[ \t]+hiện)[ \t]*:[ \t]*(?P<actor>\S.*)",
                         re.IGNORECASE)
PARAGRAPH_REACH = 1_500   # how far back in its paragraph a deadline's subject is looked for
_RECURRING_LEAD = re.compile(r"(?:định\s+kỳ|hằng|hàng|mỗi)\s", re.IGNORECASE)


def _actor(s: str, clause_start: int, anchor: int, after: tuple[int, int] | None = None) -> str | None:
    """Who must act: the clause's subject, a subject earlier in the clause or paragraph (`Căn cứ ...,
    Thủ trưởng các cơ quan ... triển khai thực hiện. Định kỳ ... báo cáo`), a `Giao/Đề nghị X`, else the
    nearest heading above (`1. Các cơ quan, đơn vị, địa phương`, `- Sở Nội vụ:`, `a) Bộ Nội vụ:`).
    The first of these that names a body wins."""
    candidates = _actor_candidates(s, clause_start, anchor, after)
    return next((name for name in (_body_name(_addressee(c)) for c in candidates) if name), None)


def _actor_candidates(s: str, clause_start: int, anchor: int, after: tuple[int, int] | None = None):
    """The phrases that may name the actor, nearest and strongest first."""
    paragraph_start = s.rfind("\n", 0, clause_start) + 1
    # a recurring deadline's own first words may follow the subject (`... địa phương định kỳ hằng tuần`)
    peek = min(len(s), anchor + 30) if _RECURRING_LEAD.match(s, anchor) else anchor
    match = _ACTOR_AT_START.match(s, clause_start, peek)
    if match and match.end("actor") <= anchor and not _wrapped_object(s, clause_start):
        yield match.group("actor")
    # a paragraph's subject is read within reach: a text without line ends is one paragraph
    for lo, hi in ((clause_start, anchor), (max(paragraph_start, clause_start - PARAGRAPH_REACH), clause_start)):
        subjects = [m for m in _SUBJECT.finditer(s, lo, hi) if _is_subject(s, m, lo)]
        if subjects:
            yield subjects[-1].group("actor")
    match = _ACTOR_AT_START.match(s, paragraph_start, anchor)
    if match and not _wrapped_object(s, paragraph_start):
        yield match.group("actor")
    if after:   # the deadline first, its subject next: `Định kỳ hằng tháng, trước ngày 20, Sở Tài chính báo cáo`
        subject = next((m for m in _SUBJECT.finditer(s, *after) if _is_subject(s, m, after[0])), None)
        if subject:
            yield subject.group("actor")
    below = _label_below(s, clause_start)
    if below:   # `- Thời gian: ...` then `- Đơn vị chủ trì: ...` in the same item
        yield below
    own = _marker_kind(s, paragraph_start)
    line_end = paragraph_start - 1
    for _ in range(40):
        if line_end <= 0:
            break
        line_start = s.rfind("\n", 0, line_end) + 1
        line = s[line_start:line_end]
        if own and _marker_kind(s, line_start) == own:
            line_end = line_start - 1   # a sibling item (`3. Cơ quan X có trách nhiệm ...` above `5. Định kỳ ...`)
            continue                    # is another task: only a heading above the list leads this one
        labelled = _LEAD_LABEL.match(line)
        if labelled:   # `- Đơn vị chủ trì thực hiện: Sở Nội vụ.` above `- Thời gian hoàn thành: ...`
            yield _LEAD_CUT.split(labelled.group("actor"), maxsplit=1)[0]
            return
        if len(line) <= 160:
            heading = _HEADING.match(line.strip())
            if heading and not heading.group("actor").isupper() and _bodies_only(heading.group("actor")):
                # `Ban Thường trực ... xã Lương Minh xây dựng kế hoạch ... như sau:`: the subject only
                subject = _SUBJECT.match(line.strip())
                # `a) Bộ Y tế chủ trì, phối hợp chặt chẽ với các bộ, cơ quan liên quan:`: who leads
                yield _LEAD_CUT.split((subject or heading).group("actor"), maxsplit=1)[0]
                return
            if _ITEM_START.match(line) and (head := _ACTOR_AT_START.match(line)):
                yield head.group("actor")   # `3. Các Bộ, cơ quan, địa phương dự Hội nghị ...; cử ...`
                return
        elif head := _ACTOR_AT_START.match(line):
            yield head.group("actor")
            return
        if line.rstrip().endswith(":"):   # the lead-in of a list: `..., UBND tỉnh giao Sở Nội vụ chủ trì, ... các nội dung sau:`
            lead = _LEAD.search(line)
            request = lead or _REQUEST.search(line)
            if request:
                yield request.group("lead" if lead else "actor")
                return
        line_end = line_start - 1


_BODY_START = re.compile(rf"\s*{_ORG_HEAD}", re.IGNORECASE)
_VERB_IN = re.compile(rf"\s(?-i:{_VERBS})\b", re.IGNORECASE)


def _bodies_only(heading: str) -> bool:
    """Whether a heading with semicolons is a list of bodies (`Các sở, ban, ngành; UBND các xã`),
    each part a body's name with no verb, rather than a sentence (`... theo quy định; hướng dẫn ...`)."""
    if ";" not in heading:
        return True
    return all(_BODY_START.match(part) and not _VERB_IN.search(part) for part in heading.split(";"))


_DASH_ITEM = re.compile(r"[ \t]*[-+•*–]")
_MARKERS = re.compile(r"[ \t]*(?:(?P<number>\d+\.)(?!\d)|(?P<paren>\d+\))|(?P<letter>[a-zđ]\))|(?P<bracketed>\(\d+\)))[ \t]")
# a task's property line (`b) Thời gian hoàn thành: ...`) belongs to the item above it, not beside it
_PROPERTY = re.compile(r"[ \t]*\S+[ \t]+(?:Thời[ \t]+gian|Thời[ \t]+hạn|Tiến[ \t]+độ|Hoàn[ \t]+thành)[^:\n]{0,40}:", re.IGNORECASE)


def _marker_kind(s: str, line_start: int) -> str | None:
    """The kind of list marker opening the line at `line_start` (`5.`, `3)`, `b)`, `(2)`), or None;
    None too for a property line of a task."""
    marker = _MARKERS.match(s, line_start)
    if not marker or _PROPERTY.match(s, line_start):
        return None
    return marker.lastgroup


_LED_BY = re.compile(r"\s+chủ\s+trì\b\s*,?\s*(?:phối\s+hợp\s+(?:với\s+)?(?P<support>[^:;.\n]{3,200}))?", re.IGNORECASE)
_SUPPORT_LINE = re.compile(r"[ \t]*[-+•*–]?[ \t]*(?:Đơn[ \t]+vị|Cơ[ \t]+quan)[ \t]+phối[ \t]+hợp(?:[ \t]+thực[ \t]+hiện)?[ \t]*:"
                           r"[ \t]*(?P<support>[^\n]+)", re.IGNORECASE)


def _names(phrase: str | None, between: str = r";\s*|,\s*|\s+và\s+") -> tuple[str, ...]:
    return tuple(p for p in (_tidy(x.strip().rstrip(".")) for x in re.split(between, phrase or "")) if p)


def _item_roles(s: str, clause: tuple[int, int], anchor: int, actor: str) -> tuple[str | None, tuple[str, ...]] | None:
    """(lead, support) from the deadline's own task item: the actor followed by `chủ trì` (and
    `phối hợp với ...`), or a `Đơn vị phối hợp:` line; None when the item says neither."""
    lo = max(_ner_window(s, clause[0], anchor), anchor - ITEM_REACH)
    line_end = s.find("\n", clause[1], clause[1] + ITEM_REACH)   # an item's line, within reach
    hi = min(len(s), clause[1] + ITEM_REACH) if line_end < 0 else line_end
    below = list(_dash_lines_below(s, clause[1], ITEM_REACH))
    hi = below[-1][1] if below else hi
    item = s[lo:hi]
    at = item.find(actor)
    led = _LED_BY.match(item, at + len(actor)) if at >= 0 else None
    helpers = _SUPPORT_LINE.search(item)
    if not led and not helpers:
        return None
    if led and led.group("support"):   # `phối hợp với Sở A, Sở B và ...`: one body per name
        return actor, _names(led.group("support"))
    # a label's value lists groups whose names hold commas (`Các sở, ban, ngành; UBND các xã, phường`)
    return (actor if led else None), _names(helpers.group("support") if helpers else None, r";\s*")


ITEM_REACH = 600   # how far a task item's line, and each dash line below it, is read


def _dash_lines_below(s: str, at: int, reach: int = 2_000):
    """(start, end) of the dash lines (`- ...`) right below the line holding `at`: at most six, each
    read within ITEM_REACH, so that one long line is never read to its end for every deadline."""
    line_end = s.find("\n", at, at + reach)
    for _ in range(6):
        if line_end < 0:
            return
        next_end = s.find("\n", line_end + 1, line_end + ITEM_REACH)
        end = next_end if next_end >= 0 else min(len(s), line_end + ITEM_REACH)
        if not _DASH_ITEM.match(s, line_end + 1, end):
            return
        yield line_end + 1, end
        line_end = next_end


def _label_below(s: str, clause_start: int) -> str | None:
    """The lead label among the dash lines that follow the deadline's line in its item."""
    for start, end in _dash_lines_below(s, clause_start):
        labelled = _LEAD_LABEL.match(s, start, end)
        if labelled:
            return _LEAD_CUT.split(labelled.group("actor"), maxsplit=1)[0]
    return None


def _action(s: str, clause: tuple[int, int], phrase: tuple[int, int], actor: str | None) -> str | None:
    """What must be done: the clause without its actor and the deadline phrase itself."""
    start, end = clause
    before = s[start:phrase[0]]
    after = s[phrase[1]:end]
    if actor:
        at = before.find(actor.split()[0])
        if at >= 0:
            cut = re.match(rf"^.{{0,{at}}}?{re.escape(actor.split()[-1])}\s*:?", before, re.IGNORECASE | re.DOTALL)
            before = before[cut.end():] if cut and len(cut.group()) <= len(before) else before
    before = re.sub(rf"^{_LEAD_IN}", "", before.strip())
    before = re.sub(r"^(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s+", "", before, flags=re.IGNORECASE)
    tidied = [_tidy(before), _tidy(re.sub(r"^\s*(?:hàng|hằng)\s+năm|^\s*\)", "", after))]
    candidates = [c for c in tidied if c and len(c) > 6 and not re.fullmatch(r"(?:để\s.*|theo\s+quy\s+định.*)", c)]
    return max(candidates, key=len) if candidates else None


# --- the grammar ---------------------------------------------------------------------------------

_PLACE_DATE = re.compile(r"[^\W\d][\w .'-]{1,40},\s*ngày\s+(?P<d>\d{1,2}|[._…\s]*)\s*tháng\s+(?P<m>\d{1,2}|[._…\s]*)"
                         r"\s*năm\s+(?P<y>\d{4})", re.IGNORECASE)


def document_date(s: str) -> tuple[int | None, dt.date | None]:
    """(year, earliest possible day) of the document from its place-and-date line (`Điện Biên, ngày 05 tháng 8 năm 2021`).

    A draft with blanks (`ngày tháng 02 năm 2026`) gives the first day of what is printed."""
    match = _PLACE_DATE.search(s, 0, min(len(s), 4000))
    if not match:
        return None, None
    year = int(match.group("y"))
    month = int(match.group("m")) if match.group("m").strip(" ._…").isdigit() else None
    day = int(match.group("d")) if match.group("d").strip(" ._…").isdigit() else None
    try:
        return year, dt.date(year, month or 1, day or 1)
    except ValueError:
        return year, None


def _time_before(s: str, mentions: list[DateMention], i: int) -> DateMention | None:
    """A clock time right before mention i (`14 giờ, ngày 08 tháng 10 năm 2025`)."""
    if i == 0:
        return None
    prev = mentions[i - 1]
    if prev.kind == "time" and re.fullmatch(r"[\s,]*(?:\(|-|–)?\s*(?:ngày\s*)?", s[prev.end:mentions[i].start]):
        return prev
    return None


def _time_after(s: str, mentions: list[DateMention], i: int) -> DateMention | None:
    """A clock time right after mention i (`ngày 22/01/2026, lúc 14 giờ 00`)."""
    if i + 1 >= len(mentions):
        return None
    nxt = mentions[i + 1]
    if nxt.kind == "time" and re.fullmatch(r"\s*(?:\([^)]{0,20}\))?\s*[,-]?\s*(?:vào\s+)?(?:lúc|từ)\s*",
                                           s[mentions[i].end:nxt.start], re.IGNORECASE):
        return nxt
    return None


def _yearly_near(s: str, clause: tuple[int, int], at: int) -> bool:
    """`hằng năm` near the date, in its clause or in the sentence it wraps from (`... hằng` / `năm trước
    ngày 15 tháng 12`: a text copy with hard line breaks ends a clause at every line)."""
    lo = max(clause[0], at - 80)
    if lo == clause[0] and lo > 0 and s[lo - 1] == "\n":
        sentence = max(s.rfind(";", 0, lo - 1), s.rfind(".", 0, lo - 1), s.rfind("\n\n", 0, lo - 1), at - 80)
        lo = max(0, sentence + 1)
    window = s[lo:min(clause[1], at + 80)]
    return bool(cues().yearly.search(window))


@lru_cache(maxsize=1)
def _weekly_pattern() -> re.Pattern:
    days = "|".join(sorted((re.escape(k) for k in cues().weekdays), key=len, reverse=True))
    return re.compile(
        rf"(?=trước|chậm|vào|\d|ngày|thứ|chủ)"   # where a match can start: other offsets are skipped at once
        rf"(?:(?P<cue>trước|chậm\s+nhất|vào)\s+)?(?:(?P<time>[0-2]?\d\s*(?:giờ|h)\s*(?:[0-5]\d)?\s*(?:phút|’|')?)\s*,?\s*)?"
        rf"(?:ngày\s+)?(?:(?:thứ\s+(?P<day>{days}))|(?P<sun>chủ\s+nhật))\s+(?:hàng|hằng|mỗi|của\s+mỗi|các)\s+tuần",
        _FLAGS)


def _weekly(s: str, clause_lo: int, clause_hi: int):
    return _weekly_pattern().finditer(s, clause_lo, clause_hi)


# The recurring and relative patterns are tried only in the runs of words and spaces that end at
# a word their matches must hold (`anchored.finditer`, the same matches): at every character
# they cost ~0.3 s a megabyte. A weekly rule ends in `tuần`; before it, words, digits, spaces and
# the `,’'` of a time. A monthly one holds `ngày 20 hằng/mỗi/của/các ...`, `ngày 15 tháng cuối`
# (not a date's `ngày 05 tháng 8`), with only words and spaces before; `hằng tháng, trước ngày 25`
# has only its `hằng/hàng/mỗi` and spaces before its `tháng`.
_WEEKLY_ANCHOR = re.compile("tuần", _FLAGS)
_WEEKLY_BEFORE = re.compile(r"[\w\s,’']")
_MONTHLY_ANCHOR = re.compile(r"ngày\s+[0-3]?\d\s+(?:hàng|hằng|mỗi|của|các|tháng\s+(?:liền|cuối|đầu))", _FLAGS)
_MONTHLY_LEADING_ANCHOR = re.compile("tháng", _FLAGS)
_MONTHLY_LEADING_BEFORE = re.compile(r"[hàngằmỗi\s]", _FLAGS)


def _weekly_matches(s: str) -> Iterator[re.Match]:
    """`_weekly(s, 0, len(s))`, read only before each `tuần` (weekday names of words and spaces)."""
    if not all(_WORD_OR_SPACE.fullmatch(k) for k in cues().weekdays):
        return _weekly(s, 0, len(s))   # a weekday name with other characters: the whole text
    return anchored.finditer(_weekly_pattern(), s, _WEEKLY_ANCHOR, _WEEKLY_BEFORE)


_WORD_OR_SPACE = re.compile(r"[\w\s]+")


_MONTHLY = re.compile(   # the look-ahead skips offsets no alternative can start at (speed only)
    r"(?=trước|chậm|vào|trong|ngày)(?:(?P<cue>trước|chậm\s+nhất|vào|trong)\s+(?:ngày\s+)?)?ngày\s+(?P<d>[0-3]?\d)\s+"
    r"(?:(?P<every>(?:hàng|hằng|mỗi)\s+tháng|của\s+(?:mỗi|các)\s+tháng|các\s+tháng|(?:của\s+)?tháng\s+liền\s+kề)"
    r"|(?:của\s+)?tháng\s+(?P<which>cuối|đầu)\s+(?:của\s+)?(?:mỗi\s+|hằng\s+|hàng\s+)?quý(?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?)",
    _FLAGS)
# the rule before the day: `Định kỳ hằng tháng, trước ngày 25, ...`, `báo cáo hằng tháng trước ngày 20`
_MONTHLY_LEADING = re.compile(
    r"(?=hàng|hằng|mỗi)(?:hàng|hằng|mỗi)\s+tháng\s*,?\s*(?:[^.;\n]{0,60}?\s)?(?P<cue>trước|chậm\s+nhất(?:\s+vào)?|vào)"
    r"\s+ngày\s+(?P<d>[0-3]?\d)(?!\d|\s*[/.-]\s*\d|\s+(?:tháng\s+\d|(?:hằng|hàng|mỗi|của\s+(?:mỗi|các)|các)\b))",
    _FLAGS)
_PERIODIC = re.compile(
    r"định\s+kỳ\s*,?\s+(?P<unit>(?:hàng|hằng|mỗi)\s+(?:năm|quý|tháng|tuần)|0?6\s+tháng(?:\s+một\s+lần)?)", _FLAGS)


def _rrule_for_unit(unit: str) -> str | None:
    unit = re.sub(r"\s+", " ", unit.lower()).replace(" một lần", "")
    units = cues().units
    if unit in units:
        return units[unit]
    return units.get(unit.split()[-1])


class _Found:
    """The deadlines of one document as the passes find them, and the spans they take: a phrase that
    an earlier pass took is not read again."""

    def __init__(self, s: str, ends: re.Pattern, ner: Callable[[str], list[tuple[int, int]]] | None) -> None:
        self.s, self.ends, self.ner = s, ends, ner
        self.deadlines: list[Deadline] = []
        self.taken: list[tuple[int, int]] = []
        self.longest = 0

    def add(self, start: int, end: int, kind: str, **facts) -> None:
        """The deadline of the phrase `s[start:end]`, its clause, actor and action read by `_make`."""
        deadline = _make(self.s, self.ends, start, end, kind, self.ner, **facts)
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
                      own_actor: str | None = None) -> list[Deadline]:
    """The deadlines of one document, in text order.

    `received` is the date the document arrived (the `received` stamp, or the ingest date): relative
    deadlines counted `kể từ ngày nhận được văn bản` are resolved against it; without it they keep
    `date=None` and say how they count in `relative`.

    `ner(text) -> [(start, end)]` gives the ORG spans of a trained NER, for a deadline whose actor no
    rule found; `workdays(day, n)` is `n` working days after `day`, for `N ngày làm việc`. Without
    them: the rules alone, and working days left unresolved. `pipeline.record` passes congvan's own.
    `own_actor` is who does a task the document gives to no one: a plan's own issuer.
    """
    s = text.text if isinstance(text, Text) else text
    if isinstance(received, str):
        try:
            received = dt.date.fromisoformat(received[:10])
        except ValueError:
            received = None
    c = cues()
    doc_year, doc_day = document_date(s)
    ends = _CLAUSE_END_SOFT if _soft_newlines(s) else _CLAUSE_END
    normative = bool(_NORMATIVE.search(s[:3000]))
    report = bool(_REPORT.search(s[:3000]))
    mentions = find_dates(s)
    found = _Found(s, ends, ner)
    _recurring(found, c)
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
    leading = anchored.finditer(_MONTHLY_LEADING, s, _MONTHLY_LEADING_ANCHOR, _MONTHLY_LEADING_BEFORE)
    for match in list(_weekly_matches(s)) + list(monthly) + list(leading):
        if found.overlaps(match.start(), match.end()):
            continue
        if "d" in match.groupdict() and match.groupdict().get("d") is not None:
            day = int(match.group("d"))
            if not 1 <= day <= 31:
                continue
            if match.groupdict().get("which"):
                months = "3,6,9,12" if match.group("which").lower() == "cuối" else "1,4,7,10"
                rule = f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={day}"
            else:
                rule = f"FREQ=MONTHLY;BYMONTHDAY={day}"
            time = None
        else:
            code = c.weekdays["chủ nhật"] if match.group("sun") else c.weekdays[match.group("day").lower()]
            rule = f"FREQ=WEEKLY;BYDAY={code}"
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
        found.add(start, match.end(), "due", recurrence=rule, time=time, cue="recurring")


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
        due = _due_day(s, clause, mention, end, header_year, doc_year, doc_day)
        if due is None:
            continue
        date, recurrence, end = due
        found.add(start, end, kind, date=date, recurrence=recurrence, time=time, cue=name)


def _date_cue(s: str, c: _Cues, mentions: list[DateMention], i: int, time_mention: DateMention | None,
              clause: tuple[int, int], left: str) -> tuple[str, str, re.Match | None, int | None] | None:
    """What makes `mentions[i]` a deadline: (the cue's name, the deadline's kind, the cue at the end of
    `left`, the year of the schedule whose row it is); None when nothing does."""
    mention = mentions[i]
    for name, kind, pattern, needs in c.before:
        cue = pattern.search(left)
        if cue is None:
            continue
        if needs == "meeting" and not (c.meeting.search(s[clause[0]:clause[1]]) or time_mention
                                       or _time_after(s, mentions, i)):
            continue
        if name == "range_end" and mention.kind != "date":
            continue
        return name, kind, cue, None
    # a time and a date with no cue: a meeting when the sentence speaks of one, or a row of a
    # schedule (`... | Từ 20 giờ 15 phút ngày 23 tháng 1` under `Thời gian (Năm 2026)`)
    scheduled, header_year = False, None
    after = _time_after(s, mentions, i)
    if (time_mention or after) and CELL in s[_line_start(s, mention.start):mention.start]:
        scheduled, header_year = schedule_year(s, mention.start)
    if (time_mention or after) and (scheduled or mention.complete and c.meeting.search(
            s[max(0, clause[0] - 200):clause[1]])):
        return "time", "event", None, header_year
    return None


def _due_day(s: str, clause: tuple[int, int], mention: DateMention, end: int, header_year: int | None,
             doc_year: int | None, doc_day: dt.date | None) -> tuple[str | None, str | None, int] | None:
    """(date, recurrence, end of the phrase) of a dated deadline. A date without a year recurs yearly
    (`ngày 15/12 hằng năm`, the phrase taking the marker in) or takes the schedule's year, else the
    document's (the next one when the day is past). None: no deadline (a past date, no year known)."""
    if mention.kind == "date" and mention.year is None:
        if _yearly_near(s, clause, mention.start):
            recurrence = f"FREQ=YEARLY;BYMONTH={mention.month};BYMONTHDAY={mention.day}"
            marker = re.match(r"\s*(?:hàng|hằng|mỗi)\s+năm", s[end:end + 20], _FLAGS)
            return None, recurrence, (end + marker.end() if marker else end)
        if header_year:   # the schedule's own year
            last = mention.with_year(header_year).last_day()
            return (last.isoformat() if last else None), None, end
        if doc_year:
            filled = mention.with_year(doc_year)
            day = filled.last_day()
            if doc_day and day and day < doc_day:
                filled = mention.with_year(doc_year + 1)
            last = filled.last_day()
            return (last.isoformat() if last else None), None, end
        return None
    day = mention.last_day()
    if day is None:
        return None
    if doc_day and day < doc_day:
        return None  # a past date: an event reported, not a deadline
    return day.isoformat(), None, end


def _periodic(found: _Found, c: _Cues) -> None:
    """3. periodic with no date: `Định kỳ hàng tháng công khai ...` (a reporting verb must follow)"""
    s = found.s
    for match in _PERIODIC.finditer(s):
        clause = _clause(s, found.ends, match.start(), match.end())
        if found.overlaps(*clause):
            continue  # the same sentence already gave a dated rule
        follow = s[match.end():match.end() + 60]
        if not re.match(rf"\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:và\s+\w+\s+)?(?:\w+\s+){{0,2}}?{c.report_verbs}\b", follow, _FLAGS):
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


def _relative_matches(c: _Cues, s: str) -> Iterator[re.Match]:
    """`c.relative.finditer(s)`, read only before each `N ngày/tháng/tuần ... từ ngày/khi` (the
    pattern from its count on), when all before the count is words and spaces (`trong thời hạn`)."""
    anchor = _relative_anchor(c.relative.pattern, c.relative.flags)
    if anchor is None:
        return c.relative.finditer(s)
    return anchored.finditer(c.relative, s, anchor, anchored.WORDS_AND_SPACES)


# the part of a pattern before its count that can take only words and spaces: letters, `\s`, groups
_WORDS_ONLY = re.compile(r"(?:[^\W\d_]|\\s|\(\?:|[ ()?|+*])*")


@lru_cache(maxsize=4)
def _relative_anchor(pattern: str, flags: int) -> re.Pattern | None:
    """The relative pattern from its count `(?P<n>` on, when what comes before takes only words and
    spaces and holds no group of its own (so the count's group stays a plain prefix cut); else None."""
    at = pattern.find("(?P<n>")
    if at < 0 or not _WORDS_ONLY.fullmatch(pattern, 0, at) or "(?P" in pattern[:at]:
        return None
    head = pattern[:at]
    if head.count("(") != head.count(")"):
        return None   # the count inside a group of the head: no plain cut
    # a digit, then the rest checked from it: a leading `\d` lets the engine skip to the digits
    return re.compile(rf"\d(?<=(?={pattern[at:]})\d)", flags)


def _resolve(received: dt.date, amount: int, unit: str, workdays) -> dt.date | None:
    if unit == "working_day":
        return workdays(received, amount) if workdays is not None else None
    if unit == "week":
        return received + dt.timedelta(weeks=amount)
    if unit == "month":
        from dateutil.relativedelta import relativedelta

        return received + relativedelta(months=amount)
    return received + dt.timedelta(days=amount)


# `trước ngày X` after these is a condition of a rule (who qualifies), not something to do by X.
_NOT_DEADLINE_BEFORE = re.compile(
    r"(?:hoạt\s+động(?:\s+cách\s+mạng)?|đến|từ|sinh|tham\s+gia\s+cách\s+mạng|có\s+hiệu\s+lực(?:\s+thi\s+hành)?|"
    r"hiệu\s+lực|áp\s+dụng|phát\s+sinh|trở\s+về|quy\s+định|được\s+ký(?:\s+kết)?|ký\s+kết|tuyển\s+dụng|"
    r"làm\s+việc|cư\s+trú|công\s+nhận|thành\s+lập|xảy\s+ra|hưởng[^,;.\n]{0,50}|tham\s+gia[^,;.\n]{0,50}|"
    r"đóng[^,;.\n]{0,40}|chữa\s+bệnh[^,;.\n]{0,60}|đã\s[^,;.\n]{0,60}|được\s+cấp[^,;.\n]{0,40})\s*$", _FLAGS)
# Statistics up to a day in a report: `lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng`.
_STATISTIC = re.compile(r"lũy\s+kế|giải\s+ngân|tổng\s+(?:thu|chi)|ước\s+(?:thực\s+hiện|đạt)|số\s+liệu|"
                        r"thống\s+kê|diễn\s+ra|đã\s", _FLAGS)
_ACTION = re.compile(r"gửi|báo\s+cáo|nộp|hoàn\s+thành|hoàn\s+thiện|ban\s+hành|trình|xong|tổng\s+hợp|công\s+bố|"
                     r"cung\s+cấp|đăng\s+ký|xác\s+nhận|tổ\s+chức|triển\s+khai|thực\s+hiện|xây\s+dựng|rà\s+soát|"
                     r"kết\s+thúc|phê\s+duyệt|lập|chuyển|cập\s+nhật|góp\s+ý|có\s+ý\s+kiến|bố\s+trí|kiện\s+toàn|"
                     r"sắp\s+xếp|giải\s+quyết|chi\s+trả|thanh\s+toán|quyết\s+toán|thông\s+báo|xử\s+lý|đánh\s+giá", _FLAGS)
_NORMATIVE = re.compile(r"^\s*(?:LUẬT|BỘ\s+LUẬT|PHÁP\s+LỆNH|NGHỊ\s+ĐỊNH|THÔNG\s+TƯ(?:\s+LIÊN\s+TỊCH)?|"
                        r"VĂN\s+BẢN\s+HỢP\s+NHẤT|NGHỊ\s+QUYẾT)\s*$", re.MULTILINE)
_REPORT = re.compile(r"^\s*(?:BÁO\s+CÁO|DỰ\s+THẢO\s+BÁO\s+CÁO)\b", re.MULTILINE)


def _excluded(s: str, start: int, end: int, name: str, clause: tuple[int, int], normative: bool) -> bool:
    """Cues that look right but are not deadlines: `đến trước ngày`, `hoạt động cách mạng trước ngày`,
    `lũy kế đến hết ngày ... là ...`; in laws and decrees, a date with no action around it."""
    if name in ("truoc", "hoan_thanh") and _NOT_DEADLINE_BEFORE.search(s[max(clause[0], start - 80):start]):
        return True
    if name in ("het_ngay", "range_end"):
        around = s[clause[0]:start] + " " + s[end:min(clause[1], end + 40)]
        if _STATISTIC.search(around) or re.match(r"\s*(?:là|đạt|được)\s", s[end:end + 10]):
            return True
    if normative and name not in ("recurring", "periodic", "time", "event_vao"):
        return not _ACTION.search(s[clause[0]:clause[1]])
    return False


# What the NER proposes is kept only when it reads as a body (`Sở ...`, `Tổ kiểm phiếu`), not a
# phrase that merely holds one (`đại biểu Hội đồng nhân dân với các nội dung nêu trên ...`).
_LOOKS_LIKE_BODY = re.compile(rf"(?:(?:Đại\s+diện|đại\s+diện)\s+)?{_ORG_HEAD}", re.IGNORECASE)
MAX_ACTOR = 120
_VERB_AFTER = re.compile(rf"\s+(?=(?-i:{_VERBS})\b)")   # `Tổ kiểm phiếu tiến hành kiểm phiếu`: the body ends


SENTENCE_REACH = 400   # how far before its clause the sentence of an assignment (`Giao X chủ trì`) is read


def _make(s: str, ends: re.Pattern, start: int, end: int, kind: str, ner, **facts) -> Deadline:
    clause = _clause(s, ends, start, end)
    actor = _actor(s, clause[0], start, (end, clause[1]))
    action = _action(s, clause, (start, end), actor)
    lead = support = None
    sentence = s[max(_line_start(s, clause[0]), clause[0] - SENTENCE_REACH):clause[1]]
    assignment = _LEAD.search(sentence)
    if assignment:
        lead = _tidy(assignment.group("lead"))
        support = _names(assignment.group("support"))
        actor = actor or lead
    if actor and lead is None:   # `- Đơn vị thực hiện: Sở A chủ trì, phối hợp với Sở B.` / `- Đơn vị phối hợp: ...`
        lead, support = _item_roles(s, clause, start, actor) or (lead, support)
    if kind == "event":   # a meeting's actor is who is invited
        actor = _invited(s, start) or _invited_in_a_sentence(s, start) or actor
    roles = row_roles(s, start)
    if roles:   # a row of a task table: its `chủ trì` column leads, its `phối hợp` column helps
        actor, support = roles
        lead = actor
    if actor is None:
        found = _ner_actor(s, clause[0], start, ner)
        named = _body_name(_VERB_AFTER.split(found[0], maxsplit=1)[0]) if found else None
        if found and named and _LOOKS_LIKE_BODY.match(named) and len(named) <= MAX_ACTOR:
            actor, lead, support = named, lead or found[1], support or found[2]
    return Deadline(start=start, end=end, text=s[start:end], kind=kind, actor=actor, action=action,
                    clause=_tidy(s[clause[0]:clause[1]]), lead=lead, support=support or (), **facts)


# An invitation's list of who is invited: `2. Thành phần mời:` / `Kính mời:` and its `- ...` items
_INVITED = re.compile(r"(?im)^[ \t]*(?:\d+\.[ \t]*|[IVX]+\.[ \t]*|[-+•][ \t]*)?(?:Thành[ \t]+phần(?:[ \t]+(?:mời|dự[ \t]+họp|tham[ \t]+dự|"
                      r"tham[ \t]+gia))?|Kính[ \t]+mời)[ \t]*:[ \t]*(?P<inline>[^\n]*)")
_ITEM = re.compile(r"^[ \t]*[-+•*–][ \t]*(?P<item>.+)$")
_CHAIRS = re.compile(r":\s*chủ\s+trì|chủ\s+trì\W*$", re.IGNORECASE)   # who chairs is not invited
_NEXT_SECTION = re.compile(r"[ \t]*(?:[IVX]+\.|\d+\.[ \t]*(?:Nội[ \t]+dung|Thời[ \t]+gian|Địa[ \t]+điểm|Phân[ \t]+công|Tổ[ \t]+chức))",
                           re.IGNORECASE)
_PLACE_HEADING = re.compile(r"[ \t]*\d+\.[ \t]*Tại\b", re.IGNORECASE)   # `1. Tại điểm cầu của tỉnh:` groups invitees


INVITATION_REACH = 20_000   # how far above a meeting its invitation list may be


def _invited(s: str, at: int) -> str | None:
    """Who a meeting at `at` invites: the items of the last invitation list before it (the one who
    chairs, `... chủ trì`, left out), joined by `; `."""
    found = None
    for match in _INVITED.finditer(s, max(0, at - INVITATION_REACH), at):
        found = match
    if found is None:
        return None
    if found.group("inline").strip():
        return _tidy(found.group("inline"))
    items: list[str] = []
    for line in s[found.end() + 1:at].split("\n"):
        item = _ITEM.match(line)
        if item:
            items.append(item.group("item"))
        elif _NEXT_SECTION.match(line) or (not items and line.strip() and not _PLACE_HEADING.match(line)):
            break
        elif items and line.strip() and not _PLACE_HEADING.match(line):
            items[-1] += " " + line.strip()    # an item wrapped onto the next line
    names = [" ".join(i.split()).strip(" ;.,") for i in items if not _CHAIRS.search(i.rstrip(";. "))]
    return "; ".join(n for n in names if n) or None


# `Văn phòng Chính phủ trân trọng kính mời Lãnh đạo các Bộ, cơ quan, địa phương tham dự Hội nghị ...`
_INVITES = re.compile(r"(?<![\w])kính\s+mời\s+(?P<who>[^:;.]{3,200}?)\s+(?:đến\s+)?(?:tham\s+dự|dự)(?![\w])", re.IGNORECASE)
INVITING_REACH = 3_000   # how far above a meeting's time the sentence that invites may be


def _invited_in_a_sentence(s: str, at: int) -> str | None:
    """Who the last `kính mời X (tham) dự` before a meeting at `at` invites."""
    found = list(_INVITES.finditer(s, max(0, at - INVITING_REACH), at))
    return _tidy(found[-1].group("who")) if found else None


# --- the trained NER where the rules find no actor -------------------------------------------------

_ITEM_START = re.compile(r"^\s*(?:\(\d+\)|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+\.)\s")
_NOT_ACTOR_BEFORE = re.compile(r"(?:\b(?:về|cho|với|qua|tới|đến|của|thuộc|tại|trước|giúp|và|hoặc|gửi|báo\s+cáo|"
                               r"trình|đề\s+nghị|theo)|[(/])\s*$", re.IGNORECASE)
_SUPPORT_LABEL = re.compile(r"phối\s+hợp", re.IGNORECASE)
_LEAD_CUT = re.compile(r"\s+chủ\s+trì\b|,?\s*phối\s+hợp\b|\s*[;.]\s*$", re.IGNORECASE)


def _ner_window(s: str, clause_start: int, anchor: int) -> int:
    """Where to look for an actor: from the start of the list item holding the deadline (at most six
    lines or 600 characters up), so that `- Đơn vị chủ trì thực hiện: Sở Nội vụ.` above a
    `- Thời gian hoàn thành: ...` line is in reach."""
    lo = _line_start(s, clause_start)
    for _ in range(6):
        if lo == 0 or _ITEM_START.match(s, lo) or anchor - lo > 600:
            break
        previous = _line_start(s, lo - 1)
        if anchor - previous > 600:
            break
        lo = previous
    return lo


def _ner_actor(s: str, clause_start: int, anchor: int, ner) -> tuple[str, str | None, tuple[str, ...]] | None:
    """(actor, lead, support) from the trained NER's ORG spans (`models/congvan_vi`), for a deadline
    whose actor no rule found: the ORG nearest above the deadline, in its clause or in the lines of its
    list item, that is not the object of a preposition (`báo cáo về UBND tỉnh`) nor a supporting unit
    (`phối hợp với ...`). After a label (`Đơn vị thực hiện: Sở Khoa học và Công nghệ; UBND các xã`)
    the whole value is the actor; `X chủ trì, phối hợp với Y` gives the lead X and the support Y.
    `ner` is the NER's ORG spans of a text (`pipeline.record.ner_orgs`); None: the rules alone."""
    if ner is None:
        return None
    lo = _ner_window(s, clause_start, anchor)
    window = s[lo:anchor]
    if not window.strip():
        return None
    try:
        spans = ner(window)
    except (OSError, ValueError):  # an unreadable model: the rules alone
        return None
    candidates = []
    for start, end in spans:
        line_start = window.rfind("\n", 0, start) + 1
        before = window[line_start:start]
        if _NOT_ACTOR_BEFORE.search(before) or _SUPPORT_LABEL.search(before):
            continue
        candidates.append((start, end, line_start))
    if not candidates:
        return None
    nearest = max(c[2] for c in candidates)  # the first ORG of the nearest line that has one
    start, end, line_start = next(c for c in candidates if c[2] == nearest)
    line_end = window.find("\n", start)
    line = window[start:line_end if line_end >= 0 else len(window)]
    actor = _tidy(window[start:end])
    lead = None
    support: tuple[str, ...] = ()
    if re.search(r":\s*$", window[line_start:start]):  # a label's value: all of it, up to `chủ trì`
        value = _LEAD_CUT.split(line, maxsplit=1)[0]
        if len(value) <= 200:
            actor = _tidy(value) or actor
    lead_match = re.match(r"\s*chủ\s+trì\b", window[end:end + 12], re.IGNORECASE)
    if lead_match:
        lead = _tidy(window[start:end])
        rest = window[end:line_end if line_end >= 0 else len(window)]
        helper = re.search(r"phối\s+hợp", rest, re.IGNORECASE)
        if helper:
            offset = end + helper.end()
            support = tuple(p for p in (_tidy(window[a:b]) for a, b in spans if a >= offset and b <= end + len(rest)) if p)
    if actor is None:   # a span of punctuation alone names no one (and `_make` would split None)
        return None
    return actor, lead, support

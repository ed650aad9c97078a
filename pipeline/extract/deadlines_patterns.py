"""The deadline grammar's cue tables and the regexes its readers share.

`cues()` compiles the tables of `data/deadline_cues.json` once: the cues before a date, the meeting,
the recurring and the relative patterns. Here too are where a clause ends (`_CLAUSE_END`, and
`_CLAUSE_END_SOFT` for PDF text layers that wrap lines inside sentences) and the clause around a
phrase (`_clause`); the patterns that name who acts (`_ORG_HEAD`, the head word of a body's name;
`_VERBS`, what a subject does next; `_ACTOR_AT_START`, `_SUBJECT`, `_HEADING`, `_REQUEST`, `_LEAD`);
and the small helpers every reader uses (`_line_start`, `_tidy`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CUES = Path(__file__).resolve().parents[1] / "data" / "deadline_cues.json"
_DATE_LIKE = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
_FLAGS = re.IGNORECASE


# --- the cue tables ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cues:
    # (name, kind, pattern ending where the date begins, what it needs, words one of which a match holds)
    before: tuple[tuple[str, str, re.Pattern, str | None, tuple[str, ...]], ...]
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
         c.get("needs"), tuple(c["words"]))
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


# --- clauses, and the patterns that name who acts ------------------------------------------------

# A clause ends at a full stop (not one inside a number or an abbreviation), a semicolon, a line end.
# PDF text layers wrap lines inside sentences: there a line end closes a clause only before a list
# marker or after a colon (`soft` mode, chosen per document by `lines.soft_newlines`).
_CLAUSE_END = re.compile(r"[;\n]|(?<![\d.A-ZĐ])\.(?!\d)|\.(?=\s|$)")
_CLAUSE_END_SOFT = re.compile(
    r";|(?<![\d.A-ZĐ])\.(?!\d)|\.(?=\s|$)|\n\s*\n|(?<=:)\s*\n"
    r"|\n(?=\s*(?:[-+•*–]|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVX]+\.\s|Điều\s+\d))")

_ORG_HEAD = (r"(?:các\s+|cơ\s+quan\s+)?(?:đồng\s+chí\s+)?(?:Thủ\s+trưởng|Chủ\s+tịch|Bí\s+thư|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Giám\s+đốc|Người\s+đứng\s+đầu|Lãnh\s+đạo|"
             r"Ủy\s+ban|UBND|Sở|Bộ|Ban|Văn\s+phòng|Phòng|Công\s+an|Hội|Hiệp\s+hội|Đoàn|Trung\s+tâm|Cục|Tổng\s+cục|"
             r"Vụ|Thanh\s+tra|Kho\s+bạc|Bảo\s+hiểm|Ngân\s+hàng|Công\s+ty|Liên\s+đoàn|Mặt\s+trận|MTTQ|Đảng\s+ủy|"
             r"Thường\s+trực|Tỉnh\s+đoàn|Cơ\s+quan|Đơn\s+vị|Trưởng|Hội\s+đồng|Đại\s+biểu|Thành\s+viên|Quỹ|Viện|"
             r"Trường|Bệnh\s+viện|Cảnh\s+sát|Bộ\s+Chỉ\s+huy|Tòa\s+án|Viện\s+kiểm\s+sát|Khối|Cụm|Tập\s+đoàn|"
             r"đơn\s+vị|cơ\s+quan|sở|ban|ngành|địa\s+phương|hội|Tổ|Nhà\s+trường|Huyện|Xã|Phường|Nhà\s+đầu\s+tư|Chủ\s+đầu\s+tư|"
             # an election's candidates act as persons: `Chậm nhất là 17 giờ 00 ngày 01/02/2026, người ứng cử phải ...`
             r"Người\s+ứng\s+cử|Người\s+được\s+giới\s+thiệu|"
             # so do a school's students: `Sinh viên - Học sinh xem lịch thi ... trước ngày 20/06/2015`
             r"Sinh\s+viên|Học\s+sinh|Học\s+viên)"
             # a whole word, and not the verb `tổ chức` (organise), `Hội nghị` (a meeting), `Trường hợp` (a case);
             # `tổ chức thu phí` is the body a fee's thông tư charges with collecting it
             r"(?![\w])(?<!Tổ(?=\s+chức\s+(?!chính\s+trị|đoàn\s+thể|xã\s+hội|Công\s+đoàn|thu\s+(?:phí|lệ\s+phí)(?![\w]))))"
             r"(?<!Hội(?=\s+nghị|\s+thảo))(?<!Trường(?=\s+hợp))(?<!Ban(?=\s+hành))(?<!Đoàn(?=\s+kết))"
             r"(?<!Phòng(?=\s+chống|\s+ngừa))(?<!Vụ(?=\s+việc|\s+án))(?<!Khối(?=\s+lượng))(?<!Cụm(?=\s+từ))")
# The last lines of a letter's header: the address (`Kính gửi: Sở Nội vụ`) and the motto, which a
# PDF flattens beside the issuer (`SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc`)
_HEADER_END = re.compile(r"^[ \t]*Kính[ \t]+gửi|Độc[ \t]+lập[ \t]*[-–][ \t]*Tự[ \t]+do", re.IGNORECASE)
HEADER_LINE = 200   # how far into a line the motto may stand (a long line is read once per deadline below it)


# the body a passive sentence names as the one that convenes or carries out (`Hội nghị ... được tổ chức
# trong khoảng thời gian từ ... đến ngày ... do Ban Thường trực Ủy ban MTTQ Việt Nam cùng cấp triệu tập,
# chủ trì`); not `do X ban hành` (a document's issuer). (Each opens with a class of its first letter: most
# offsets fail there at once.)
CONVENED_BY = re.compile(rf"(?=[dD])(?<![\w])do\s+(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*,?\s+"
                         r"(?:triệu\s+tập|chủ\s+trì|tổ\s+chức|thực\s+hiện|đảm\s+nhiệm|phụ\s+trách)(?![\w])", re.IGNORECASE)

_MUST = re.compile(r"\s*(?:phải|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)\s")
# a duty named as a noun with the bodies it is of (`Việc giới thiệu người ứng cử đại biểu Quốc hội của các cơ
# quan, tổ chức, đơn vị được tiến hành trong khoảng thời gian từ ... đến ngày ...`): those bodies act
NOMINAL_OF = re.compile(rf"(?=[vV])(?<![\w])Việc\s+[^,;:.\n]{{0,160}}?\s+của\s+(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,100}}?)\s*,?\s+"
                        r"(?:được|phải)\s+(?:tiến\s+hành|thực\s+hiện|tổ\s+chức|hoàn\s+thành)(?![\w])", re.IGNORECASE)

# `phối hợp` and the manner words that may stand between it and `với` (`phối hợp chặt chẽ với Sở A`)
_COOPERATE = r"phối\s+hợp(?:\s+(?:chặt\s+chẽ|thường\s+xuyên|kịp\s+thời|đồng\s+bộ|hiệu\s+quả))?"
_VERBS = (r"(?:chủ\s+trì|chủ\s+động|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|khẩn\s+trương|tổ\s+chức(?!\s*,\s*(?:đơn\s+vị|cá\s+nhân|doanh\s+nghiệp|cơ\s+quan)(?![\w])|\s+và\s+cá\s+nhân|\s+(?:có\s+)?liên\s+quan)|triển\s+khai|"
          r"thực\s+hiện|xây\s+dựng|báo\s+cáo|gửi|xem|hoàn\s+thành|rà\s+soát|tham\s+mưu|nghiên\s+cứu|chỉ\s+đạo|"
          r"hướng\s+dẫn|nghiêm\s+túc|tiếp\s+tục|tăng\s+cường|căn\s+cứ|theo\s+dõi|đôn\s+đốc|kiểm\s+tra|"
          r"tập\s+trung|tập\s+hợp|giới\s+thiệu|ban\s+hành|lập|cung\s+cấp|(?<!bầu\s)(?<!ứng\s)cử|đăng\s+ký|xác\s+nhận|tổng\s+hợp|phải|cần|nộp|đề\s+xuất|"
          r"có\s+ý\s+kiến|góp\s+ý|trình|quán\s+triệt|kết\s+thúc|bảo\s+đảm|đảm\s+bảo|chuẩn\s+bị|lựa\s+chọn|"
          r"đánh\s+giá|giải\s+quyết|dự(?!\s+(?:án|toán|thảo|báo|trữ|bị))|(?:ra\s+)?quyết\s+định|tham\s+dự|sắp\s+xếp|công\s+khai|duy\s+trì|hoàn\s+thiện|kiện\s+toàn|"
          r"giám\s+sát|vận\s+động|phổ\s+biến|lấy\s+ý\s+kiến|tiếp\s+nhận|phân\s+công|bố\s+trí|cập\s+nhật|"
          r"phát\s+động|xem\s+xét|bàn\s+giao|niêm\s+yết|công\s+bố|tiến\s+hành|trân\s+trọng|kính\s+mời|(?<!khách\s)mời|"
          r"quan\s+tâm|có\s+văn\s+bản|trên\s+cơ\s+sở|tiếp\s+thu|phân\s+tích|thẩm\s+định|khảo\s+sát|xử\s+lý|"
          r"khắc\s+phục|thống\s+nhất|trả\s+lời|phê\s+duyệt|ra\s+thông\s+báo|đăng\s+tải|"
          # a time limit between the body and its verb ends the body's name: `Sở Lao động - Thương binh
          # và Xã hội trong thời gian 12 ngày kể từ ngày nhận đủ giấy tờ có trách nhiệm ...`
          r"được|đã|sẽ|để|trước|chậm\s+nhất|vào|định\s+kỳ|trong\s+(?:thời\s+hạn|thời\s+gian|vòng)|kể\s+từ)")
_LEAD_MARK = r"(?:[-+•*–]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]?\s+|[IVX]+\.\s*)"   # a list item's marker
_LEAD_IN = rf"{_LEAD_MARK}?"
# `Đối với Nhà đầu tư Dự án X: Khẩn trương nộp ...` names the actor too, when a task follows its colon
# (`Đối với công ty ...: Phòng Đăng ký kinh doanh ra thông báo` says whom a rule is for, not who acts)
_ACTOR_AT_START = re.compile(   # used with .match(s, clause_start): no `^`, which would hold only at a line start
    rf"{_LEAD_IN}(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+|Ủy\s+quyền\s+(?:cho\s+)?|(?P<regarding>Đối\s+với\s+))?"
    rf"(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*(?(regarding):\s*(?={_VERBS}\b)|(?::|,?\s+(?=(?-i:{_VERBS})\b)))", re.IGNORECASE)
# A class of bodies, then after its colon the names of its members, then their verb (`a) Các Bộ: Công
# Thương, Khoa học và Công nghệ, Nội vụ, ..., Y tế nghiên cứu ...`, `UBND các xã: Đức Trọng, Hiệp Thạnh
# rà soát ...`): the members are part of who acts. Each name after a comma is capitalised, so a colon
# before a sentence (`Các Sở: căn cứ ...`) adds nothing.
_CLASS_BEFORE_COLON = re.compile(r"(?:^|\s)(?:các|những)\s+(?:Bộ|Sở|Ban|Cục|Vụ|Hội|Phòng|Trường|Trung\s+tâm|Tổng\s+cục|"
                                 r"xã|phường|huyện|tỉnh|quận|thị\s+xã|thành\s+phố|đặc\s+khu|đơn\s+vị|cơ\s+quan)$", re.IGNORECASE)
_MEMBERS_THEN_VERB = re.compile(rf"[ \t]*(?P<names>[^\W\d_][^:;.\n()]{{0,300}}?)[ \t]*,?[ \t]+(?=(?-i:{_VERBS})\b)")


def actor_with_members(s: str, match: re.Match) -> str:
    """The actor of an `_ACTOR_AT_START` match, with the names its colon lists when it names a class.

    >>> s = "a) Các Bộ: Công Thương, Khoa học và Công nghệ, Y tế nghiên cứu nội dung báo cáo"
    >>> actor_with_members(s, _ACTOR_AT_START.match(s))
    'Các Bộ: Công Thương, Khoa học và Công nghệ, Y tế'
    >>> s = "- Các Sở: căn cứ chức năng, nhiệm vụ triển khai thực hiện"
    >>> actor_with_members(s, _ACTOR_AT_START.match(s))
    'Các Sở'
    """
    actor = match.group("actor")
    if s[match.end() - 1:match.end()] != ":" or not _CLASS_BEFORE_COLON.search(actor):
        return actor
    members = _MEMBERS_THEN_VERB.match(s, match.end())
    if not members or not all(part.strip()[:1].isupper() for part in members.group("names").split(",")):
        return actor
    return f"{actor}: {members.group('names')}"


# a body's name, then the verb of what it does (`Sở Tài chính chủ trì`): the subject of a clause
ACTOR_THEN_VERB = rf"(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*,?\s+(?=(?-i:{_VERBS})\b)"
_REQUEST = re.compile(rf"(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+){ACTOR_THEN_VERB}", re.IGNORECASE)
_SUBJECT = re.compile(r"(?:(?<=[,.;:]\s)|(?<=\n)|(?<=^)|(?<=:\s[\u201c\x22])|(?<=:[\u201c\x22]))(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+)?"
                      + ACTOR_THEN_VERB, re.IGNORECASE)
# A list item's heading names who acts on what follows: `2. Sở Tài chính:`, `1. Giao UBND các xã: Đức
# Trọng, Hiệp Thạnh:` (the names after the colon are part of the actor), `8. Các sở, ban, ngành; UBND
# các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan` (bodies parted by semicolons)
_HEADING = re.compile(rf"^{_LEAD_IN}(?:Giao\s+(?:cho\s+)?|(?:Kính\s+)?Đề\s+nghị\s+|Yêu\s+cầu\s+)?"
                      rf"(?P<actor>{_ORG_HEAD}[^.\n]{{0,140}}?)\s*:?\s*$", re.IGNORECASE)
_LEAD = re.compile(rf"(?:Giao\s+(?:cho\s+)?)(?P<lead>{_ORG_HEAD}[^:;.\n]{{0,120}}?)\s+chủ\s+trì"
                   rf"(?:\s*,?\s*{_COOPERATE}\s+(?:với\s+)?(?P<support>[^:;.\n]{{3,200}}?))?(?=\s+(?-i:{_VERBS})\b|[:;.\n]|$)",
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
    """A phrase with its spaces made one and the marks and joining words at its ends let go.

    >>> _tidy("- Cơ quan quản lý hồ sơ và"), _tidy("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh);")
    ('Cơ quan quản lý hồ sơ', 'Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)')
    """
    if not phrase:
        return None
    collapsed = re.sub(r"\s+", " ", phrase)
    phrase = collapsed.strip(" ,;:-–()")
    if phrase.count("(") > phrase.count(")") and collapsed[collapsed.find(phrase) + len(phrase):].startswith(")"):
        phrase += ")"   # a bracket the phrase opened is no stray mark: `Đoàn Luật sư của 03 tỉnh (Bình Thuận, ... cũ)`
    phrase = re.sub(r"^(?:và|để|thì|đồng\s+thời)\s+", "", phrase, flags=re.IGNORECASE)
    # a phrase cut after a word that joins it to more: `Cơ quan quản lý hồ sơ và` (words popped from the
    # end, not a `(...)+$` pattern, which re tries again from every offset of a long run of them)
    words = phrase.split(" ")
    while len(words) > 1 and words[-1] in _JOINING:
        words.pop()
        if words[-1] == "đối" and len(words) > 1:
            words.pop()   # `đối với`
    return " ".join(words) or None


_JOINING = frozenset({"và", "hoặc", "của", "các", "với", "trong"})


_ITEM_MARK = re.compile(rf"[ \t]*{_LEAD_MARK}")
SIBLINGS_READ = 3   # the items after a deadline's own that may say who convenes what it names


def convened_below(s: str, paragraph_start: int) -> str | None:
    """The bodies the next items of the list say convene what the deadline's item names, when they open
    with its words (`1. Hội nghị hiệp thương lần thứ nhất được tổ chức ... đến ngày 10/12/2025.` /
    `2. Hội nghị hiệp thương lần thứ nhất ở trung ương do Đoàn Chủ tịch ... triệu tập` / `3. ... ở tỉnh do
    Ban Thường trực ... cấp tỉnh triệu tập`), parted by `; `; None when none does.

    >>> s = "1. Hội nghị A lần thứ nhất được tổ chức đến ngày 10/12.\\n2. Hội nghị A lần thứ nhất ở trung ương do Ban B triệu tập.\\n"
    >>> convened_below(s, 0)
    'Ban B'
    """
    own = _ITEM_MARK.match(s, paragraph_start)
    if own is None:
        return None
    line_end = s.find("\n", paragraph_start)
    opening = " ".join(s[own.end():line_end if line_end >= 0 else len(s)].split()[:4]).casefold()
    found = []
    for _ in range(SIBLINGS_READ):
        if line_end < 0 or len(opening.split()) < 4:
            break
        start, line_end = line_end + 1, s.find("\n", line_end + 1)
        item = _ITEM_MARK.match(s, start)
        line = s[start:line_end if line_end >= 0 else len(s)]
        if item is None or not " ".join(line[item.end() - start:].split()[:4]).casefold() == opening:
            continue
        if convened := CONVENED_BY.search(line):
            found.append(_tidy(convened.group("actor")))
    return "; ".join(dict.fromkeys(f for f in found if f)) or None

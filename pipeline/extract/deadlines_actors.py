"""Who must act on a deadline, and what: the subject of its clause or paragraph, its task item's
label, the heading above it.

`_actor` takes the first of `_actor_candidates` (the clause's subject, a subject earlier in the
paragraph or right after the deadline, a `- Đơn vị chủ trì:` label below it, then a walk up past
sibling items to a label, a heading or a list's lead-in) that `_body_name` reads as a body: the
one asked (`X giao Y` gives Y), cut where its name ends (after its place, before a verb), not OCR's
noise. A lead label in the dash lines below (`_label_below`; the item's lines are read by
`deadlines_items`), and `_action`: the clause without its actor and the deadline phrase.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .deadlines_items import _DASH_ITEM, _ITEM_START, _MARKERS, _dash_lines_below, _depth, _marker_kind
from .deadlines_patterns import (
    _ACTOR_AT_START,
    _COOPERATE,
    _HEADER_END,
    _HEADING,
    _LEAD,
    _LEAD_IN,
    _MUST,
    _ORG_HEAD,
    _REQUEST,
    _SUBJECT,
    _VERBS,
    ACTOR_THEN_VERB,
    CONVENED_BY,
    HEADER_LINE,
    NOMINAL_OF,
    _tidy,
    actor_with_members,
    convened_below,
)

# A body's name ends with its place: `... MTTQ phường` or `... xã Lương Minh`; a lower-case word
# after it (not `và`, `có liên quan`...) begins what the body does (`giám sát việc thành lập`).
# OCR's noise (`VĂN PHÒNG CHÍNH PHỦ S)Ä|`): a table rule, a letter no Vietnamese name holds
_NOISE = re.compile(r"[|§£¥€]|[^\W\d_](?<![A-Za-zÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ])")   # both cases
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w-]*)")
# (`xã hội` is society, not a commune, but ends a name the same way: `Cơ quan bảo hiểm xã hội` / `thanh
# toán ...`, `Bảo hiểm xã hội Việt Nam` / `tuyên truyền ...`)
_PLACE_KIND = re.compile(r"(?<![\w])(?:xã(?:\s+hội)?|phường|tỉnh|huyện|quận|thị\s+xã|thành\s+phố|đặc\s+khu)(?![\w])")
_STILL_NAME = re.compile(r"(?:và|hoặc|có\s+liên|liên\s+quan|trực\s+thuộc|thuộc|các|xã|phường|huyện|tỉnh|quận|thị\s+xã|"
                         r"thành\s+phố|đặc\s+khu|cấp|nơi|đã\s+sáp|mới|cũ)(?![\w])")


# Names of bodies are capitalised (`Tổ công tác`, `Hội Nông dân`); in lower case these words are
# a place or a common noun (`tổ dân phố`, `hội của tỉnh`), and a head word alone names no one.
_LOWER_NOT_BODY = re.compile(r"(?:tổ(?!\s+chức\s+thu\s+(?:phí|lệ\s+phí)(?![\w]))|hội|trường|phòng|vụ|khối|cụm|quỹ|viện|đoàn|cục|kho|nhà|huyện|xã|phường|bộ|đại\s+biểu)\s"
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
_NEW_LIST = re.compile(r"các\s")
# A name inside the co-operating list of an assignment (`X chủ trì, phối hợp với Sở A, Sở B và các
# đơn vị liên quan, khẩn trương ...`) supports; it does not lead.
# (`phối hợp với các Sở: Tài chính, Kế hoạch và Đầu tư, Công ty X` names its list after a colon)
_SUPPORT_BEFORE = re.compile(rf"{_COOPERATE}(?:\s+(?:với|cùng))?\s(?P<names>(?:[^;:.\n]|(?<=Sở):[ ]|(?<=Bộ):[ ])*)$", re.IGNORECASE)
# The bodies a report goes to (`báo cáo Bộ X, UBND tỉnh`): a name later in that list is no subject.
_REPORTED_TO = re.compile(r"(?:báo\s+cáo|gửi(?:\s+(?:về|đến|tới))?|trình)\s(?P<names>[^;:.]*),\s$", re.IGNORECASE)
# (`đầu tư xây dựng` inside a name, `Ban Quản lý dự án đầu tư xây dựng số 1`, is no verb)
_VERB_WORD = re.compile(rf"(?<![\w])(?<!đầu\stư\s)(?-i:{_VERBS})(?![\w])")


def _wrapped_object(s: str, at: int) -> bool:
    """Whether a name at a line start `at` is the object of the line before (`... báo cáo\nBan Bí thư`)."""
    if not at or s[at - 1] != "\n":
        return False
    before = s[max(0, at - 40):at].rstrip()
    return bool(before) and before[-1] not in ".;:!?" and _NOT_ACTOR_BEFORE.search(before) is not None


def _is_subject(s: str, match: re.Match, lo: int) -> bool:
    """Whether a `_SUBJECT` match is a clause's subject, not a list's tail or a supporting unit."""
    start = match.start()
    if start >= 2 and s[start - 2] == "," and start == match.start("actor") and s[start].islower() \
            and not _NEW_LIST.match(s, start):
        return False
    if _wrapped_object(s, start):
        return False
    if start >= 2 and s[start - 2] == "," and (listed := _REPORTED_TO.search(s, max(lo, start - 300), start)) \
            and not _VERB_WORD.search(listed.group("names")):
        return False   # `tổng hợp, báo cáo Bộ Thông tin và Truyền thông, UBND tỉnh (trước ngày ...)`: told, not acting
    if _VIA.search(s, max(lo, start - 200), start):
        return False   # `báo cáo Thủ tướng Chính phủ (qua Bộ Nội vụ, Văn phòng Chính phủ) vào thứ Sáu`: the way a report goes
    if start >= 2 and s[start - 2] == ":" and _INVITES_BEFORE.search(s, max(lo, start - 300), start):
        return False   # `Mời đại diện lãnh đạo ... thuộc Bộ Y tế: Cục Phòng bệnh, ... cùng dự`: invited
    support = _SUPPORT_BEFORE.search(s, max(lo, start - 300), start)
    return not (support and not _VERB_WORD.search(support.group("names")))


# Inside the brackets of the way a paper goes (`(qua Bộ Nội vụ, Văn phòng Chính phủ)`, `(thông qua Sở X)`)
_VIA = re.compile(r"\((?:thông\s+)?qua\s[^()]*$", re.IGNORECASE)
# The colon of an invitation (`Mời đại diện lãnh đạo một số đơn vị thuộc Bộ Y tế:`): the names after
# it are whom the lead invites
_INVITES_BEFORE = re.compile(r"(?<![\w])mời(?![\w])[^.;:]*:\s$", re.IGNORECASE)


# `theo/căn cứ chức năng, nhiệm vụ (được giao)` and `quy định tại` (a rule's place) follow a body's name
# and are never part of it
_BY_DUTY = re.compile(r"[\s,]+(?:(?:theo|căn\s+cứ|trong\s+phạm\s+vi)\s+(?:chức\s+năng|thẩm\s+quyền)|quy\s+định\s+tại)(?![\w])",
                      re.IGNORECASE)


def _body_name(phrase: str | None) -> str | None:
    """An actor phrase cut where the body's name ends (after its place, before a verb); None when
    it names no body."""
    phrase = _tidy(phrase)
    if phrase and (duty := _BY_DUTY.search(phrase)):
        phrase = phrase[:duty.start()]   # `Thủ trưởng các đơn vị theo chức năng, nhiệm vụ được giao chịu trách nhiệm`
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
# (after a dash, or a letter of a task's list: `a) Cơ quan chủ trì: Sở Nội vụ;` / `b) Cơ quan phối hợp: ...` /
# `c) Thời gian thực hiện: Hoàn thành trước ngày 31 tháng 10 năm 2025.`)
_LEAD_LABEL = re.compile(r"[ \t]*(?:[-+•*–]|[a-zđ]\))?[ \t]*(?:(?:Đơn[ \t]+vị|Cơ[ \t]+quan)(?:[ \t]+chủ[ \t]+trì)?(?:[ \t]+thực[ \t]+hiện)?|"
                         r"Chủ[ \t]+trì(?:[ \t]+thực[ \t]+hiện)?|Trách[ \t]+nhiệm[ \t]+thực[ \t]+hiện)[ \t]*:[ \t]*(?P<actor>\S.*)",
                         re.IGNORECASE)
# a task's field that names who helps (`b) Cơ quan phối hợp: ...`, `- Đơn vị phối hợp: ...`): no lead, no heading
FIELD_OF_SUPPORT = re.compile(r"[ \t]*(?:[-+•*–]|[a-zđ]\))?[ \t]*(?:Đơn[ \t]+vị|Cơ[ \t]+quan)[ \t]+phối[ \t]+hợp", re.IGNORECASE)
# a lettered field of a task (`a) Cơ quan chủ trì: ...`, `c) Thời gian thực hiện: ...`): a line of the task's item, no item
FIELD_OF_TASK = re.compile(r"[ \t]*[a-zđ]\)[ \t]*(?:Đơn[ \t]+vị|Cơ[ \t]+quan|Thời[ \t]+gian|Thời[ \t]+hạn|Chủ[ \t]+trì|Sản[ \t]+phẩm|"
                           r"Kết[ \t]+quả|Kinh[ \t]+phí|Trách[ \t]+nhiệm)[^:\n]{0,40}:", re.IGNORECASE)
PARAGRAPH_REACH = 1_500   # how far back in its paragraph a deadline's subject is looked for
_RECURRING_LEAD = re.compile(r"(?:định\s+kỳ|hằng|hàng|mỗi)\s", re.IGNORECASE)


def _actor(s: str, clause_start: int, anchor: int, after: tuple[int, int] | None = None,
           issuer: str | None = None) -> str | None:
    """Who must act: the clause's subject, a subject earlier in the clause or paragraph (`Căn cứ ...,
    Thủ trưởng các cơ quan ... triển khai thực hiện. Định kỳ ... báo cáo`), a `Giao/Đề nghị X`, else the
    nearest heading above (`1. Các cơ quan, đơn vị, địa phương`, `- Sở Nội vụ:`, `a) Bộ Nội vụ:`).
    The first of these that names a body wins; a bare head that heads the document's own issuer
    (`Trung tâm dự kiến tổ chức Hội thảo` in a report of the Trung tâm Xúc tiến Đầu tư) is the issuer."""
    for candidate in _actor_candidates(s, clause_start, anchor, after):
        phrase = _addressee(candidate)
        name = _body_name(phrase) or _own_head(phrase, issuer)
        if name:
            return name
    return None


def _own_head(phrase: str | None, issuer: str | None) -> str | None:
    """The issuer, when `phrase` is a bare head (`Sở`, `Trung tâm`) its name starts with.

    >>> _own_head("Trung tâm", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch")
    'Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch'
    >>> _own_head("Sở", "Ủy ban nhân dân tỉnh Lâm Đồng") is None
    True
    """
    head = (_tidy(phrase) or "").casefold()
    if not issuer or head not in _BARE_HEADS or not issuer.casefold().startswith(head + " "):
        return None
    return issuer


# A body the document names by its initials, given in brackets after its name (`Tập đoàn Công nghiệp
# - Năng lượng Quốc gia Việt Nam (PVN)`), is a subject by those initials: `PVN khẩn trương hoàn thiện`.
_DEFINED_INITIALS = re.compile(r"\((?<=\w \()(?P<initials>[A-ZĐ]{2,8})\)")   # (`(` first: scanned for fast)
_INITIALS_SUBJECT = re.compile(rf"(?:^|(?<=[:;,.]\s)|(?<=\n))(?P<actor>[A-ZĐ]{{2,8}})\s+(?=(?-i:{_VERBS})\b)")


@lru_cache(maxsize=4)
def _defined_initials(s: str) -> frozenset[str]:
    return frozenset(m.group("initials") for m in _DEFINED_INITIALS.finditer(s))


def _initials_subject(s: str, lo: int, hi: int) -> str | None:
    """The last subject in s[lo:hi] that is a body's initials the document defined."""
    defined = _defined_initials(s)
    if not defined:
        return None
    found = [m.group("actor") for m in _INITIALS_SUBJECT.finditer(s, lo, hi) if m.group("actor") in defined]
    return found[-1] if found else None


# A paper to be sent, and whose it is: `Công văn phúc đáp của Sở Nội vụ gửi về Sở Tư pháp`, `Ý kiến góp ý
# của các đơn vị gửi về ...`
_PAPER_OF = re.compile(rf"(?:công\s+văn|văn\s+bản|ý\s+kiến|báo\s+cáo|hồ\s+sơ|danh\s+sách|đề\s+xuất)(?:\s+[^\s,;:.]+){{0,3}}?"
                       rf"\s+của\s+(?P<actor>{_ORG_HEAD}[^:;,.\n]{{0,100}}?)\s+(?:gửi|nộp|chuyển)(?![\w])", re.IGNORECASE)


# A congress put off to a day: the body whose congress it is must hold it by then, not the committee
# that agrees (`Thống nhất gia hạn thời gian tổ chức đại hội của Hiệp hội Nhà thầu xây dựng đến ngày ...`)
_CONGRESS_EXTENDED = re.compile(rf"gia\s+hạn[^.;\n]{{0,60}}?đại\s+hội\s+(?:của\s+)?(?P<actor>{_ORG_HEAD}[^.;:\n]{{0,100}}?)"
                                rf"\s+(?:nhiệm\s+kỳ|lần\s+thứ|chậm\s+nhất|đến|tới|trước)(?![\w])", re.IGNORECASE)
# ... or held on a day it agrees to: `Thống nhất để Hiệp hội X tổ chức đại hội lần thứ V ... vào ngày ...`
_CONGRESS_AGREED = re.compile(rf"thống\s+nhất\s+(?:để|cho)\s+(?P<actor>{_ORG_HEAD}[^.;:\n]{{0,100}}?)\s+(?:tổ\s+chức|tiến\s+hành)\s",
                              re.IGNORECASE)


def _actor_candidates(s: str, clause_start: int, anchor: int, after: tuple[int, int] | None = None):
    """The phrases that may name the actor, nearest and strongest first."""
    paragraph_start = s.rfind("\n", 0, clause_start) + 1
    # a recurring deadline's own first words may follow the subject (`... địa phương định kỳ hằng tuần`)
    peek = min(len(s), anchor + 30) if _RECURRING_LEAD.match(s, anchor) else anchor
    match = _ACTOR_AT_START.match(s, clause_start, peek)
    if match and match.end("actor") <= anchor and not _wrapped_object(s, clause_start):
        yield actor_with_members(s, match)
    paper = _PAPER_OF.search(s, clause_start, anchor)
    if paper:   # `Công văn phúc đáp của Sở Nội vụ gửi về Sở Tư pháp chậm nhất ...`: who owes the paper
        yield paper.group("actor")
    # the deadline's phrase opens with `gia hạn`, or its clause does before a cue of its own (`chậm nhất`)
    extended = (_CONGRESS_EXTENDED.match(s, anchor) or _CONGRESS_EXTENDED.search(s, clause_start, anchor)
                or _CONGRESS_AGREED.match(s, anchor))
    if extended:   # `gia hạn thời gian tổ chức đại hội Hiệp hội X nhiệm kỳ V chậm nhất đến ngày ...`
        yield extended.group("actor")
    # `... do Ban X triệu tập`, `Việc giới thiệu ... của các cơ quan, tổ chức, đơn vị được tiến hành ...`
    for passive in (CONVENED_BY.search(s, clause_start, after[1] if after else anchor), NOMINAL_OF.search(s, clause_start, anchor)):
        if passive:
            yield passive.group("actor")
    # a paragraph's subject is read within reach: a text without line ends is one paragraph
    for lo, hi in ((clause_start, anchor), (max(paragraph_start, clause_start - PARAGRAPH_REACH), clause_start)):
        # the last subject: read from the end (each is weighed by several patterns)
        subject = _last_subject(s, lo, hi, lo, _ASKS)
        if subject:
            yield subject.group("actor")
        if initials := _initials_subject(s, lo, hi):
            yield initials
    if above := _subject_above(s, paragraph_start):   # the sentence goes on from the line above
        yield above
    # a PDF wraps a sentence's lines: the body its first line asks to act (`Chủ tịch UBND tỉnh giao Sở
    # X chủ trì, phối hợp với các cơ` / `quan ...; tổng` / `hợp, báo cáo ... (trước ngày 10/02/2025)`)
    prose_start = _prose_paragraph_start(s, paragraph_start, clause_start - PARAGRAPH_REACH)
    if prose_start < paragraph_start and _ASKS.search(s, max(prose_start, clause_start - PARAGRAPH_REACH) - 1, paragraph_start):
        asked = next((m for m in reversed(list(_SUBJECT.finditer(s, max(prose_start, clause_start - PARAGRAPH_REACH), paragraph_start)))
                      if _is_subject(s, m, prose_start) and _ASKS.search(" " + m.group(0))), None)
        if asked:
            yield asked.group("actor")
    # a scan's lines are lines whatever the rest of its text: a line that opens in lower case under a
    # line with no stop goes on with that sentence, whose subject acts (`Lưu ý: Sinh viên - Học sinh
    # xem lịch thi ... cụ thể` / `vào trước ngày 20/06/2015 tại các khoa đào tạo`)
    if prose_start < paragraph_start and s[paragraph_start:paragraph_start + 1].islower():
        wrapped = _last_subject(s, max(prose_start, clause_start - PARAGRAPH_REACH), paragraph_start, prose_start)
        if wrapped:
            yield wrapped.group("actor")
    match = _ACTOR_AT_START.match(s, paragraph_start, anchor)
    if match and not _wrapped_object(s, paragraph_start):
        yield actor_with_members(s, match)
    if after:   # the deadline first, its subject next: `Định kỳ hằng tháng, trước ngày 20, Sở Tài chính báo cáo`;
        # right after the deadline's comma a subject in lower case that must act is no list's tail
        # (`Chậm nhất là ngày 05 hàng tháng, tổ chức thu phí phải gửi ...`)
        subject = next((m for m in _SUBJECT.finditer(s, *after)
                        if _is_subject(s, m, after[0]) or (s[after[0]:m.start()].strip() == ","
                                                            and _MUST.match(s, m.end("actor")))), None)
        if subject:
            yield subject.group("actor")
    below = _label_below(s, clause_start)
    if below:   # `- Thời gian: ...` then `- Đơn vị chủ trì: ...` in the same item
        yield below
    if _TIMING_PARAGRAPH.match(s, paragraph_start):   # `Thời gian hoàn tất: trước ngày ...` under its task
        task = _task_above(s, paragraph_start)
        if task:
            yield task
    if convened := convened_below(s, paragraph_start):   # the items after it say who convenes what it names
        yield convened
    yield from _headings_above(s, paragraph_start)


# The bodies a line opens with, a list of them parted by semicolons too (`Các sở, ban, ngành; Ủy ban
# nhân dân các huyện, thành phố và các cơ quan, tổ chức có liên quan căn cứ chức năng, ... xây dựng`)
_LINE_SUBJECT = re.compile(rf"{_LEAD_IN}(?P<actor>{_ORG_HEAD}[^:.\n]{{0,200}}?)\s*,?\s+(?=(?-i:{_VERBS})\b)", re.IGNORECASE)


def _subject_above(s: str, paragraph_start: int) -> str | None:
    """The subject of the line above, when the deadline's line goes on with its sentence: it opens in
    lower case after a line that ends in `;` or `,` (`... chủ động xây dựng Kế hoạch triển khai thực
    hiện;` / `định kỳ hàng năm (trước ngày 15/11) báo cáo kết quả thực hiện về Sở X`)."""
    if paragraph_start < 2 or not s[paragraph_start].islower() or s[paragraph_start - 2] not in ";," \
            or _MARKERS.match(s, paragraph_start):   # (`k) Định kỳ hằng năm, báo cáo`: an item of its own)
        return None
    above_start = s.rfind("\n", 0, paragraph_start - 1) + 1
    if paragraph_start - above_start > PARAGRAPH_REACH:
        return None
    match = _LINE_SUBJECT.match(s, above_start, paragraph_start - 1)
    return match.group("actor") if match else None


# A task's time given as a paragraph of its own under it (`Thời gian hoàn tất: trước ngày 30 tháng 9 năm
# 2014.`): the paragraph above is the task, and the last subject there acts (`Trên cơ sở đề nghị của
# UBND quận, huyện, Sở Xây dựng chủ trì, phối hợp với ... lập Đề án ...`)
_TIMING_PARAGRAPH = re.compile(r"[ \t]*(?:Thời[ \t]+gian|Thời[ \t]+hạn|Tiến[ \t]+độ)"
                               r"(?:[ \t]+(?:hoàn[ \t]+(?:thành|tất)|thực[ \t]+hiện))?[ \t]*:", re.IGNORECASE)


def _task_above(s: str, paragraph_start: int) -> str | None:
    """The last subject of the prose paragraph above `paragraph_start` (blank lines aside); None
    when that is a heading or names no subject."""
    end = paragraph_start - 1
    while end > 0 and s[end - 1] == "\n":
        end -= 1
    start = s.rfind("\n", 0, end) + 1
    if end - start <= 160 and _ITEM_START.match(s[start:end]):
        return None
    last = _last_subject(s, max(start, end - PARAGRAPH_REACH), end, start)
    return last.group("actor") if last else None


def _last_subject(s: str, lo: int, hi: int, scope: int, within: re.Pattern | None = None) -> re.Match | None:
    """The last clause subject in s[lo:hi] (`_is_subject` weighed from `scope`). A match taken for a
    list's tail may hold a subject after its commas (`..., huyện, Sở Xây dựng chủ trì`): the search
    goes on inside it, or with `within` only from where that matches inside it (`... giữa các Bộ, cơ quan,
    nhất là ..., giao Bộ Tài chính chủ trì`: an assignment, not any name after a comma)."""
    last, at = None, lo
    while match := _SUBJECT.search(s, at, hi):
        if _is_subject(s, match, scope):
            last, at = match, match.end()
        elif within is None:
            at = match.start() + 1
        else:
            inner = within.search(s, match.start() + 1, match.end())
            at = inner.start() + 1 if inner else match.end()
    return last


# An item's assignment: `..., giao Sở Tài chính chủ trì, ...` (a rule's `đề nghị`/`yêu cầu` in a
# law's item is a right, not an assignment)
_ASSIGNS = re.compile(rf"(?<![\w])giao\s+(?:cho\s+)?{ACTOR_THEN_VERB}", re.IGNORECASE)


# A lead-in that names whom its list asks, right before its colon (`Thủ tướng Chính phủ yêu cầu Chủ tịch
# Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:`)
_ASKED_TO_LIST = re.compile(rf"(?<![\w])(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)\s+(?P<actor>{_ORG_HEAD}[^:;.\n]{{0,160}}?)\s*:\s*$",
                            re.IGNORECASE)


def _actor_of(match: re.Match | None) -> str | None:
    return match.group("actor") if match else None


def _line_lead(s: str, line: str, line_start: int, paragraph_start: int) -> str | None:
    """Who a line above a deadline puts first: the body an item assigns (`2. Trên cơ sở báo cáo của
    Công ty X, giao Sở Tài chính chủ trì, ...`), else the line's subject (`3. Các Bộ, cơ quan, địa
    phương dự Hội nghị ...`)."""
    asked = _asked_in_item(s, line_start, paragraph_start) if _ITEM_START.match(line) else None
    if asked:
        return asked
    match = _ACTOR_AT_START.match(line)
    return actor_with_members(line, match) if match else None


_NEXT_ITEM = re.compile(r"\n[ \t]*(?:\(\d+\)|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+\.)\s")


def _asked_in_item(s: str, start: int, end: int) -> str | None:
    """The body the last `giao` of the item at `start` assigns to act, when the item runs on to `end`
    (the deadline's paragraph) with no other item between."""
    if end - start > PARAGRAPH_REACH or "giao" not in s[start:end].lower() or _NEXT_ITEM.search(s, start, end):
        return None   # (the literal first: the pattern, case-blind, would be tried at every character)
    found = list(_ASSIGNS.finditer(s, start, end))
    return found[-1].group("actor") if found else None


def _headings_above(s: str, paragraph_start: int):
    """The actor phrases of the lines above a deadline's paragraph that may lead it: a lead label, the
    heading of its item or of an item above, the lead-in of its list; the first found ends the walk."""
    own = _marker_kind(s, paragraph_start)
    own_depth = _depth(s, paragraph_start)
    line_end = paragraph_start - 1
    for _ in range(40):
        if line_end <= 0:
            break
        line_start = s.rfind("\n", 0, line_end) + 1
        line = s[line_start:line_end]
        if own_depth and _depth(s, line_start) >= own_depth:
            line_end = line_start - 1   # `4.4. UBND cấp xã: ...` above `5. Thời gian thực hiện: ...`: an item
            continue                    # of an earlier section (or that section), no heading of this one
        if _HEADER_END.search(line, 0, HEADER_LINE):   # the letter's header: its bodies issue or receive, not act
            return
        labelled = _LEAD_LABEL.match(line)
        if labelled:   # `- Đơn vị chủ trì thực hiện: Sở Nội vụ.` above `- Thời gian hoàn thành: ...`
            yield _LEAD_CUT.split(labelled.group("actor"), maxsplit=1)[0]
            return     # (a plan's steps without a label of their own keep the last one given)
        if FIELD_OF_SUPPORT.match(line):
            line_end = line_start - 1   # who helps is no heading of the task
            continue
        if own and _marker_kind(s, line_start) == own:
            line_end = line_start - 1   # a sibling item (`3. Cơ quan X có trách nhiệm ...` above `5. Định kỳ ...`)
            continue                    # is another task: only a heading above the list leads this one
        if len(line) <= 160:
            heading = _HEADING.match(line.strip())
            if heading and not heading.group("actor").isupper() and _bodies_only(heading.group("actor")):
                # `Ban Thường trực ... xã Lương Minh xây dựng kế hoạch ... như sau:`: the subject only
                subject = _SUBJECT.match(line.strip()) or (":" not in heading.group("actor") and _ACTOR_AT_START.match(line.strip()))
                # `a) Bộ Y tế chủ trì, phối hợp chặt chẽ với các bộ, cơ quan liên quan:`: who leads
                yield _LEAD_CUT.split((subject or heading).group("actor"), maxsplit=1)[0]
                return
            if _ITEM_START.match(line) and (item_lead := _line_lead(s, line, line_start, paragraph_start)):
                yield item_lead
                return
        elif item_lead := _line_lead(s, line, line_start, paragraph_start):
            yield item_lead
            return
        if line.rstrip().endswith(":"):   # the lead-in of a list: `..., UBND tỉnh giao Sở Nội vụ chủ trì, ... các nội dung sau:`
            lead = _LEAD.search(line)
            request = lead or _REQUEST.search(line) or _ASKED_TO_LIST.search(line)
            if request:
                yield request.group("lead" if lead else "actor")
                return
        line_end = line_start - 1


def _prose_paragraph_start(s: str, line_start: int, lo: int) -> int:
    """The start of the paragraph whose line starts at `line_start`: lines wrapped by a PDF (the line
    above ends with no stop, and this one opens no list item) go back to where the sentence began.

    >>> s = "1. Sở A báo cáo.\\nChủ tịch UBND tỉnh giao Sở B chủ trì, phối hợp với các cơ\\nquan liên quan; tổng\\nhợp"
    >>> s[_prose_paragraph_start(s, s.index("hợp"), 0):][:20]
    'Chủ tịch UBND tỉnh g'
    """
    while line_start > max(lo, 0) + 1:
        last = line_start - 2   # the last character of the line above, spaces aside
        while last >= 0 and s[last] in " \t":
            last -= 1
        if last < 0 or s[last] in ".:;!?|\n" or _MARKERS.match(s, line_start) or _DASH_ITEM.match(s, line_start) \
                or s[line_start:line_start + 8].lstrip(" \t")[:1] == "|":
            break
        line_start = s.rfind("\n", 0, line_start - 1) + 1
    return line_start


_BODY_START = re.compile(rf"\s*{_ORG_HEAD}", re.IGNORECASE)


def _bodies_only(heading: str) -> bool:
    """Whether a heading with semicolons is a list of bodies (`Các sở, ban, ngành; UBND các xã`),
    each part a body's name with no verb, rather than a sentence (`... theo quy định; hướng dẫn ...`)."""
    if ";" not in heading:
        return True
    return all(_BODY_START.match(part) and not _VERB_WORD.search(part) for part in heading.split(";"))


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


# The words after which a name is no actor (`báo cáo về UBND tỉnh`; an address, `gửi về Sở X theo địa
# chỉ: Phòng Tổng hợp, Sở X`) and where a lead's name ends (`chủ trì`, `phối hợp`); the NER fallback reads
# them too.
_NOT_ACTOR_BEFORE = re.compile(r"(?:\b(?:về|cho|với|qua|tới|đến|của|thuộc|tại|trước|giúp|và|hoặc|gửi|báo\s+cáo|"
                               r"trình|đề\s+nghị|theo)|\bđịa\s+chỉ\s*:|[(/])\s*$", re.IGNORECASE)
_LEAD_CUT = re.compile(r"\s+chủ\s+trì\b|,?\s*phối\s+hợp\b|\s*[;.]\s*$", re.IGNORECASE)

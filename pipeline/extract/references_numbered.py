"""Citations by number: every code the text prints that cites a document, read as one phrase.

For each code (`find_codes`, run once by `extract_references`): the type word before it, then
after it the date, the issuer (a known body's name with its commas and `và`, a name wrapped at a
line end, else up to where the sentence moves on) and the title (`về việc ...`); the relation from
the clause that governs it. Left out: the document's own number (its code, a `Số:` line in the
header), the nơi nhận list, editors' notes and examples, the types that are no citation. A citation
named only inside the previous one's title (`... sửa đổi, bổ sung Thông tư số ...`) is marked
`nested` (`_nested`).
"""
from __future__ import annotations

import bisect
import re

from ..read.text import Text
from .codes import PARTY_BODY, PARTY_KIND
from .references_facts import Mention, Reference
from .references_issuers import (
    _BARE_HEADS,
    Context,
    iso_date,
    issuer_from_code,
    joint_issuer,
    resolve_issuer,
    type_of,
)
from .references_merge import _code_key, _identity
from .references_patterns import PLACE_LEVELS, UPPER, _blocked, _patterns, _tables, type_before
from .references_relations import relation_at

# The start of the header's number line up to a code on it: `Số: `, or `Số: R09 /` where a
# handwritten number was read as junk by OCR
_OWN_NUMBER_LINE = re.compile(r"[ \t|*]*(?:Số|SỐ|Sô|Só)[ \t]*[:.]?[^\n]{0,12}$")


# the Party body after a list of its documents is each one's (`Nghị quyết 57 và Nghị quyết 68 của Bộ Chính
# trị`, `Kết luận số 126-KL/TW, 127-KL/TW và 130-KL/TW của Bộ Chính trị`), not only the last's
_SHARED_PARTY_BODY = re.compile(
    rf"(?:\s*(?:,|và)\s*(?:{PARTY_KIND}\s+)?(?:số\s+)?[\w/.-]{{1,20}})+"
    rf"\s*,?\s*(?:của|do)\s+(?P<issuer>{PARTY_BODY})(?![\w])")
# `Xét đề nghị của Hiệp hội Doanh nghiệp tỉnh tại Công văn số 282/HHDN-K4`: the body named before the
# citation sent it, when nothing after it and no code says who did
_SENT_BY_BEFORE = re.compile(rf"(?<![\w])của\s+(?P<issuer>[{UPPER}][^,;:()\n]{{2,100}}?)\s+tại\s*$")
_COMMITTEE = "Ủy ban nhân dân "
# A body named before the bracket that holds its paper, in a list of who was consulted: `... thống
# nhất ý kiến với Ban tổ chức Trung ương Đảng (Văn bản số 152/CV-TCTW ...), Bộ Tài chính (Văn bản số
# 4773/TC-CSTC ngày 25/5/2001)`
_NAMED_BEFORE_BRACKET = re.compile(
    rf"(?:^|[,;]\s*|(?<![\w])(?:với|và|của)\s+)(?P<issuer>(?:{'|'.join(sorted(_BARE_HEADS, key=len, reverse=True))})"
    rf"\s+[{UPPER}][^,;:()\n]{{1,80}}?)\s*\(\s*$")


def _numbered(text: Text, context: Context, starts: list[int], cited: list[int], codes) -> list[Reference]:
    patterns, tables = _patterns(), _tables()
    s = text.text
    own = _code_key(context.own_code)
    not_citations = {w.casefold() for w in tables["citations"]["not_citations"]}
    found = []
    previous_end = -1
    for code, start, end in codes:
        if own and _is_own(_code_key(code.text), own):
            continue
        if _blocked(text, start):
            continue
        type_match = type_before(s, start)
        type_word = type_match[0] if type_match else None
        if type_word and type_word.casefold() in not_citations:
            continue
        phrase_start = type_match[1] if type_match else start
        if not type_match and start < 1500 and _OWN_NUMBER_LINE.match(s, s.rfind("\n", 0, start) + 1, start):
            continue  # a `Số:` line in the header: the document's own number, however typed (or OCR'd)
        cursor = end
        date = None
        date_match = patterns["date_after"].match(s, cursor, min(len(s), cursor + 60))
        if date_match:
            date = iso_date(date_match.group("date") or date_match.group("pdate"))
            cursor = date_match.end()
        if date is None:
            date = _date_before(s, phrase_start)
        issuer, cursor = _issuer_after(s, cursor, context)
        title = None
        title_match = patterns["title_after"].match(s, cursor, min(len(s), cursor + 320))
        if title_match:
            title = title_match.group("title").strip(" ,“”\"")
        kind = type_of(code, type_word)
        issuer = joint_issuer(code) or issuer   # `liên Bộ Quốc phòng - Bộ LĐTBXH - Bộ Tài chính`: every one
        if issuer in _BARE_HEADS:   # `của Bộ`, `của Sở`: the code says which
            issuer = issuer_from_code(code, code.type_code, context) or issuer
        if issuer is None and code.form == "party" and (shared := _SHARED_PARTY_BODY.match(s, cursor, cursor + 200)):
            issuer = resolve_issuer(shared.group("issuer"), context)
        sent_by = _SENT_BY_BEFORE.search(s, max(0, phrase_start - 150), phrase_start) if issuer is None else None
        if issuer is None:
            issuer = issuer_from_code(code, code.type_code, context)
            if issuer and issuer.startswith(_COMMITTEE) and sent_by:
                # a `UBND` code is any level's: `đề nghị của UBND thị trấn Mộ Đức tại Tờ trình số
                # 304/TTr-UBND` is the town's, not the province's the context guesses
                named = resolve_issuer(sent_by.group("issuer"), context)
                issuer = named if named and named.startswith(_COMMITTEE) and " tại " not in named else issuer
        if issuer is None and (sender := sent_by or _NAMED_BEFORE_BRACKET.search(s, max(0, phrase_start - 120), phrase_start)):
            issuer = resolve_issuer(sender.group("issuer"), context)
            issuer = None if issuer in _BARE_HEADS else issuer   # `của Trung tâm tại ...`: which one, unsaid
        year = code.year or (int(date[:4]) if date else None)
        mention = Mention(phrase_start, cursor, s[phrase_start:cursor])
        # relation_at looks at most 800 characters back: the citations there, this one's own left out
        # (the whole list filtered for every code was quadratic on a text of thousands of codes)
        near = cited[bisect.bisect_left(cited, phrase_start - 800):bisect.bisect_left(cited, phrase_start - 1)]
        found.append(Reference(_identity(code, issuer, year), kind, code.text, title, date, issuer, year,
                               relation_at(s, phrase_start, starts, near), (mention,), code.number,
                               _nested(s, previous_end, phrase_start)))
        previous_end = end
    return found


def _is_own(key: str, own: str) -> bool:
    """Whether a code is the document's own: the same, or with a footnote mark a PDF glued to it
    (`ÁN LỆ SỐ 40/2021/AL1` is 40/2021/AL with its note 1)."""
    return key == own or (len(key) == len(own) + 1 and key.startswith(own) and key[-1].isdigit() and own[-1].isalpha())


def _issuer_after(s: str, cursor: int, context: Context) -> tuple[str | None, int]:
    """The issuer named after a citation's code and date (`của ...`, `do ...`), resolved, and where
    the citation's phrase now ends; (None, cursor) when none is named."""
    patterns = _patterns()
    window_end = min(len(s), cursor + 130)
    match = patterns["known_after"].match(s, cursor, window_end) or patterns["issuer_after"].match(s, cursor, window_end)
    if not match:
        return None, cursor
    raw, end = match.group("issuer"), match.end("issuer")
    if (raw.strip() in _BARE_HEADS.difference(_OFFICE_TITLES) or raw.strip() in _POSTS_OF or _cut_in_head(raw)) \
            and (goes_on := _NAME_GOES_ON.match(s, end)):
        # `của Sở` / `Văn hóa thể thao du lịch`, `của Ban` / `Chỉ đạo Trung ương`: a name never ends at
        # its head word; the line end inside it is read as a space (same length: offsets hold)
        line_end = goes_on.start("line_end")
        joined = s[cursor:line_end] + " " + s[line_end + 1:min(len(s), cursor + 160)]
        rematch = patterns["known_after"].match(joined) or patterns["issuer_after"].match(joined)
        if rematch and rematch.end("issuer") > end - cursor + 1 and not rematch.group("issuer").startswith(_OFFICE_TITLES):
            return resolve_issuer(rematch.group("issuer"), context), cursor + rematch.end()
    wrapped = _PLACE_WRAPPED.match(s, end) if _ENDS_WITH_LEVEL.search(raw) else None
    if wrapped:  # `của Ủy ban nhân dân tỉnh` / `Bạc Liêu`: a hard line break inside the name
        return resolve_issuer(s[match.start("issuer"):wrapped.end()], context), wrapped.end()
    level = _LEVEL_WRAPPED.match(s, end) if raw.strip() in _COUNCILS else None
    if level:    # `của UBND` / `thị xã Đức Phổ về việc ...`: the level and place went to the next line
        return resolve_issuer(raw.strip() + " " + level.group("place"), context), level.end()
    return resolve_issuer(raw, context), match.end()


# The words of a cited document's title that name another document as its object: `Thông tư liên
# tịch số 25/2010/TTLT-... về việc sửa đổi, bổ sung Thông tư liên tịch số 17/2006/... và thay thế
# Thông tư liên tịch số 06/2007/...`, `Nghị định số 95/2021/NĐ-CP ... sửa đổi, bổ sung một số điều
# của Nghị định số 83/2014/NĐ-CP`, `Thông tư số 10/2019/TT-BXD hướng dẫn thi hành Nghị định số ...`.
_NESTING = re.compile(
    r"(?:(?:sửa\s+đổi,?\s+)?bổ\s+sung(?:,?\s+sửa\s+đổi)?|sửa\s+đổi|thay\s+thế|hướng\s+dẫn(?:\s+(?:thi\s+hành|thực\s+hiện))?|"
    r"quy\s+định\s+chi\s+tiết(?:\s+(?:và\s+hướng\s+dẫn\s+)?thi\s+hành)?|"
    r"biện\s+pháp\s+(?:hướng\s+dẫn\s+)?thi\s+hành)"   # `quy định chi tiết một số điều và biện pháp thi hành Luật ...`
    r"(?:\s+(?:một\s+số\s+(?:điều|nội\s+dung)|(?:các\s+)?(?:điểm|khoản|điều|Điều)\s+\w{1,4}(?:\s*(?:,|và)\s*\w{1,4}){0,6}))?"
    r"(?:\s+(?P<at>của|tại))?\s*$", re.IGNORECASE)   # `... một số điều tại Luật số 61/2014/QH13`: the amending law
NESTING_REACH = 300


def _nested(s: str, previous_end: int, start: int) -> bool:
    """The citation at `start` is named in the title of the citation that ends at `previous_end`:
    only the title's words (its date, issuer, `về việc ...`, no `;`, `.`, table cell or blank
    line) stand between them, and they end with a verb whose object the citation is. ANNOTATION.md:
    such a document is no entry of its own unless it is cited elsewhere."""
    if previous_end < 0 or not 0 < start - previous_end <= NESTING_REACH:
        return False
    gap = s[previous_end:start]
    if any(mark in gap for mark in (";", "|", "\n\n", ". ", ".\n")):
        return False
    tail = max(0, len(gap) - 120)
    verb = _NESTING.search(gap, tail)
    # `Luật ... số 85/2015/QH13 được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15`: the
    # amending law is cited in its own right, not named in a title; but after the title's `về việc` the
    # passive is the title's (`Quyết định số 443/QĐ-BYT ... về việc công bố thủ tục hành chính được sửa
    # đổi, bổ sung tại Thông tư số 57/2024/TT-BYT`)
    if verb is None:
        return False
    in_title = _TITLE_OPENS.search(gap, 0, verb.start()) is not None
    if (verb.group("at") or "").lower() == "tại" and not in_title:
        return False   # (`sửa đổi, bổ sung một số điều tại Luật số 61/2014/QH13`: cited in its own right)
    return in_title or not _PASSIVE_BEFORE.search(gap, tail, verb.start())


_PASSIVE_BEFORE = re.compile(r"(?:được|bị)\s*(?:\(|,)?\s*$", re.IGNORECASE)
_TITLE_OPENS = re.compile(r"(?<![\w])về\s+việc(?![\w])", re.IGNORECASE)


_ENDS_WITH_LEVEL = re.compile(rf"(?<![\w])(?:{'|'.join(PLACE_LEVELS)})\s*$", re.IGNORECASE)
# the first word of a new paragraph, not of a name a line end broke (`Căn cứ ...`, `Điều 2.`)
_PARAGRAPH_CUE = r"(?:Căn|Thực|Theo|Xét|Kính|Nơi|Điều|Phần|Mục|Chương|Triển)\s"
# a post, not a body: the code names the body better than the rest of the line (`của Bộ trưởng` /
# `Bộ Lao động - Thương binh và` / `Xã hội`)
_OFFICE_TITLES = ("Bộ trưởng", "Giám đốc Sở")
# a post is no issuer alone: the body it heads is on the next line (`của Chủ tịch` / `UBND tỉnh về việc`,
# `của Trưởng Ban` / `Chỉ đạo 138 tỉnh`, as OCR gives a scan's lines)
_POSTS_OF = frozenset({"Chủ tịch", "Phó Chủ tịch", "Trưởng Ban", "Trưởng ban", "Phó Trưởng Ban", "Giám đốc", "Thủ trưởng",
                       "Hiệu trưởng", "Viện trưởng", "Cục trưởng"})


def _cut_in_head(raw: str) -> bool:
    """Whether a body's name is cut at a line end inside its head words, as a scan's or a PDF's lines
    wrap: a name never ends at `Ủy`, `Đại` or `Chấp` (`của Trường Đại` / `học Tây Đô`), nor a post at the bare
    head of its body (`của Chủ tịch Ủy ban` / `nhân dân tỉnh`, `của Hiệu trưởng Trường` / `Đại học ...`)."""
    words = raw.split()
    if words and words[-1] in _NEVER_LAST:
        return True   # (`của Ủy` / `ban nhân dân tỉnh` too)
    if len(words) < 2:
        return False
    return (words[-1] in _BARE_HEADS or " ".join(words[-2:]) in _BARE_HEADS) and \
        any(raw.startswith(post + " ") for post in _POSTS_OF)


_NEVER_LAST = frozenset({"Ủy", "Đại", "Chấp"})   # (`Ban Chấp` / `hành Trung ương`)


# a line that goes on with a name's next word, not a new paragraph's cue
_NAME_GOES_ON = re.compile(rf"[ \t]*(?P<line_end>\n)[ \t]*(?!{_PARAGRAPH_CUE})\w")
_COUNCILS = frozenset({"UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân"})
_LEVEL_WRAPPED = re.compile(rf"[ \t]*\n[ \t]*(?P<place>(?:{'|'.join(PLACE_LEVELS)})[ \t]+[{UPPER}][\w]*(?:[ \t]+[{UPPER}][\w]*){{0,3}})")
_PLACE_WRAPPED = re.compile(rf"[ \t]*\n[ \t]*(?!{_PARAGRAPH_CUE})[{UPPER}][\w]*(?:[ \t]+(?:[-–][ \t]+)?[{UPPER}][\w]*){{0,3}}")


_DATE_BEFORE = re.compile(r"(?:[Nn]gày)\s+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}),?\s+(?P<who>[^.;\n]{3,90}?)\s+(?:đã\s+)?(?:có|ban hành|ký|gửi)\s+$")


def _date_before(s: str, start: int) -> str | None:
    """`ngày 16/8/2018 Bộ ... đã có Công văn số 3395`: the date stands before the citation."""
    match = _DATE_BEFORE.search(s[max(0, start - 160):start])
    return iso_date(match.group(1)) if match else None

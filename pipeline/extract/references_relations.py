"""Why a document is cited: `based_on`, `implements` or `mentions`.

`relation_at` decides it from the clause that governs a mention (a cue opening the sentence, or one
right before the mention; a body's past act is history, a mention), over `sentence_starts`;
`RELATION_RANK` orders the relations, so that the strongest of a document's mentions wins. A
tờ trình's, đề án's or appraisal report's legal-basis sections (`legal_basis_sections`, for the
documents `_argues` picks) make their citations legal grounds, save the history they tell.
"""
from __future__ import annotations

import bisect
import re

from .references_patterns import _patterns, _tables, type_before

# ----------------------------------------------------------------------------------------------
# Relation: the clause that governs the mention


_BULLET = re.compile(r"^[\s\-+*•]*(?:[0-9IVXa-zđ]{1,4}[.)]\s*)*")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts (after a line break or a full stop), computed once."""
    return [0] + [m.end() for m in _patterns()["sentence_start"].finditer(text)]


def _cue_index(match: re.Match[str]) -> int:
    """Which of the table's citation cues the "cue" pattern matched: its alternatives are the groups `c0`, `c1` ..."""
    assert match.lastgroup is not None  # each alternative of the "cue" pattern is a named group
    return int(match.lastgroup[1:])


def relation_at(text: str, start: int, starts: list[int] | None = None, cited: list[int] | None = None) -> str:
    """`based_on`, `implements` or `mentions`, from the clause that governs the mention.

    A cue that opens the mention's sentence (`Căn cứ Nghị định ...`, `Thực hiện ...; Chỉ thị
    số 02`) governs all of it; a cue inside a sentence only governs a mention right after it
    (`triển khai có hiệu quả Kế hoạch số 1663`) that no other citation precedes in the sentence
    (`Kết luận 149 về đẩy mạnh thực hiện Nghị quyết 21` is the Kết luận's business). `cited`
    lists where the text's citations start."""
    patterns, citations = _patterns(), _tables()["citations"]
    if starts is None:
        starts = sentence_starts(text[:start])
    at = bisect.bisect_right(starts, start) - 1
    # a line that opens with a document's type after a line ending in `;` goes on its list (`Căn cứ Luật
    # Tổ chức chính quyền địa phương ngày 19/6/2015;` / `Luật sửa đổi, bổ sung ...`): the list's cue governs it
    for _ in range(MAX_LISTED_LINES):
        if at <= 0 or not _LISTED_DOCUMENT.match(text, starts[at]) or text[starts[at] - 1] != "\n" or \
                not text[max(0, starts[at] - 8):starts[at]].rstrip().endswith(";"):
            break
        at -= 1
    sentence_start = starts[at] if starts and at >= 0 else 0
    sentence_start = max(sentence_start, start - 800)
    clause = text[sentence_start:start]
    bullet = _BULLET.match(clause)
    assert bullet is not None  # every part of _BULLET is optional: it matches any clause
    opening = clause[bullet.end():]
    own = _own_clause(opening, patterns["cue"])
    request = False
    if own:   # the clause governs as its own sentence would
        sentence_start += bullet.end() + own
        clause = opening = text[sentence_start:start]
        # a request run on in lower case governs the paper it is in, not what that paper's title names
        # (`xét đề nghị của Sở tại Tờ trình số 3298 ... về việc ... bãi bỏ Nghị quyết số 24/2013/NQ-HĐND`)
        request = bool(_OPENS_IN_LOWER_CASE.match(opening)) and cited is not None and \
            bisect.bisect_left(cited, sentence_start) < bisect.bisect_left(cited, start)
    cues = citations["relations"]
    if not own and cited is not None and _OPENS_WITH_REQUEST.match(opening):
        previous = cited[bisect.bisect_left(cited, sentence_start):bisect.bisect_left(cited, start)]
        if previous and _TITLE_OPENS.search(text, previous[-1], start) and not _AT_PAPER.search(text, max(0, start - 40), start):
            return "mentions"
    if _ISSUED.search(clause, max(0, len(clause) - 40)) and not _ISSUED_WITH.search(clause, max(0, len(clause) - 40)):
        return "mentions"   # the object of a body's act: `UBND tỉnh đã ban hành Kế hoạch số 10084`, `Sở có Công văn số 4455`
    if cited is not None and _IN_TITLE.search(clause, max(0, len(clause) - 40)):
        previous = cited[bisect.bisect_left(cited, sentence_start):bisect.bisect_left(cited, start)]
        if previous and ";" not in text[previous[-1]:start]:
            # `Kế hoạch số 1780/KH-UBND ngày ... thực hiện Nghị quyết số 03/NQ-CP`: the verb is the
            # previous citation's title; what that document carries out is its business
            return "mentions"
    first = None if request else patterns["cue"].match(opening)
    if first:
        cue = cues[_cue_index(first)]
        if not cue.get("needs_document") or _document_follows(opening, first.end()) or _ISSUED_WITH.search(opening):
            if cue.get("past_is_history") and (_PAST.search(opening, first.end()) or _PAST.search(_rest_of_sentence(text, start, _PERIOD_END))):
                return "mentions"   # a report's history: `Trên cơ sở ý kiến ... tại các Công văn: số 87 ...; UBND tỉnh đã ban hành`
            if cue["relation"] == "implements" and (_PAST.search(_rest_of_sentence(text, start))
                                                    or _PAST.search(opening, first.end())):
                # history: `Thực hiện Kế hoạch số 190, UBND tỉnh đã ban hành ...`; `Triển khai thực hiện
                # nhiệm vụ ..., tỉnh đã ban hành nhiều văn bản ..., cụ thể: Quyết định số 2942 ...`;
                # `Thực hiện chỉ đạo ..., Sở đã tổ chức soạn thảo ..., gửi Sở Tư pháp thẩm định tại Báo cáo số 312`
                return "mentions"
            return cue["relation"]
    if cited is not None:
        index = bisect.bisect_left(cited, sentence_start)
        if index < len(cited) and cited[index] < start:
            return "mentions"
    nearest = None
    for match in patterns["cue"].finditer(clause, max(0, len(clause) - citations["near"])):
        if not cues[_cue_index(match)].get("opening_only"):
            nearest = match
    if nearest is None:
        return "mentions"
    relation = cues[_cue_index(nearest)]["relation"]
    if relation == "implements" and (_PAST_BEFORE.search(clause, 0, nearest.start())
                                     or _PAST_ISSUING.search(clause, 0, nearest.start())):
        # history: `UBND tỉnh đã triển khai thực hiện Kế hoạch số 10084`, `tỉnh đã ban hành nhiều văn
        # bản chỉ đạo thực hiện ..., cụ thể: Quyết định số 2942 ...`
        return "mentions"
    return relation


def _own_clause(opening: str, cue: re.Pattern) -> int:
    """Where a clause of its own starts, in a sentence that runs several on with `;`: the mention's
    clause, when it opens with a capital cue and the cited document right after it (`Căn cứ Luật
    ...; Căn cứ Nghị định ...; Xét Tờ trình số 4189 ...`, a quyết định's preamble run into one
    paragraph). 0, the whole sentence, else: `Thực hiện Nghị quyết ...; Chỉ thị số 02 ...` goes on
    under its cue, and `...; thực hiện đúng nghĩa vụ ... tại Điều 170 Luật Đất đai` is no opening."""
    at = max(opening.rfind(";"), max((m.end() - 1 for m in _JOINED_REQUEST.finditer(opening)), default=-1))
    if at < 0:
        return 0
    clause = opening[at + 1:]
    lead = len(opening) - len(clause.lstrip())
    if _OPENS_IN_LOWER_CASE.match(opening, lead):
        return lead   # (the request names its body first: the paper comes after it)
    first = cue.match(opening, lead)
    if first is None or not opening[lead].isupper():
        return 0
    return lead if _document_follows(opening, first.end()) else 0


MAX_LISTED_LINES = 8   # lines of a list a cue opens (`Căn cứ ...;`) read back to it
_LISTED_DOCUMENT = re.compile(r"[ \t]*(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định|Chỉ\s+thị)\s")
# the cues that open a clause of their own after `;` though in lower case: the request a preamble answers
# (`... của Chính phủ; xét đề nghị của Giám đốc Sở ... tại Tờ trình số 3298/TTr-SVHTTDL`)
_OPENS_IN_LOWER_CASE = re.compile(r"(?:xét|theo)\s+đề\s+nghị\s")
# a request joined on by `và` or a comma opens a clause of its own as after `;` (`Thực hiện Kế hoạch 02-KH/BCĐTW
# ... và xét đề nghị của Công an tỉnh tại Tờ trình số 65/TTr-CAT-PC06`): the boundary is the match's last character
_JOINED_REQUEST = re.compile(rf"(?:,[ \t]*(?:và[ \t]+)?|[ \t]và)(?=[ \t]*{_OPENS_IN_LOWER_CASE.pattern})")
# a request opening the sentence (`Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 3367/TTr-SNV ... về
# việc ... theo Công văn số 2769/UBND-NCKSTTHC`): what the paper's title names after `về` is that paper's business
_OPENS_WITH_REQUEST = re.compile(r"(?:[Xx]ét|[Tt]heo)\s+đề\s+nghị\s")
_TITLE_OPENS = re.compile(r"\s(?:về|V/v)\s")
# (another paper of the request is introduced by `tại`: `... về việc ... và ý kiến của Sở Nội vụ tại Tờ trình số 1223`)
_AT_PAPER = re.compile(r"(?<![\w])tại\s+(?:(?:các\s+)?(?:[^\W\d]+\s+){1,3}(?:số\s*)?)?$")
_PAST = re.compile(r"(?<![\w])đã(?![\w])")
# `Căn cứ Bộ tiêu chí ... ban hành kèm theo Quyết định số 1187/QĐ-BNV`: the ground is that decision's
_ISSUED_WITH = re.compile(r"kèm\s+theo\s*(?:$|(?:Quyết\s+định|Thông\s+tư|Nghị\s+định|Nghị\s+quyết)\s+(?:số\s*)?\d)")
_IN_TITLE = re.compile(r"(?<![\w])(?:về\s+)?(?:việc\s+)?(?:triển\s+khai\s+)?(?:thực\s+hiện|triển\s+khai|hướng\s+dẫn\s+thực\s+hiện)\s+$")
_ISSUING = r"(?:ban\s+hành|có|ký|xây\s+dựng|phê\s+duyệt)"
# a type word and `số` at most between the verb and the mention (`đã ban hành Kế hoạch số `)
_ISSUED = re.compile(rf"(?<![\w]){_ISSUING}\s+(?:[^\W\d]+\s+){{0,3}}(?:số\s+)?$")
_PAST_ISSUING = re.compile(rf"(?<![\w])đã\s+(?:được\s+)?{_ISSUING}(?![\w])")
_PAST_BEFORE = re.compile(r"(?<![\w])(?:đã|đã\s+được)\s+(?:\w+\s+){0,2}$")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
_PERIOD_END = re.compile(r"[.!?](?=\s|$)|\n[ \t]*\n")   # a full stop: over `;` and wrapped lines


def _rest_of_sentence(text: str, start: int, end: re.Pattern = _SENTENCE_END) -> str:
    """From a mention to the end of its sentence (`end`: a clause's `;` and a line end too, by
    default; at most 600 characters)."""
    found = end.search(text, start, min(len(text), start + 600))
    return text[start:found.start() if found else min(len(text), start + 600)]


# a list of documents of a kind after a colon: `các Nghị định của Chính phủ: số 101/...` (not `ý kiến
# của Thường trực HĐND tỉnh tại các Công văn: số 222/...`, whose object is the opinion)
_LISTED = re.compile(r"(?:[Nn]ghị\s+định|[Nn]ghị\s+quyết|[Qq]uyết\s+định|[Tt]hông\s+tư|[Cc]hỉ\s+thị|[Vv]ăn\s+bản)"
                     r"[^:;.\n]{0,40}:\s*(?:[Ss]ố\s*)?[0-9]+[/-]")


# the parts of a document cited before it (`điểm a khoản 2 Điều 5`, `khoản 6 Điều 16`, `Điều 44, 45 và 46`;
# `Điểu`, `Điễu`: the tone mark OCR bends)
_PARTS_OF = re.compile(r"^(?:(?:điểm|khoản|[Đđ]i[ềểễếệ]u|mục|[Cc]hương|[Pp]hụ\s+lục)\s+[\w.]{1,6}(?:\s*(?:,|và)\s*[\w.]{1,6}){0,6}\s+)+")


def _document_follows(clause: str, position: int) -> bool:
    """A cited document's name or number right after the cue (`Căn cứ vào Quyết định số`)."""
    rest = clause[position:position + 60].lstrip(" :")
    if not rest:
        return True   # the clause ends at the cue: the mention itself follows it
    rest = re.sub(r"^(?:vào|theo|các|tại)\s+", "", rest)
    rest = _PARTS_OF.sub("", rest)   # `Căn cứ khoản 6 Điều 16 Luật Đất đai`: a part of the document
    if not rest:
        return True   # `Căn cứ Điều 44` and the mention
    if type_before(rest + " 1/A", len(rest) + 1) or re.match(r"(?:Bộ luật|Luật|Pháp lệnh|Hiến pháp|Nghị quyết|[0-9])", rest):
        return True
    if _LISTED.match(rest):
        return True   # `Căn cứ các Nghị định của Chính phủ: số 101/2024/NĐ-CP ...; số 102/2024/NĐ-CP ...`
    return bool(re.match(r"[\w ]{0,30}?\s(?:số\s+)?[0-9]+[/-]", rest))


RELATION_RANK = {"based_on": 2, "implements": 1, "mentions": 0}


# A section of a tờ trình, đề án or báo cáo that sets out the grounds (ANNOTATION.md as now written:
# its citations are `based_on`): `1. Cơ sở chính trị, pháp lý`, `1.2. Cơ sở pháp lý`, `I. CĂN CỨ PHÁP
# LÝ`, `1. Sự cần thiết và cơ sở pháp lý ...`. It runs to the next heading of its level or above.
# `I.`, `A.`, `1.`, `1.2`, `1.2.`: a bare `1` opening a line is a footnote (`1 Tại Luật ... năm 2025`), no heading
_HEADING_LINE = re.compile(r"(?m)^[ \t]*(?P<number>[IVX]+\.|[A-H]\.|\d+(?:\.\d+)+\.?(?=[ \t])|\d+\.|[a-zđ]\))[ \t]+(?P<title>[^\n]{3,140})$")
_LEGAL_BASIS = re.compile(r"\b(?:cơ sở (?:chính trị, |chính trị và )?pháp lý|căn cứ pháp lý|cơ sở chính trị|"
                          r"căn cứ ban hành|căn cứ xây dựng)\b", re.IGNORECASE)
# the history a legal-basis section tells (`Ngày 08/10/2024, Chính phủ ban hành ...`) is a mention
_HISTORY = re.compile(r"(?:^|\n)[ \t-]*(?:Ngày|Năm|Tháng)\s+\d|đã\s+ban\s+hành", re.IGNORECASE)


def _argues(document: dict | None) -> bool:
    """A document that sets out its grounds in sections: a tờ trình, an đề án, an appraisal report
    (ANNOTATION.md); an untyped text may be one."""
    if not document:
        return True
    kind, subject = document.get("type"), (document.get("subject") or "").casefold()
    return kind in (None, "Tờ trình", "Đề án") or (kind == "Báo cáo" and "thẩm định" in subject)


def _sentence(s: str, at: int, starts: list[int]) -> str:
    """The text from the start of the sentence holding `at` up to `at`."""
    index = bisect.bisect_right(starts, at) - 1
    return s[starts[index] if index >= 0 else 0:at]


def _heading_level(number: str) -> int:
    if number[0] in "IVXABCDEFGH":   # `A. SỰ CẦN THIẾT VÀ CƠ SỞ PHÁP LÝ` parts a tờ trình as `I.` does
        return 0
    if number.endswith(")"):
        return 9
    return number.rstrip(".").count(".") + 1


def legal_basis_sections(s: str) -> list[tuple[int, int]]:
    """The spans of the text's legal-basis sections."""
    headings = [(m.start(), _heading_level(m.group("number")), m.group("title")) for m in _HEADING_LINE.finditer(s)]
    spans = []
    for index, (start, level, title) in enumerate(headings):
        if _LEGAL_BASIS.search(title) and (len(title) <= 100 or _LEGAL_BASIS.match(title)):
            spans.append((start, next((a for a, lv, _ in headings[index + 1:] if lv <= level), len(s))))
    return spans

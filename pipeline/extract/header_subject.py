"""The document's type and summary: tên loại and trích yếu.

A type name that begins a line or follows the date (`KẾ HOẠCH`, read with whatever accents OCR gave
it) and the summary lines under it; a công văn's `V/v` line, or the lower-case lines under its
number when OCR lost the `V/v`. The summary is cleaned of what runs into it (the motto, a signing
stamp, the authority a decision repeats under it) and put in sentence case when printed in capitals.
"""
from __future__ import annotations

import dataclasses
import re

from pipeline.extract.header_facts import Fact, _fact, vietnamese_words
from pipeline.extract.header_patterns import (
    LOWER,
    _fold_letters,
    _is_upper_text,
    _line_end,
    _line_start,
    _patterns,
    _types_folded,
    fold_capitals,
)
from pipeline.read.encodings import is_syllable


def _sentence_case(t: str) -> str:
    """An all-capitals summary in sentence case, codes kept (`V/V BAN HÀNH ... 119-KH/TU`)."""
    if not _is_upper_text(t):
        return t
    words = []
    for w in t.split(" "):
        if re.search(r"\d", w) and "/" in w or re.fullmatch(r"[IVX]+", w):
            words.append(w)
        else:
            words.append(w.lower())
    out = " ".join(words)
    out = re.sub(r"^v/v", "V/v", out)
    return out[:1].upper() + out[1:]


def _type_and_subject(s, doc_start, anchor, body_start, date_m, code_m):
    """The type name line (`KẾ HOẠCH`) and the summary under it."""
    p = _patterns()
    region_end = min(body_start, anchor + 1500)
    starts = []
    if date_m and date_m.end() <= region_end:
        starts.append(date_m.end())
    # type lines begin a line (or a table cell), or follow the date on the same line
    candidates = []
    folded = fold_capitals(s[:max(anchor, doc_start, region_end)])   # the type's letters under any marks
    for search_from in (anchor, doc_start):
        for m in p["type_line"].finditer(folded, search_from, max(search_from, region_end)):
            before = s[_line_start(s, m.start()):m.start()].strip(" |*#")
            at_line_start = not before
            after_date = date_m is not None and m.start() >= date_m.end() and s[date_m.end():m.start()].strip() == ""
            if not (at_line_start or after_date):
                continue
            rest = s[m.end("type"):_line_end(s, m.end("type"))]
            if rest.lstrip().startswith(":"):
                continue
            candidates.append(m)
            break
        if candidates:
            break
    if not candidates:
        return None, None
    m = candidates[0]
    type_name = _types_folded()[_fold_letters(" ".join(m.group("type").split()).upper())]["name"]
    type_fact = _fact(s, m.start("type"), m.end("type"), type_name)
    subject = _subject_from(s, m.end("type"), body_start)
    if subject is None:
        subject = _cue_subject(s, m.end("type"), anchor + 1500)
    elif subject.start < _line_end(s, m.end("type")) and len(subject.text.split()) <= 3 and _is_upper_text(subject.text):
        # `BÁO CÁO ĐỀ XUẤT` / `(V/v Phê duyệt ...)`: the words after the type name it; the V/v line is the summary
        vv = p["vv"].search(s, subject.end, min(body_start, subject.end + 200))
        if vv:
            summary = _subject_from(s, vv.start(), body_start)
            if summary is not None:
                bracketed = s[_line_start(s, vv.start()):vv.start()].strip() == "("
                subject = dataclasses.replace(summary, value=summary.value.rstrip(")").rstrip()) if bracketed else summary
    return type_fact, subject


# A summary may open with a body cue (`KẾ HOẠCH` / `Triển khai thực hiện Chương trình ...`); the body's
# own opening sentence names who acts and goes on (`..., UBND huyện ban hành Kế hoạch như sau:`).
_SUMMARY_CUE = re.compile(r"(?:Thực\s+hiện|Triển\s+khai|Hưởng\s+ứng)\s")
_BODY_SENTENCE = re.compile(
    r"\bnhư\s+sau\b|[:;]\s*$|,\s+(?P<who>[^,]{0,80}?)\b(?:ban\s+hành|xây\s+dựng|đề\s+nghị|yêu\s+cầu|hướng\s+dẫn|chỉ\s+đạo|"
    r"thông\s+báo|giao|báo\s+cáo|trân\s+trọng|tổ\s+chức|kính\s+mời|triển\s+khai\s+(?:thực\s+hiện\s+)?(?:như|các|một\s+số))\b",
    re.IGNORECASE)


def _cue_subject(s: str, type_end: int, limit: int):
    """The summary under a type line when its first line starts with a cue the body also starts with:
    it runs to the next cue or blank line and must not read as the body's opening sentence."""
    p = _patterns()
    first = type_end
    while first < len(s) and s[first] in " \t|*\n":
        first += 1
    # (one blank line under the type line, as OCR spaces a summary set apart: `KẾ HOẠCH` / `` / `Thực hiện công
    # tác dân vận ... năm 2025` / `` / `Thực hiện Luật ...`; more is the body's own paragraph)
    if first >= limit or not _SUMMARY_CUE.match(s, first) or "\n\n\n" in s[type_end:first].replace(" ", ""):
        return None
    after_first = _line_end(s, first)
    nxt = p["body_cue"].search(s, after_first + 1, min(len(s), first + 800))
    kg = p["kinh_gui"].search(s, first, nxt.start() if nxt else min(len(s), first + 800))
    stop = min(x.start() for x in (nxt, kg) if x) if (nxt or kg) else min(len(s), first + 800)
    subject = _subject_from(s, type_end, stop)
    if subject is None or len(subject.value) > 400 or any(map(_opens_body, _BODY_SENTENCE.finditer(subject.value))):
        return None
    return subject


def _opens_body(match: re.Match) -> bool:
    """Whether a `_BODY_SENTENCE` match reads as the body's opening sentence: a verb after a comma
    needs its subject there, a body's name (`..., UBND huyện ban hành ...`), or none at all (`..., đề
    nghị ...`); a summary's own words before the verb are no subject (`Triển khai cài đặt, đào tạo
    hướng dẫn sử dụng phần mềm ...`)."""
    who = match.group("who")
    return who is None or not who.strip() or any(c.isupper() for c in who)


def _subject_from(s: str, start: int, stop: int):
    """Lines of a summary from `start`: joined until a blank line, a cue, a capitals line."""
    p = _patterns()
    pieces: list[tuple[int, int]] = []
    i = start
    upper_subject = None
    lines = 0
    while i < len(s) and lines < SUMMARY_LINES and (i < stop or not pieces and i == start):
        line_end = _line_end(s, i)
        seg_start, seg_end = i, min(line_end, stop) if stop > i else line_end
        line = s[seg_start:seg_end]
        # a table cell or a run of dashes ends the summary
        cut = p["decor"].search(line)
        if cut:
            seg_end = seg_start + cut.start()
            line = s[seg_start:seg_end]
            ended = True
        else:
            ended = False
        # a date or the national motto on the same line ends it too
        for pat in ("place_date", "motto"):
            mm = p[pat].search(s, seg_start, seg_end)
            if mm:
                seg_end = mm.start()
                line = s[seg_start:seg_end]
                ended = True
        # a summary in capitals ends at the first ordinary word on its line (one-line copies:
        # `QUYẾT ĐỊNH VỀ CƠ CHẾ ... THU HỒI Căn cứ Luật ...`)
        words = list(re.finditer(r"\S+", line))
        lettered = [w for w in words if any(c.isalpha() for c in w.group(0))]
        if (lettered and upper_subject is not False and len(lettered) > 3
                and all(_is_upper_text(w.group(0)) for w in lettered[:3])):
            for w in lettered[3:]:
                token = w.group(0)
                if any(c.islower() for c in token) and not (re.search(r"\d", token) and "/" in token):
                    seg_end = seg_start + w.start()
                    line = s[seg_start:seg_end]
                    ended = True
                    break
        stripped = line.strip()
        if not pieces and stripped and not vietnamese_words(stripped) and not re.search(r"[\d/]", stripped):
            lines += 1   # a seal's or a signature's marks OCR read as a line (`.ˆA Ẩ`) before the summary
        elif not stripped:
            if pieces and not _continues_after_blank(s, line_end, stop):
                break
            lines += not pieces   # a blank line OCR put between a summary's lines is none of them
        else:
            if pieces:
                if p["body_cue"].match(stripped) or p["kinh_gui"].match(stripped) or p["code"].match(stripped):
                    break
                # a summary in sentence case ends at a line of capitals, or one that opens with three
                # syllables in capitals (a body's name, a signing stamp's `TRUNG TÂM CÔNG Šks&` with
                # OCR's specks in it; not acronyms, `HĐND TP`, that a summary may wrap onto)
                capitals = _is_upper_text(stripped) or len(lettered) >= 3 and all(
                    _is_upper_text(w.group(0)) and is_syllable(w.group(0).lower()) for w in lettered[:3])
                if upper_subject is False and capitals and not _code_goes_on(s, pieces[-1][1], stripped):
                    break
            if upper_subject is None:
                upper_subject = _is_upper_text(stripped)
            pieces.append((seg_start, seg_end))
            lines += 1
        if ended or line_end >= stop or line_end >= len(s):
            break
        i = line_end + 1
        if s.startswith("\n", i) and pieces and not _continues_after_blank(s, i, stop):  # blank line
            break
    if not pieces:
        return None
    start_, end_ = pieces[0][0], pieces[-1][1]
    value = " ".join(" ".join(s[a:b].split()) for a, b in pieces)
    value = _clean_subject(_WRAPPED_CODE.sub(r"\1", value))
    if not value:
        return None
    return _fact(s, start_, end_, value)


# a label opening a list of who attends or is addressed, its head perhaps lost (`quan, đơn vị: ...`)
_LABEL = re.compile(r"[^:\n]{0,30}?(?<![\w])(?:đơn[ ]vị|thành[ ]phần|cơ[ ]quan|địa[ ]chỉ|gồm)[ ]?:")


def _continues_after_blank(s: str, line_end: int, stop: int) -> bool:
    """OCR leaves a blank line between a summary's wrapped lines (`Về việc ... hoạt động đầu tư`,
    blank, `của 9 tháng đầu năm 2025`): the summary goes on when the next line starts in lower case,
    or after a line that ends in a comma (`... Ủy viên Ban Thường vụ Tỉnh ủy,`, blank, `Phó Chủ tịch
    UBND tỉnh kiểm tra ...`) where the next line opens no body."""
    nxt = line_end + 1
    if nxt >= stop or s.startswith("\n", nxt):
        return False
    if _LOWER_START.match(s, nxt):   # ... but a label OCR cut the head off (`quan, đơn vị: Văn phòng UBND tỉnh`) opens a list
        return not _LABEL.match(s, nxt, _line_end(s, nxt))
    after = s[nxt:_line_end(s, nxt)].strip()
    return s[max(0, line_end - 200):line_end].rstrip().endswith(",") and bool(after) and not _patterns()["body_cue"].match(after) \
        and not _patterns()["kinh_gui"].match(after) and not _is_upper_text(after)


# a document's code that a summary's line wraps after its dash (`Công văn số 5816/BNV-` / `CCHC`)
_WRAPPED_CODE = re.compile(r"(/[A-ZĐ0-9&]+-) (?=[A-ZĐ])")


_CODE_BROKEN = re.compile(r"/[A-ZĐ0-9&]+-$")   # a line that ends in a code broken after its dash


def _code_goes_on(s: str, last_end: int, line: str) -> bool:
    """Whether a line in capitals is the rest of a code the summary's last line broke after its dash."""
    return " " not in line and bool(_CODE_BROKEN.search(s, max(0, last_end - 30), last_end))


def _clean_subject(value: str) -> str:
    value = value.strip(" |*-_:.;,")
    value = re.sub(r"\s+", " ", value)
    value = re.sub(r"\s+([,.;])", r"\1", value)
    # a quyết định repeats its authority right under the summary
    value = re.sub(r"\s*(?:QUYẾT ĐỊNH\s*:|CHỈ THỊ\s*:)\s*$", "", value)
    # OCR of a scan runs the motto or a signing stamp into the summary's lines
    value = _NOT_SUBJECT.sub("", value)
    return _sentence_case(value.strip())


_NOT_SUBJECT = re.compile(r"\s*(?:[ĐD]ộc\s*lập\s*-?\s*Tự\s*do\s*-?\s*Hạnh\s*phúc|Ký\s+bởi\s*:|Người\s+ký\s*:|"
                          r"Cơ\s+quan\s*:|Thời\s+gian\s+ký\s*:).*$")


_TOKEN = re.compile(r"\S+")


def _drop_authority(s: str, subject: Fact, issuer: Fact) -> Fact:
    """A decision repeats its authority under the summary (`... ỦY BAN NHÂN DÂN TỈNH KON TUM`,
    `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X`); in a one-line copy it runs into the summary."""
    p = _patterns()
    words = [w for w in p["decor"].sub(" ", issuer.text).split() if any(c.isalpha() for c in w)]
    if not words or not _is_upper_text(" ".join(words)):
        return subject
    # the subject's last words are the issuer's (no pattern compiled per document: one per issuer
    # filled the regex cache and cost more than the rest of the header)
    last = subject.end
    while last > subject.start and s[last - 1] in " \t\n.,;:":
        last -= 1
    tokens = list(_TOKEN.finditer(s, subject.start, last))
    if len(tokens) < len(words) or [m.group(0) for m in tokens[-len(words):]] != words:
        return subject
    end = tokens[-len(words)].start()
    while end > subject.start and s[end - 1].isspace():
        end -= 1
    post = re.search(rf"(?:{p['post'].pattern})\s*$", s[subject.start:end])
    if post:
        end = subject.start + post.start()
    if end - subject.start < 10:
        return subject
    value = _clean_subject(" ".join(s[subject.start:end].split()))
    return _fact(s, subject.start, end, value)


# a trích yếu line starts in lower case (`xử lý tình trạng ...`): OCR of a scan dropped its small `V/v`
_LOWER_START = re.compile(rf"[ \t|*]*[{LOWER}]")


def _unmarked_vv_subject(s, anchors, body_start):
    """A công văn's summary whose `V/v` OCR did not read: the lines right under its number, or
    under the date when OCR put the right column first, when the first starts in lower case;
    given back as `V/v ...`."""
    for anchor in anchors:
        if anchor is None:
            continue
        line = _line_end(s, anchor.end()) + 1
        while line < body_start and s[line] == "\n":   # the blank line OCR leaves between the columns
            line += 1
        if line >= body_start or not _LOWER_START.match(s, line):
            continue
        subject = _subject_from(s, line, body_start)
        if subject is not None and len(subject.value) >= 12:
            value = "V/v " + subject.value[:1].lower() + subject.value[1:]
            return Fact(value, subject.start, subject.end, subject.text)
    return None


def _vv_subject(s, doc_start, body_start, date_m, motto):
    p = _patterns()
    m = p["vv"].search(s, doc_start, max(doc_start, body_start))
    if not m:
        return None
    subject = _subject_from(s, m.start(), body_start)
    if subject is not None and date_m is not None and subject.end <= date_m.start():
        subject = _resumed_below_column(s, subject, date_m, body_start)
    return subject


def _resumed_below_column(s: str, subject: Fact, date_m: re.Match, stop: int) -> Fact:
    """A summary longer than the right column beside it: OCR reads the header's two columns line
    by line, so the summary's first lines, then the motto and the place and date, then the rest of
    the summary (`V/v tập trung thực hiện các` / `CỘNG HÒA ...` / `Lâm Đồng, ngày ...` / `giải pháp
    khắc phục, cải thiện` / ... / `Kính gửi:`). The lines between the place and date and `Kính gửi`
    go on with it where the first starts in lower case, none is in capitals or opens the body, and
    nothing but the right column's lines (capitals, the motto) stands between the summary and the
    place and date."""
    p = _patterns()
    between = s[_line_end(s, subject.end) + 1:date_m.start()].split("\n")
    if any(line.strip() and not (_is_upper_text(line) or p["motto"].search(line)) for line in between):
        return subject
    if not p["kinh_gui"].match(s, stop):
        return subject
    pieces = [(m.start(), m.end()) for m in _LINE_TEXT.finditer(s, _line_end(s, date_m.end()) + 1, stop)]
    lines = [s[a:b] for a, b in pieces]
    if not pieces or len(pieces) > SUMMARY_LINES or not _LOWER_START.match(lines[0]) \
            or any(_is_upper_text(line) or p["body_cue"].match(line) for line in lines):
        return subject
    value = _clean_subject(" ".join([subject.value] + [" ".join(line.split()) for line in lines]))
    return _fact(s, subject.start, pieces[-1][1], value)


SUMMARY_LINES = 8   # the most lines a summary runs to (a narrow column wraps a long one to eight)
_LINE_TEXT = re.compile(r"(?m)\S.*?(?=[ \t]*$)")


# What an invitation invites to, named in its first sentence (`... mời dự Hội nghị triển khai ... (chủ
# trì ...)`, `Ủy ban nhân dân tỉnh tổ chức Họp đánh giá ... năm 2026.`): the meeting's name, to a bracket,
# a semicolon, a colon or the sentence's end.
_INVITED_TO = re.compile(
    r"(?:mời\s+(?:dự|tham\s+dự)|tổ\s+chức)\s+(?P<event>(?:Hội\s+nghị|Hội\s+thảo|Phiên\s+họp|Cuộc\s+họp|Họp|Lễ|"
    r"Tọa\s+đàm|Buổi\s+làm\s+việc)\s[^();:\n]{3,300}?(?:\n[^();:\n]{1,300}?)?)\s*(?=[();:]|\.(?:\s|$)|\n\s*\n|\n\d)")
INVITATION_REACH = 800   # how far below the type line the invitation's first sentence may run


def invitation_subject(s: str, type_end: int) -> Fact | None:
    """The subject of a `GIẤY MỜI` that prints no summary line: the meeting its first sentence
    invites to (`Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu`)."""
    m = _INVITED_TO.search(s, type_end, min(len(s), type_end + INVITATION_REACH))
    if m is None:
        return None
    return _fact(s, m.start("event"), m.end("event"), " ".join(m.group("event").split()))

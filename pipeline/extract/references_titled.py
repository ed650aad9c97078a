"""Citations by name: laws and ordinances (`Luật Đất đai năm 2024`); the other documents cited by a
unique name are `references_named`'s.

A law's name is a known one (`pipeline/data/laws.json`) or is cut where the sentence moves on
(`_law_name`); an abbreviation (`Luật NSNN`, `Luật KBCB`) is written out from the table or from the
name the text itself spells out with those initials. The laws an amending law's title names
(`sửa đổi, bổ sung một số điều của Luật A, Luật B và Luật C`) are no entries of their own
(`_amending_titles`, `_amended_laws`), nor is a law only proposed or one named in a decree's
title (`quy định chi tiết thi hành ... Luật X` is a mention).
"""
from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable
from functools import lru_cache

from ..read.letters import LOWER, UPPER, fold
from ..read.text import Text
from .patterns import alternation, at_literals
from .references_facts import Mention, Reference
from .references_issuers import Context, iso_date
from .references_merge import _title_key
from .references_named import named_documents
from .references_patterns import _blocked, _patterns, _tables, laws
from .references_relations import relation_at

# The first words of the citation kinds (`Luật`, `Bộ luật`, `Nghị định`, `Pháp lệnh`, `Chỉ thị`, ...):
# with its capital, one starts the next citation and ends a law's name
_KIND_HEADS = ("Luật", "Bộ", "Nghị", "Pháp", "Chỉ", "Quyết", "Thông", "Kế")
_KIND_HEAD = re.compile(rf"(?:{'|'.join(_KIND_HEADS)})\b")


@lru_cache(maxsize=1)
def _law_stop() -> re.Pattern:
    titled = _tables()["citations"]["titled"]
    stops = alternation(titled["law_name_stops"])
    # `số` ends a name only before a number (`Luật số 97/2025/QH15`; `Luật Dân số` is a name); the next
    # citation's kind with its capital, or whole in lower case (`Luật Tạm giữ, tạm giam, pháp luật về`),
    # not a word of it (`Luật Trợ giúp pháp lý`, `Luật Công nghệ thông tin`)
    return re.compile(rf"(?:{stops})(?:$|[\s,])|số(?=\s*(?:\d|:))|\d{{4}}\b|(?-i:{_KIND_HEAD.pattern})"
                      r"|(?-i:luật|pháp\s+luật|pháp\s+lệnh|nghị\s+định|nghị\s+quyết|quyết\s+định|thông\s+tư|chỉ\s+thị"
                      r"|kế\s+hoạch|chương\s+trình)\b", re.IGNORECASE)


def _law_name(raw: str) -> str | None:
    """Cut a law's name where the sentence moves on (`Luật Đất đai năm 2024 quy định` -> `Đất đai`)."""
    titled = _tables()["citations"]["titled"]
    stop = _law_stop()
    end = len(raw)
    last_end = 0
    for word in re.finditer(r"[^\s,]+", raw):
        gap, last_end = raw[last_end:word.start()], word.end()   # spaces and commas only
        if word.start() == 0:
            if stop.match(raw, 0) and not _KIND_HEAD.match(raw):
                return None
            continue
        if word.group(0)[:1].isupper() and "," in gap:
            end = word.start()   # `Luật Ngân sách, UBND cấp xã`: a capital after a comma is the next item
            break
        found = stop.match(raw, word.start())
        if found and (found.group(0)[:1].islower() or not found.group(0)[:1].isalpha() or
                      found.group(0).rstrip(" ,") in _KIND_HEADS):
            end = word.start()
            break
    name = re.sub(r"\s+(?:và|hoặc)$", "", raw[:end].strip(" ,"))   # `Luật NSNN và Luật ...`
    short = re.match(r"[A-ZĐ]{2,}(?:\s+[A-ZĐ][^\s,]*)*", name)
    if short and (short.group(0).split()[0] in _law_abbreviations_heads() or _ABBREVIATED.fullmatch(short.group(0))):
        name = short.group(0)   # `Luật BHYT mang tính xã hội ...`: the short name, then the sentence
    # A law is named with a capital (`Luật Đất đai`); `Luật dự kiến ...`, `Luật không ...` speak
    # of the draft law itself.
    if not name[:1].isupper():
        return None
    if name.casefold() in titled["not_law_names"] or name.split()[0].casefold() in titled["not_law_names"]:
        return None
    return name


@lru_cache(maxsize=1)
def _known_law() -> re.Pattern:
    """Known law names (`pipeline/data/laws.json`), matched whatever their case after `Luật`."""
    names = _law_names()
    return re.compile(rf"(?:{alternation(names)})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _law_abbreviations() -> dict[str, str]:
    table = laws().get("abbreviations", {})
    return {short: full for short, full in table.items() if not short.startswith("_")}


@lru_cache(maxsize=1)
def _abbreviations_folded() -> dict[str, str]:
    """The abbreviations whatever their case (`Luật tổ chức HĐND và UBND`, `Luật Tổ chức HĐND và UBND`)."""
    return {short.casefold(): full for short, full in _law_abbreviations().items()}


@lru_cache(maxsize=1)
def _law_abbreviations_heads() -> frozenset[str]:
    return frozenset(short.split()[0] for short in _law_abbreviations())


_DETAILS = re.compile(r"(?:quy\s+định\s+chi\s+tiết|hướng\s+dẫn)(?:\s+(?:và\s+)?(?:biện\s+pháp\s+)?thi\s+hành)?"
                      r"(?:\s+một\s+số\s+điều(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?)?(?:\s+của)?\s+$", re.IGNORECASE)
_ABBREVIATED = re.compile(r"[A-ZĐ]{2,10}")   # `Luật NSNN`, `Luật BHVBQPPL`
_NOT_INITIAL = frozenset({"và", "của"})


def _initials(name: str) -> str:
    """`Khám bệnh, chữa bệnh` -> `KBCB`, `Khoa học và Công nghệ` -> `KHCN`."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name) if w.casefold() not in _NOT_INITIAL).upper()


def _spelt_out(short: str, named: dict[str, str]) -> str | None:
    """The name of the law abbreviated `short`: one the text itself names in full (`Luật Hải quan năm
    2014 ... Luật HQ`; `named` is `_named_by_initials` of the text), else the one known law name of
    those initials (`pipeline/data/laws.json`); None when neither says which law it is."""
    if short in named:
        return named[short]
    known = _known_by_initials().get(short, ())
    if len(known) != 1:
        return None
    name = known[0]   # the table holds names as running text writes them, in lower case
    return name[:1].upper() + name[1:]


def _named_by_initials(s: str) -> dict[str, str]:
    """Initials -> the law name the text writes in full with them (the shortest when several): one
    pass over the text, so that any number of abbreviations costs one look-up each."""
    named: dict[str, str] = {}
    for match in _LAW_WORDS.finditer(s):
        words = match.group(1).split()
        for size in range(len(words), 0, -1):   # the name ends where its initials are spent
            prefix = " ".join(words[:size]).rstrip(",")
            key = _initials(prefix)
            if key not in named or len(prefix) < len(named[key]):
                named[key] = prefix
    return named


_LAW_WORDS = re.compile(r"(?<![\w])(?:Bộ\s+luật|Luật)\s+([A-ZĐ][^\W\d_]*(?:,?\s+[^\W\d_]+){0,9})")


@lru_cache(maxsize=1)
def _known_by_initials() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for name in _law_names():
        table[_initials(name)] = (*table.get(_initials(name), ()), name)
    return table


def _law_names() -> tuple[str, ...]:
    return tuple(laws()["names"])


# how like a known name, letters without marks, an OCR'd name must read (`q1y phạm`, `Xử vi phạm`)
OCR_NAME_LIKENESS = 0.9
_SHORTEST_BENT = 12   # a shorter name bent by one letter reads as another (`Đất đai`, `Đầu tư`)
# OCR'd law names looked up in one text (2 ms each): a dispatch names a few dozen laws at most, and a
# hostile scan of thousands of `Luật X` must not cost minutes
MAX_BENT_LOOKUPS = 200


@lru_cache(maxsize=1)
def _bent_name_matchers() -> tuple[tuple[str, str, difflib.SequenceMatcher], ...]:
    """For each known name long enough to be told apart when bent: the name, its letters without
    marks, and a matcher that holds them (built once: building one is most of a comparison's cost)."""
    return tuple((name, fold(name), difflib.SequenceMatcher(None, "", fold(name), autojunk=False))
                 for name in _law_names() if len(name) >= _SHORTEST_BENT)


def _ocr_known_law(s: str, at: int) -> tuple[str, str] | None:
    """The known law name that the OCR'd words at `at` are, letters bent or dropped (`T chức chính
    quyền địa phương`, `Ban hành văn bản q1y phạm pháp luật`), and the words as printed; None when
    no name is close enough, or two are."""
    raw = s[at:at + 120]
    line_end = re.search(r"\n\s*\n", raw)   # a blank line ends any name
    raw = raw[:line_end.start()] if line_end else raw
    flat = fold(raw.replace("\n", " "))
    best: list[tuple[float, str, int]] = []
    for name, target, matcher in _bent_name_matchers():
        for width in range(len(target) - 4, len(target) + 3):   # letters and a word dropped or split
            if width > len(flat) or (width < len(flat) and flat[width].isalnum()):
                continue   # the printed words end at a word's end
            matcher.set_seq1(flat[:width])
            if matcher.real_quick_ratio() >= OCR_NAME_LIKENESS and matcher.quick_ratio() >= OCR_NAME_LIKENESS \
                    and (ratio := matcher.ratio()) >= OCR_NAME_LIKENESS:
                best.append((ratio, name, width))
    if not best:
        return None
    best.sort(reverse=True)
    if len({name for ratio, name, _ in best if best[0][0] - ratio < 0.02}) > 1:
        return None   # two names as close: no guess
    _, name, width = best[0]
    return name[:1].upper() + name[1:], raw[:width]


def _kind(match: re.Match) -> str:
    """The law pattern's type word as a kind: `Bộ\nluật` and `Bộ Luật` are `Bộ luật`, and `luật` (as
    an amending title or a known name may follow it) is `Luật`."""
    kind = " ".join(match.group("type").split())
    return {"Bộ Luật": "Bộ luật", "luật": "Luật"}.get(kind, kind)


def kind_is_law(kind: str) -> bool:
    """A kind whose name may be one of the law-name table's (`Pháp lệnh ưu đãi người có công với cách mạng`)."""
    return kind in ("Luật", "Bộ luật", "Bộ Luật", "Pháp lệnh")


def _titled(text: Text, context: Context, starts: list[int]) -> list[Reference]:
    s = text.text
    found = []
    inside = 0   # the laws named inside an amending law's title are no entries of their own
    bent_budget = [MAX_BENT_LOOKUPS]   # shared by the amending titles' names and the laws' own
    titles = _amending_titles(s, text.on_ocr_page, bent_budget)
    named: dict[str, str] | None = None   # laws the text spells out, by initials, read at the first abbreviation
    for match in _law_matches(s):
        if _blocked(text, match.start()):
            continue
        # a law named inside an amending title is no entry of its own, unless printed there with its own
        # number (`của Luật Đất đai số 31/2024/QH15, ...`): then it is that number's name
        in_title = _inside(titles, match.start())
        own_number = in_title and _with_own_number(s, titles, match)
        if match.start() < inside and not own_number:
            continue
        if in_title and not own_number and not _numbered_last(s, titles, match):
            continue   # `Luật số 97/2025/QH15 sửa đổi, bổ sung một số điều của Luật Công đoàn, Luật Thanh niên`
        if _SCHOOL.search(s, max(0, match.start() - 12), match.start()):
            continue   # `Trường Đại học Luật Thành phố Hồ Chí Minh`, `Khoa Luật`: a school, no law
        if _PROPOSED.search(s, max(0, match.start() - 40), match.start()):
            continue   # `hồ sơ đề nghị xây dựng Luật X`: a law only proposed is no document (ANNOTATION.md)
        kind = _kind(match)
        amended = _amended_laws(s, match.start("name"), bent_budget if text.on_ocr_page(match.start()) else None) \
            if kind in ("Luật", "Pháp lệnh") else None
        if amended and not _DATED.match(s, amended) and not _DAY_BENT.match(s, amended):
            amended = None   # an amending law with no date or year is the draft a tờ trình presents
        name: str | None
        bent = None   # a known name OCR bent: (the name as known, the words as printed)
        if amended:
            name, inside = _amending_words(" ".join(s[match.start("name"):amended].split())), amended
        else:
            known = _known_law().match(s, match.start("name")) if kind_is_law(kind) else None
            name = known.group(0) if known else None
            if name is None and kind_is_law(kind) and bent_budget[0] > 0 and text.on_ocr_page(match.start()):
                bent_budget[0] -= 1
                bent = _ocr_known_law(s, match.start("name"))   # `Luật T chức chính quyền địa phương`
                name = bent[0] if bent else None
            if name is None:
                name = _law_name(match.group("name"))
        if not name:
            continue
        # `Luật NSNN` is the Luật Ngân sách nhà nước: the name, the text as printed
        written = bent[1] if bent else name
        name = _law_abbreviations().get(name) or _abbreviations_folded().get(name.casefold(), name)
        if _ABBREVIATED.fullmatch(name):   # `Luật KBCB`: the law of those initials the text names, else none
            if named is None:
                named = _named_by_initials(s)
            name = _spelt_out(name, named)
            if name is None:
                continue
        end = match.start("name") + len(s[match.start("name"):amended]) if amended else match.start("name") + len(written)
        year_match = _DATED.match(s[end:end + 40])
        date = year = None
        if year_match:
            end += year_match.end()
            if year_match.group(1):
                year = int(year_match.group(1))
            else:
                date = iso_date(year_match.group(2))
                year = int(date[:4]) if date else None
        title = " ".join(f"{kind} {name}".split())   # a name wrapped at a line end reads as one line
        if year_match and year_match.group(1):   # `Luật Hải quan năm 2014`, not the Luật Hải quan of 2001
            title += f" năm {year}"
        issuer: str | None = "Ủy ban Thường vụ Quốc hội" if kind == "Pháp lệnh" else "Quốc hội"  # None below: a Đảng bộ not resolved
        mention = Mention(match.start(), end, s[match.start():end])
        # `Nghị định ... quy định chi tiết thi hành một số điều của Luật X`: the law is named in the
        # decree's title, and what that title says of it (`thi hành`) is no act of this document
        relation = "mentions" if _DETAILS.search(s, max(0, match.start() - 60), match.start()) else \
            relation_at(s, match.start(), starts)
        found.append(Reference(_title_key(kind, name), kind, None, title, date, issuer, year, relation, (mention,)))
    return found + named_documents(s, context, starts)


# `luật` in lower case, not that of `Bộ luật` or `pháp luật`, before a capital; `Bộ` where a line
# end parts it from its `luật` (the class first: re skips other offsets in one test, 0.35 -> 0.20 s
# over the 10 MB corpus)
_LOWER_LAW = re.compile(r"(?=[lB])(?<![\w])(?:(?<![Bb]ộ\s)(?<![Pp]háp\s)luật[ ]+(?=[" + UPPER + r"])|Bộ[ ]*\n[ ]*(?=[lL]uật))")


def _law_matches(s: str):
    """The laws' mentions: `Luật X`, `Bộ luật X` (`Bộ\nluật X` too), `Pháp lệnh X`, and `luật X` in
    lower case where X is a known name (`theo quy định của luật Thi đua khen thưởng`, `của luật
    Phòng, chống ma túy`); an unknown name after a lower-case `luật` is no title (`luật Tổ chức` of a
    sentence that moves on)."""
    law = _law_in_lower_case()
    lower = [m.start() for m in _LOWER_LAW.finditer(s)]
    for match in at_literals(law, s, ("Luật", "Bộ luật", "Bộ Luật", "Pháp lệnh"), lower):
        if match.group("type") != "luật" or _known_law().match(s, match.start("name")):
            yield match


_SCHOOL = re.compile(r"(?:Đại\s+học|Học\s+viện|Trường|Khoa)\s+$", re.IGNORECASE)
_PROPOSED = re.compile(r"đề\s+nghị\s+xây\s+dựng\s+(?:dự\s+án\s+)?$", re.IGNORECASE)
# a date OCR bent past reading (`ngày 22 tháng 1] năm 20109`): the law is dated all the same, no draft
_DAY_BENT = re.compile(r"\s*ngày\s+\d{1,2}\s+tháng\s+\S{1,3}\s+năm\s+\S{4,6}")
_DATED = re.compile(r"\s*(?:năm\s+(\d{4})|ngày\s+(\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}))")
MAX_AMENDED = 12   # laws one amending title names (the longest in the corpus name four)
# `sử đổi`: a letter dropped in typing, seen in an election plan's list of laws
# (`của luật Tổ chức Chính phủ`: the first law it names is often written in lower case after `của`)
# OCR bends the words in between (`sửa đi, bổ Sung mỘt số điều`: a mark lost, a letter's case), and a
# PDF's font may print `một số điệu`: the phrase says what it is whatever the case of its middle words
_AMENDING = re.compile(r"[sS]ửa?\s+(?:đổi|đi),?\s+(?i:bổ\s+sung)\s+(?:(?i:một\s+số\s+đi[ềệ]u)\s+)?(?:của\s+)?(?:các\s+)?"
                       r"(?=(?:Bộ\s+[lL]uật|Luật|(?<=của\s)luật|Pháp\s+lệnh)\s)")
_BENT_LEAD = re.compile(r"^([sS])ửa?\s+(?:đổi|đi)(,?\s+)(?i:bổ\s+sung)(?:\s+(?i:một\s+số\s+đi[ềệ]u)(?=\s))?")


def _amending_words(name: str) -> str:
    """An amending title's opening words as printed whatever OCR made of them (`sửa đi, bổ Sung mỘt số
    điều` -> `sửa đổi, bổ sung một số điều`): one law, one name.

    >>> _amending_words("sửa đi, bổ Sung mỘt số điều của Luật Tổ chức Chính phủ")
    'sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ'
    """
    def written(m: re.Match) -> str:
        return f"{m.group(1)}ửa đổi{m.group(2)}bổ sung" + (" một số điều" if m.group()[-4:].lower() in ("điều", "điệu") else "")
    return _BENT_LEAD.sub(written, name, count=1)


# where such a title may start: `sửa đổi` with any space between (a PDF wraps its lines there too)
_AMENDING_AT = re.compile(r"[sS]ửa?\s+(?:đổi|đi)(?![\w])")
# an amending law that names a group of laws, not each (`Luật sửa đổi, bổ sung một số điều của các Luật
# về thuế ngày 26 tháng 11 năm 2014`, `... của 37 luật có liên quan đến quy hoạch ngày 20 tháng 11 năm 2018`)
_AMENDING_A_GROUP = re.compile(r"[sS]ửa\s+đổi,?\s+bổ\s+sung\s+một\s+số\s+điều\s+của\s+(?:các|\d+)\s+[lL]uật\s+"
                               r"(?:về|(?:có\s+)?liên\s+quan\s+(?:đến|tới))\s+[^\W\d]+(?:\s+(?!ngày|năm)[^\W\d]+)?"
                               r"(?=\s+(?:ngày|năm)\s)")
_NEXT_LAW = re.compile(r"(?:,\s*|\s+và\s+)(?=(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s)")


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` falls in one of `spans` (sorted by start, not overlapping)."""
    index = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


# the number printed right after a law an amending title names, on one line or across a line end
_GAP = r"[ \t]*\n?[ \t]*"
_OWN_NUMBER = re.compile(rf"{_GAP},?{_GAP}số{_GAP}\d{{1,4}}/\d{{4}}/(?:QH\d+|PL-UBTVQH\d+)(?![\w/])", re.IGNORECASE)
# the enacting words of a law that amends another: its own title follows, its own number is its header's
_ENACTING = re.compile(r"ban\s+hành\s+(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s+sửa\s+đổi[^;.\n]*$", re.IGNORECASE)


def _numbered_last(s: str, titles: list[tuple[int, int]], match: re.Match) -> bool:
    """Whether the law `match` names inside an amending law's enacting words is the title's last and is
    followed by a number (`Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bầu cử đại biểu
    Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13`): the amending law's own number is in its
    header, so that number is the amended law's, cited by name and number. Elsewhere a number after
    such a title is the amending law's own (`Luật sửa đổi, bổ sung một số điều của Luật Hải quan số
    42/2005/QH11`), and the names inside stay no entries."""
    index = bisect.bisect_right(titles, (match.start(), float("inf"))) - 1
    start, end = titles[index]
    return match.start() < end and bool(_OWN_NUMBER.match(s, end)) and \
        bool(_ENACTING.search(s, max(0, start - 120), start)) and \
        not _patterns()["law"].search(s, match.end("type"), end)


def _amending_titles(s: str, on_ocr_page: Callable[[int], bool] = lambda at: False,
                     bent_budget: list[int] | None = None) -> list[tuple[int, int]]:
    """The spans of the laws an amending title names (`sửa đổi, bổ sung một số điều của Luật A, Luật B
    và Luật C`), wherever the title stands: after `Luật`, after a number (`Luật số 97/2025/QH15
    sửa đổi, ...`) or as a summary."""
    spans: list[tuple[int, int]] = []
    # (a capital after a word goes on a title, `lật Sửa đổi` where OCR bent `Luật`; one that opens an item,
    # `1. Sửa đổi, bổ sung một số điều của Luật Nhà ở số 65/2014/QH13`, amends, and names what it cites)
    for at in _AMENDING_AT.finditer(s):
        position = at.start()
        if s[position] == "S" and not s[max(0, position - 8):position].rstrip(" ")[-1:].isalpha():
            continue
        if spans and position < spans[-1][1]:
            continue   # inside the title just read
        end = _amended_laws(s, position, bent_budget if on_ocr_page(position) else None)
        lead = _AMENDING.match(s, position)
        if end and lead:   # (a title naming a group of laws, `các Luật về thuế`, names none apart)
            spans.append((lead.end(), end))
    return spans


def _amended_laws(s: str, at: int, bent_budget: list[int] | None = None) -> int | None:
    """The end of an amending law's title that starts at `at` (`sửa đổi, bổ sung một số điều của
    Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương`), or None: the title holds the
    names of the laws it amends, which are not cited apart."""
    group = _AMENDING_A_GROUP.match(s, at)
    if group:
        return group.end()
    lead = _AMENDING.match(s, at)
    if not lead:
        return None
    end, pos, numbered = None, lead.end(), 0
    for _ in range(MAX_AMENDED):
        inner = _law_in_a_title(s.startswith("luật", pos)).match(s, pos)
        if not inner:
            break
        name_end = _name_end(s, inner, bent_budget)
        if name_end is None:
            break
        end = name_end
        # each law named with its own number (`của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15
        # ... và Luật Các tổ chức tín dụng số 32/2024/QH15`): the numbers are theirs and in the title; a
        # number after the only or the last law alone is the amending law's own (`... của Luật Hải quan
        # số 42/2005/QH11`), outside it
        own = _OWN_NUMBER.match(s, end)
        more = _NEXT_LAW.match(s, own.end() if own else end)
        if own and (more or numbered):
            end, numbered = own.end(), numbered + 1
        if not more:
            break
        pos = more.end()
    return end


@lru_cache(maxsize=2)
def _law_in_a_title(lower: bool) -> re.Pattern:
    """The pattern of a law an amending title names (its type word in lower case, `của luật ...`, when
    `lower`). Inside the title a line may end right after the type word though the name opens in
    capitals (`Luật Mặt trận Tổ quốc Việt Nam, Luật` / `Công đoàn, Luật Thanh niên`, OCR's lines): the
    list goes on, so that line end is a wrap, where elsewhere it starts a new line."""
    law = (_law_in_lower_case() if lower else _patterns()["law"]).pattern
    opening = "(?:[ ]+|[ ]*\\n(?=[" + LOWER + "]))(?=(?P<name>"
    assert opening in law
    return re.compile(law.replace(opening, "(?:[ ]+|[ ]*\\n(?=\\w))(?=(?P<name>", 1))


@lru_cache(maxsize=1)
def _law_in_lower_case() -> re.Pattern:
    """The pattern of a law's mention, its type word in lower case (`của luật Tổ chức Chính phủ`)."""
    law = _patterns()["law"].pattern
    assert "|Luật|" in law
    return re.compile(law.replace("|Luật|", "|[Ll]uật|", 1))


def _name_end(s: str, match: re.Match, bent_budget: list[int] | None = None) -> int | None:
    """Where the name of the law `match` found ends (a known name, else the name's words), or None.
    On an OCR'd page (`bent_budget` given: lookups left, shared by the text), a known name OCR bent
    (`và Luật chức chính quyền địa phương`, `Tổ` lost) ends where its printed words do."""
    law = kind_is_law(_kind(match))
    known = _known_law().match(s, match.start("name")) if law else None
    name = known.group(0) if known else _law_name(match.group("name"))
    # (a name of a letter or two is the start of one OCR broke: `Luật T: ổ chúc chính quyền địa phương`)
    if (name is None or len(name) <= 2) and law and bent_budget and bent_budget[0] > 0:
        bent_budget[0] -= 1
        bent = _ocr_known_law(s, match.start("name"))
        name = bent[1] if bent else name
    return match.start("name") + len(name) if name else None


def _with_own_number(s: str, titles: list[tuple[int, int]], match: re.Match) -> bool:
    """Whether the law `match` names inside an amending title is printed with its own number there
    (`Luật Nhà ở số 27/2023/QH15`): cited by name and number, one document with that number."""
    index = bisect.bisect_right(titles, (match.start(), float("inf"))) - 1
    end = _name_end(s, match)
    own = _OWN_NUMBER.match(s, end) if end is not None else None
    return own is not None and own.end() <= titles[index][1]

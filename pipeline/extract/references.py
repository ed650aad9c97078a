"""Citations: every document a dispatch cites, which document it is, and why it is cited.

Four verbs, as eyecite has them: find the mentions (`find_mentions`), resolve them into distinct
documents with an identity key (`resolve`), decide the relation from the clause that governs
each mention, and show them (`pipeline/annotate.py`). Knowledge lives in
`pipeline/data/citations.json`, `document_types.json` and `bodies.json`.

>>> from pipeline.read.text import Text
>>> s = "Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về thi đua."
>>> [r.to_json()["code"] for r in extract_references(Text("x", "text", s, s, list(range(len(s) + 1))))]
['19/CT-TTg']
"""
from __future__ import annotations

import bisect
import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..read.text import Text
from .codes import Code, find_codes
from .dates import parse_date
from .header import province_kinds
from .patterns import alternation

DATA = Path(__file__).resolve().parents[1] / "data"
PLACE_LEVELS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


@dataclass(frozen=True)
class Mention:
    """One place a cited document is named: `text[start:end]` is the whole phrase."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reference:
    """A distinct cited document, with every mention of it."""

    key: str
    type: str | None
    code: str | None
    title: str | None
    date: str | None
    issuer: str | None
    year: int | None
    relation: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    number: str | None = None   # the number alone (`30` of 30/2020/NĐ-CP), to join short forms
    nested: bool = False        # named only inside the previous citation's title (see `_nested`)

    @property
    def first(self) -> Mention:
        return max(self.mentions[:3], key=lambda m: len(m.text)) if self.mentions else Mention(0, 0, "")

    def to_json(self) -> dict:
        first = self.first
        return {
            "type": self.type, "code": self.code, "date": self.date, "issuer": self.issuer,
            "title": self.title, "year": self.year, "relation": self.relation, "text": first.text,
            "key": self.key, "start": first.start, "end": first.end,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


# ----------------------------------------------------------------------------------------------
# Knowledge tables, compiled once


@lru_cache(maxsize=1)
def _tables() -> dict:
    citations = json.loads((DATA / "citations.json").read_text(encoding="utf-8"))
    types = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))["types"]
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    type_words: dict[str, str] = {}
    for entry in types:
        type_words[entry["name"].casefold()] = entry["name"]
    for entry in citations["type_words"]:
        for word in entry["words"]:
            type_words[word.casefold()] = entry["name"]
    code_types = {entry["code"]: entry["name"] for entry in types if entry.get("code")}
    issuer_codes = {b["code"]: b["name"] for group in ("central", "ministries") for b in bodies[group] if b.get("code")}
    issuer_codes.update(citations["numbered_issuers"])
    departments = {b["code"]: b["name"] for b in bodies["departments"] if b.get("code")}
    department_names = sorted({b["name"] for b in bodies["departments"]}, key=len, reverse=True)
    abbreviations = sorted(bodies["abbreviations"], key=lambda a: -len(a["short"]))
    known_names = sorted({b["name"] for group in ("central", "ministries") for b in bodies[group]} | {
        "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng"}, key=len, reverse=True)
    return {
        "citations": citations, "type_words": type_words, "code_types": code_types,
        "issuer_codes": issuer_codes, "departments": departments, "abbreviations": abbreviations,
        "party_codes": set(bodies["party_codes"]), "known_names": known_names, "department_names": department_names,
    }


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    tables = _tables()
    type_words = alternation(tables["type_words"])
    date = r"(?:\d{1,2}\s*(?:/|-|\.)\s*\d{1,2}\s*(?:/|-|\.)\s*\d{2,5}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
    stops = alternation(["về việc", "về", "V/v", "ban hành", "quy định", "hướng dẫn", "phê duyệt", "thực hiện",
                          "triển khai", "sửa đổi", "đã", "được", "trong", "tại", "gửi", "đến", "theo", "với",
                          "cho", "thì", "có", "như", "nhằm", "để", "là"])
    cues = tables["citations"]["relations"]
    return {
        # the type named right before the number: `Chỉ thị số`, `Văn bản số:`, `Nghị định`
        # matched on the reversed 60 characters before a code: anchored, so no scan
        "type_before_reversed": re.compile(
            rf"\s*:?\s*(?:ốs|ốS|\.?oN)?\s*(?P<type>{alternation(w[::-1] for w in tables['type_words'])})(?![\w])",
            re.IGNORECASE,
        ),
        "date_after": re.compile(rf"\s*,?\s*(?:ban hành\s+|ký\s+)?(?:ngày|ngay)\s*(?P<date>{date})|\s*\((?P<pdate>{date})\)"),
        "issuer_after": re.compile(
            rf"\s*,?\s*(?:của|do)\s+(?P<issuer>(?:[^,;.\n()“”\"]|\n(?!\n)){{2,110}}?)"
            rf"(?=\s+(?:{stops})\b|\s+(?i:{type_words})\s(?!và\s+Đầu\s+tư|sư\b)|\s*[,;.\n()“”\"]|\s*$)"
        ),
        # a body whose name holds commas or `và`: `của Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Thuận`
        "known_after": re.compile(
            rf"\s*,?\s*(?:của|do)\s+(?P<issuer>(?:{alternation(tables['known_names'] + tables['department_names'])})"
            # the place's words are capitalised, whatever the case of the rest (`tỉnh Lâm Đồng về việc cử`)
            rf"(?:\s+(?:{'|'.join(PLACE_LEVELS)})(?:\s+(?-i:[{UPPER}])[\w]*)+)?)(?![\w])",
            re.IGNORECASE,
        ),
        "title_after": re.compile(r"\s*,?\s*(?:về việc|về|V/v|v/v)\s+(?P<title>[^;\n]{3,300}?)(?=[;\n]|\.\s|\.$|$)"),
        # Speed: a case-insensitive pattern gets no scan for its first characters, so every position
        # was tried with each cue's two lookbehinds; the lookahead of the cues' first letters fails
        # most positions in one test, and the lookbehinds, the same for every cue, are tried once
        # (same matches and groups; relation_at over the bench documents 43 -> 17 ms).
        "cue": re.compile(
            rf"(?=[{re.escape(''.join(sorted({c['cue'][0] for c in cues})))}])(?<![\w])(?<!làm )(?:"
            + "|".join(rf"(?P<c{i}>{re.escape(c['cue'])}(?![\w]))" for i, c in enumerate(cues)) + ")",
            re.IGNORECASE,
        ),
        # `\n|[.!?][ ]+(?=...)`, its first character a class: re scans for a pattern's first characters
        # in C only when they are a class or every alternative opens with a literal (48 -> 31 ms)
        "sentence_start": re.compile(r"[\n.!?](?:(?<=\n)|[ ]+(?=[" + UPPER + r"0-9-]))"),
        "law": re.compile(
            r"(?<![\w])(?P<type>Bộ luật|Bộ Luật|Luật|Pháp lệnh)[ ]+(?=(?P<name>[\w][\w]*(?:(?:[ ]+|,[ ]+)[\w][\w-]*){0,14}))"
        ),
        "constitution": re.compile(r"(?<![\w])Hiến pháp(?P<full>\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
                                   r"(?:\s+năm\s+(?P<year>\d{4}))?"),
        "party_resolution": re.compile(
            r"""(?<![\w])(?P<kind>Nghị\s+quyết|Văn\s+kiện)\s+(?:
                  (?P<congress>Đại\s+hội\s+(?:(?:đại\s+biểu\s+)?(?:(?:Đảng\s+)?toàn\s+quốc|Đảng\s+bộ\s+[\w\s]{0,40}?)\s+lần\s+(?:thứ\s+)?(?P<n1>[XVILC]+|\d+)|(?:Đảng\s+)?(?:lần\s+(?:thứ\s+)?)?(?P<n2>[XVILC]+)))
                | (?P<plenum>(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+\w+\s+)?(?:Ban\s+Chấp\s+hành\s+)?Trung\s+ương(?:\s+Đảng)?\s+(?:lần\s+thứ\s+)?\w+\s*,?\s*(?:khóa|khoá)\s+[XVILC]+)
            )(?P<of_party>\s+của\s+Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?""",
            re.VERBOSE,
        ),
        # the international instruments a tờ trình for a law sets out as its grounds
        "instrument": re.compile(
            r"(?<![\w])(?P<kind>Công\s+ước|Tuyên\s+ngôn|Hiến\s+chương)\s+(?P<name>Liên\s+hợp\s+quốc|LHQ|"
            r"(?:quốc\s+tế|toàn\s+thế\s+giới|của\s+Liên\s+hợp\s+quốc)\s+về\s+[^\W\d](?:[^,;.()\[\]\n\d“”\"]|,(?=[ ][^\W\d_])(?![ ][" + UPPER + r"])){2,90}?)"
            r"(?=\s*(?:,(?![ ][^\W\d_])|,(?=[ ][" + UPPER + r"])|[;.()\[\]\n“”\"]|\d|năm\s|và\s+(?:Công|Tuyên|Hiến)|$))"),
    }


# ----------------------------------------------------------------------------------------------
# The citing document's context: its own code and its places, to resolve `của UBND tỉnh`


@dataclass(frozen=True)
class Context:
    own_code: str | None = None
    issuer: str | None = None
    places: tuple[tuple[str, str], ...] = ()   # (level, name), most local first

    def place(self, level: str) -> str | None:
        return next((name for lvl, name in self.places if lvl == level), None)

    @property
    def lowest(self) -> tuple[str, str] | None:
        return self.places[0] if self.places else None


_PLACE_RE = re.compile(rf"\b({'|'.join(PLACE_LEVELS)})\s+((?:[{UPPER}][\w]*)(?:\s+[{UPPER}][\w]*)*)")


def context_of(document: dict | None) -> Context:
    if not document:
        return Context()
    places: list[tuple[str, str]] = []
    for name in (document.get("issuer"), document.get("parent_issuer")):
        for level, place in reversed(_PLACE_RE.findall(name or "")):
            if (level, place) not in places:
                places.append((level, place))
    # the place of the date line names the province only when it is one (`Mường Ảng, ngày ...` is a
    # district's seat: `UBND tỉnh` cited there is not `tỉnh Mường Ảng`)
    province_kind = province_kinds().get((document.get("place") or "").lower())
    if province_kind and not any(level in ("tỉnh", "thành phố") for level, _ in places):
        places.append((province_kind, document["place"]))
    order = {level: i for i, level in enumerate(reversed(PLACE_LEVELS))}
    places.sort(key=lambda p: order.get(p[0], 0))
    places.sort(key=lambda p: -order.get(p[0], 0))
    return Context(own_code=document.get("code"), issuer=document.get("issuer"), places=tuple(places))


# ----------------------------------------------------------------------------------------------
# Dates and issuers of cited documents


def iso_date(text: str) -> str | None:
    """`16 tháng 7 năm 2021`, `16/7/2021`, `16-7-2021` -> `2021-07-16`, by the shared date grammar."""
    found = parse_date(text)
    value = found.value if found else None
    return value if value and len(value) == 10 else None


@lru_cache(maxsize=1)
def _abbreviation_re() -> tuple[re.Pattern, dict[str, str]]:
    table = {entry["short"]: entry["full"] for entry in _tables()["abbreviations"]}
    return re.compile(rf"(?<![\w])(?:{alternation(table)})(?![\w])"), table


def expand(name: str) -> str:
    """Abbreviations of bodies written out: `UBND tỉnh` -> `Ủy ban nhân dân tỉnh`."""
    pattern, table = _abbreviation_re()
    return " ".join(pattern.sub(lambda m: table[m.group(0)], name).split())


# resolve_issuer's patterns, compiled once (it runs for every cited issuer)
_COPIES = re.compile(r":\s*\d")
_POLITBURO = re.compile(r"\bBộ chính trị\b")
_CENTRAL_COMMITTEE = re.compile(r"Ban Chấp hành Trung ương|\bBCH\s*TW\b|\bBCHTW\b")
_ISSUER_END = re.compile(r"\s+(?:và các|và\s+(?=[a-zđ])|trên|đối với|khóa|khoá)\s")
_ENDS_WITH_PLACE = re.compile(rf"\b({'|'.join(PLACE_LEVELS)})$")
_NAMES_PLACE = re.compile(rf"\b({'|'.join(PLACE_LEVELS)})\s+[{UPPER}]")


@lru_cache(maxsize=1)
def _known_names_folded() -> tuple[tuple[str, str], ...]:
    """The known names with their casefolded form, folded once (not each name at each issuer)."""
    return tuple((known, known.casefold()) for known in _tables()["known_names"])


def resolve_issuer(raw: str, context: Context) -> str:
    """Write the issuer out and complete its place from the citing document.

    `UBND tỉnh` -> `Ủy ban nhân dân tỉnh Lạng Sơn`; `Sở Tư pháp` -> `Sở Tư pháp tỉnh Lâm Đồng`;
    `Thủ tướng Chính phủ trên Cổng ...` -> `Thủ tướng Chính phủ`; a plenum's name -> its committee."""
    citations = _tables()["citations"]
    name = expand(" ".join(_COPIES.split(raw)[0].split()).strip(" ,;:-"))   # `...: 01 bản chính`
    name = _POLITBURO.sub("Bộ Chính trị", name)
    if _CENTRAL_COMMITTEE.search(name):
        return "Ban Chấp hành Trung ương Đảng"
    folded = name.casefold()
    for known, known_folded in _known_names_folded():
        if folded.startswith(known_folded) and (len(name) == len(known) or not name[len(known)].isalpha()):
            return known
    name = _ISSUER_END.split(name)[0]
    match = _ENDS_WITH_PLACE.search(name)
    if match:
        place = context.place(match.group(1))
        return f"{name} {place}" if place else name
    has_place = _NAMES_PLACE.search(name)
    province = context.place("tỉnh") or context.place("thành phố")
    if not has_place and province and "Trung ương" not in name:
        if any(name.startswith(c) and name.strip() == c for c in citations["party_committees"]):
            return f"{name} {province}"
        if any(name.startswith(b) for b in citations["local_bodies"]):
            return f"{name} {'tỉnh' if context.place('tỉnh') else 'thành phố'} {province}"
    return name


def issuer_from_code(code: Code, type_code: str | None, context: Context) -> str | None:
    tables = _tables()
    parts = list(code.issuer_codes)
    if code.form == "party":
        if parts and parts[0] in ("TW", "TƯ"):
            return tables["citations"]["party_issuers"].get(code.type_code or "")
        return None
    for part in parts[:1]:
        bare = re.sub(r"\d+$", "", part)
        named = _body_of_code(part)
        if named:
            return named
        if bare in ("UBND", "UB") and context.lowest:   # `QĐ-UB`: the committee's code before 2004
            level, place = context.lowest
            return f"Ủy ban nhân dân {level} {place}"
        level = "tỉnh" if context.place("tỉnh") else "thành phố"
        if bare in tables["departments"] and context.place(level):
            return f"{tables['departments'][bare]} {level} {context.place(level)}"
    return None


_BARE_HEADS = frozenset({"Bộ", "Sở", "Bộ trưởng", "Giám đốc Sở", "Ban", "Cục", "Tổng cục"})


def joint_issuer(code: Code) -> str | None:
    """The bodies that issue a joint document together, from its code (`47/2009/TTLT-BTC-BLĐTBXH`:
    `Bộ Tài chính, Bộ Lao động - Thương binh và Xã hội`): None unless the code names two or more
    and every one is known."""
    parts = list(code.issuer_codes)
    if code.form == "party" or len(parts) < 2 or not (code.type_code or "").endswith("LT"):
        return None   # only a joint (liên tịch) kind: in `4966/BQP-CT` the second part is a department
    names = [_body_of_code(part) for part in parts]
    if not all(names):
        return None
    return ", ".join(dict.fromkeys(name for name in names if name))


def _body_of_code(part: str) -> str | None:
    """The body an issuer part of a code names (`BTC`, `LĐTBXH` for `BLĐTBXH`, `UBTVQH15`), or None."""
    bare = re.sub(r"\d+$", "", part)
    table = _tables()["issuer_codes"]
    return table.get(bare) or table.get("B" + bare)


def type_of(code: Code, before: str | None) -> str | None:
    tables = _tables()
    if before:
        return tables["type_words"].get(before.casefold(), before)
    if code.type_code and code.type_code in tables["code_types"]:
        return tables["code_types"][code.type_code]
    if code.form == "normative" and code.issuer_codes and re.sub(r"\d+$", "", code.issuer_codes[0]) == "QH":
        return "Luật"
    if code.form == "normative" and code.issuer_codes and code.issuer_codes[0].startswith("UBTVQH"):
        return "Nghị quyết"
    if code.form == "administrative" and not code.type_code:
        return "Công văn"
    return None


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
    sentence_start = starts[bisect.bisect_right(starts, start) - 1] if starts else 0
    sentence_start = max(sentence_start, start - 800)
    clause = text[sentence_start:start]
    bullet = _BULLET.match(clause)
    assert bullet is not None  # every part of _BULLET is optional: it matches any clause
    opening = clause[bullet.end():]
    cues = citations["relations"]
    if _ISSUED.search(clause, max(0, len(clause) - 40)) and not _ISSUED_WITH.search(clause, max(0, len(clause) - 40)):
        return "mentions"   # the object of a body's act: `UBND tỉnh đã ban hành Kế hoạch số 10084`, `Sở có Công văn số 4455`
    if cited is not None and _IN_TITLE.search(clause, max(0, len(clause) - 40)):
        previous = cited[bisect.bisect_left(cited, sentence_start):bisect.bisect_left(cited, start)]
        if previous and ";" not in text[previous[-1]:start]:
            # `Kế hoạch số 1780/KH-UBND ngày ... thực hiện Nghị quyết số 03/NQ-CP`: the verb is the
            # previous citation's title; what that document carries out is its business
            return "mentions"
    first = patterns["cue"].match(opening)
    if first:
        cue = cues[_cue_index(first)]
        if not cue.get("needs_document") or _document_follows(opening, first.end()) or _ISSUED_WITH.search(opening):
            if cue["relation"] == "implements" and (_PAST.search(_rest_of_sentence(text, start))
                                                    or _PAST_ISSUING.search(opening, first.end())):
                # history: `Thực hiện Kế hoạch số 190, UBND tỉnh đã ban hành ...`; `Triển khai thực hiện
                # nhiệm vụ ..., tỉnh đã ban hành nhiều văn bản ..., cụ thể: Quyết định số 2942 ...`
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


def _rest_of_sentence(text: str, start: int) -> str:
    """From a mention to the end of its sentence (at most 600 characters)."""
    end = _SENTENCE_END.search(text, start, min(len(text), start + 600))
    return text[start:end.start() if end else min(len(text), start + 600)]


def _document_follows(clause: str, position: int) -> bool:
    """A cited document's name or number right after the cue (`Căn cứ vào Quyết định số`)."""
    rest = clause[position:position + 60].lstrip(" :")
    rest = re.sub(r"^(?:vào|theo|các|tại)\s+", "", rest)
    if type_before(rest + " 1/A", len(rest) + 1) or re.match(r"(?:Bộ luật|Luật|Pháp lệnh|Hiến pháp|Nghị quyết|[0-9])", rest):
        return True
    return bool(re.match(r"[\w ]{0,30}?\s(?:số\s+)?[0-9]+[/-]", rest))


RELATION_RANK = {"based_on": 2, "implements": 1, "mentions": 0}


# ----------------------------------------------------------------------------------------------
# Finding


def type_before(s: str, position: int) -> tuple[str, int] | None:
    """The type word (`Chỉ thị số`, `Văn bản số:`) that ends right before `position`, and where it starts."""
    window = s[max(0, position - 60):position][::-1]
    match = _patterns()["type_before_reversed"].match(window)
    if not match:
        return None
    return match.group("type")[::-1], position - match.end()


# The start of the header's number line up to a code on it: `Số: `, or `Số: R09 /` where a
# handwritten number was read as junk by OCR
_OWN_NUMBER_LINE = re.compile(r"[ \t|*]*(?:Số|SỐ|Sô|Só)[ \t]*[:.]?[^\n]{0,12}$")


def _blocked(text: Text, start: int) -> bool:
    """Codes in the nơi nhận list and editors' bracketed notes are not citations."""
    for block in text.blocks:
        if block.kind == "recipients" and block.start <= start < block.end:
            return True
    before = text.text[max(0, start - 2):start]
    return "[" in before or _illustration(text.text, start)


# A guide to drafting shows numbers as examples (`Ví dụ 1: Báo cáo của đại hội\nSố 16-BC/ĐH`): the
# line of the number or the one above it opens with `Ví dụ`; they cite nothing.
_EXAMPLE = re.compile(r"[ \t\-+•]*Ví\s+dụ\b", re.IGNORECASE)


def _illustration(s: str, start: int) -> bool:
    line = s.rfind("\n", 0, start) + 1
    above = s.rfind("\n", 0, max(0, line - 1)) + 1 if line else line
    return bool(_EXAMPLE.match(s, line) or (line and _EXAMPLE.match(s, above, line)))


def _numbered(text: Text, context: Context, starts: list[int], cited: list[int], codes) -> list[Reference]:
    patterns, tables = _patterns(), _tables()
    s = text.text
    own = _code_key(context.own_code)
    not_citations = {w.casefold() for w in tables["citations"]["not_citations"]}
    found = []
    previous_end = -1
    for code, start, end in codes:
        if own and _code_key(code.text) == own:
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
        issuer = None
        known = patterns["known_after"].match(s, cursor, min(len(s), cursor + 130))
        issuer_match = known or patterns["issuer_after"].match(s, cursor, min(len(s), cursor + 130))
        if issuer_match:
            raw_issuer, cursor = issuer_match.group("issuer"), issuer_match.end("issuer")
            wrapped = _PLACE_WRAPPED.match(s, cursor) if _ENDS_WITH_LEVEL.search(raw_issuer) else None
            if wrapped:  # `của Ủy ban nhân dân tỉnh` / `Bạc Liêu`: a hard line break inside the name
                raw_issuer, cursor = s[issuer_match.start("issuer"):wrapped.end()], wrapped.end()
            else:
                cursor = issuer_match.end()
            issuer = resolve_issuer(raw_issuer, context)
        title = None
        title_match = patterns["title_after"].match(s, cursor, min(len(s), cursor + 320))
        if title_match:
            title = title_match.group("title").strip(" ,“”\"")
        kind = type_of(code, type_word)
        issuer = joint_issuer(code) or issuer   # `liên Bộ Quốc phòng - Bộ LĐTBXH - Bộ Tài chính`: every one
        if issuer in _BARE_HEADS:   # `của Bộ`, `của Sở`: the code says which
            issuer = issuer_from_code(code, code.type_code, context) or issuer
        if issuer is None:
            issuer = issuer_from_code(code, code.type_code, context)
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


# The words of a cited document's title that name another document as its object: `Thông tư liên
# tịch số 25/2010/TTLT-... về việc sửa đổi, bổ sung Thông tư liên tịch số 17/2006/... và thay thế
# Thông tư liên tịch số 06/2007/...`, `Nghị định số 95/2021/NĐ-CP ... sửa đổi, bổ sung một số điều
# của Nghị định số 83/2014/NĐ-CP`, `Thông tư số 10/2019/TT-BXD hướng dẫn thi hành Nghị định số ...`.
_NESTING = re.compile(
    r"(?:(?:sửa\s+đổi,?\s+)?bổ\s+sung(?:,?\s+sửa\s+đổi)?|sửa\s+đổi|thay\s+thế|hướng\s+dẫn(?:\s+(?:thi\s+hành|thực\s+hiện))?|"
    r"quy\s+định\s+chi\s+tiết(?:\s+(?:và\s+hướng\s+dẫn\s+)?thi\s+hành)?)"
    r"(?:\s+(?:một\s+số\s+(?:điều|nội\s+dung)|(?:các\s+)?(?:điểm|khoản|điều|Điều)\s+\w{1,4}(?:\s*(?:,|và)\s*\w{1,4}){0,6}))?"
    r"(?:\s+của)?\s*$", re.IGNORECASE)   # `... một số điều tại Luật số 61/2014/QH13`: the amending law
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
    # amending law is cited in its own right, not named in a title
    return verb is not None and not _PASSIVE_BEFORE.search(gap, tail, verb.start())


_PASSIVE_BEFORE = re.compile(r"(?:được|bị)\s*(?:\(|,)?\s*$", re.IGNORECASE)


_ENDS_WITH_LEVEL = re.compile(rf"(?<![\w])(?:{'|'.join(PLACE_LEVELS)})\s*$", re.IGNORECASE)
_PLACE_WRAPPED = re.compile(rf"[ \t]*\n[ \t]*(?!(?:Căn|Thực|Theo|Xét|Kính|Nơi|Điều|Phần|Mục|Chương|Triển)\s)[{UPPER}][\w]*(?:[ \t]+(?:[-–][ \t]+)?[{UPPER}][\w]*){{0,3}}")


_DATE_BEFORE = re.compile(r"(?:[Nn]gày)\s+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}),?\s+(?P<who>[^.;\n]{3,90}?)\s+(?:đã\s+)?(?:có|ban hành|ký|gửi)\s+$")


def _date_before(s: str, start: int) -> str | None:
    """`ngày 16/8/2018 Bộ ... đã có Công văn số 3395`: the date stands before the citation."""
    match = _DATE_BEFORE.search(s[max(0, start - 160):start])
    return iso_date(match.group(1)) if match else None


@lru_cache(maxsize=4096)
def _code_key(code: str | None) -> str:
    if not code:
        return ""
    folded = unicodedata.normalize("NFD", code)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")
    folded = re.sub(r"[^0-9A-Za-z]", "", folded).upper()
    return re.sub(r"^0+(?=\d)", "", folded)


def _identity(code: Code, issuer: str | None, year: int | None) -> str:
    """Central documents are unique by code; local ones add issuer and year (every province
    has a 41/KH-UBND)."""
    key = _code_key(code.text)
    tables = _tables()
    head = re.sub(r"\d+$", "", code.issuer_codes[0]) if code.issuer_codes else ""
    central = code.year is not None or head in tables["issuer_codes"] or (
        code.form == "party" and head in ("TW", "TƯ"))
    if central:
        return key
    place = _code_key(expand(issuer or "?"))
    return f"{key}@{place}@{year or '?'}"


@lru_cache(maxsize=1)
def _law_stop() -> re.Pattern:
    titled = _tables()["citations"]["titled"]
    stops = alternation(titled["law_name_stops"])
    return re.compile(rf"(?:{stops})(?:$|[ ,])|\d{{4}}\b|(?:Luật|Bộ|Nghị|Pháp|Chỉ|Quyết|Thông|Kế)\b", re.IGNORECASE)


def _law_name(raw: str) -> str | None:
    """Cut a law's name where the sentence moves on (`Luật Đất đai năm 2024 quy định` -> `Đất đai`)."""
    titled = _tables()["citations"]["titled"]
    stop = _law_stop()
    end = len(raw)
    for word in re.finditer(r"[^ ,]+", raw):
        if word.start() == 0:
            if stop.match(raw, 0) and not re.match(r"(?:Luật|Bộ|Nghị|Pháp|Chỉ|Quyết|Thông|Kế)\b", raw):
                return None
            continue
        found = stop.match(raw, word.start())
        if found and (found.group(0)[:1].islower() or not found.group(0)[:1].isalpha() or
                      found.group(0).rstrip(" ,") in ("Luật", "Bộ", "Nghị", "Pháp", "Chỉ", "Quyết", "Thông", "Kế")):
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
    table = _laws().get("abbreviations", {})
    return {short: full for short, full in table.items() if not short.startswith("_")}


@lru_cache(maxsize=1)
def _law_abbreviations_heads() -> frozenset[str]:
    return frozenset(short.split()[0] for short in _law_abbreviations())


_DETAILS = re.compile(r"(?:quy\s+định\s+chi\s+tiết|hướng\s+dẫn)(?:\s+(?:và\s+)?(?:biện\s+pháp\s+)?thi\s+hành)?"
                      r"(?:\s+một\s+số\s+điều(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?)?(?:\s+của)?\s+$", re.IGNORECASE)
_ABBREVIATED = re.compile(r"[A-ZĐ]{2,7}")
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


@lru_cache(maxsize=1)
def _laws() -> dict:
    """`pipeline/data/laws.json`, read once: known law names and their abbreviations."""
    return json.loads((DATA / "laws.json").read_text(encoding="utf-8"))


def _law_names() -> tuple[str, ...]:
    return tuple(_laws()["names"])


def kind_is_law(kind: str) -> bool:
    """A kind whose name may be one of the law-name table's (`Pháp lệnh ưu đãi người có công với cách mạng`)."""
    return kind in ("Luật", "Bộ luật", "Bộ Luật", "Pháp lệnh")


def _titled(text: Text, context: Context, starts: list[int]) -> list[Reference]:
    patterns = _patterns()
    s = text.text
    found = []
    inside = 0   # the laws named inside an amending law's title are no entries of their own
    titles = _amending_titles(s)
    named: dict[str, str] | None = None   # laws the text spells out, by initials, read at the first abbreviation
    for match in _at_literals(patterns["law"], s, ("Luật", "Bộ luật", "Bộ Luật", "Pháp lệnh")):
        if _blocked(text, match.start()) or match.start() < inside:
            continue
        if _inside(titles, match.start()):
            continue   # `Luật số 97/2025/QH15 sửa đổi, bổ sung một số điều của Luật Công đoàn, Luật Thanh niên`
        if _PROPOSED.search(s, max(0, match.start() - 40), match.start()):
            continue   # `hồ sơ đề nghị xây dựng Luật X`: a law only proposed is no document (ANNOTATION.md)
        kind = "Bộ luật" if match.group("type") == "Bộ Luật" else match.group("type")
        amended = _amended_laws(s, match.start("name")) if kind in ("Luật", "Pháp lệnh") else None
        if amended and not _DATED.match(s, amended):
            amended = None   # an amending law with no date or year is the draft a tờ trình presents
        name: str | None
        if amended:
            name, inside = " ".join(s[match.start("name"):amended].split()), amended
        else:
            known = _known_law().match(s, match.start("name")) if kind_is_law(kind) else None
            name = known.group(0) if known else _law_name(match.group("name"))
        if not name:
            continue
        written = name   # `Luật NSNN` is the Luật Ngân sách nhà nước: the name, the text as printed
        name = _law_abbreviations().get(name, name)
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
    return found + _named_documents(s, context, starts)


def _named_documents(s: str, context: Context, starts: list[int]) -> list[Reference]:
    """The documents cited by a unique name that are not laws: the Constitution, the international
    instruments, a Party congress's or plenum's resolution and documents."""
    patterns = _patterns()
    found = []
    for match in _at_literals(patterns["constitution"], s, ("Hiến pháp",)):
        if not (match.group("year") or match.group("full")):
            continue   # `trong Hiến pháp và hệ thống pháp luật`: the constitution in general, no citation
        year = int(match.group("year")) if match.group("year") else None
        mention = Mention(match.start(), match.end(), match.group(0))
        title = " ".join(match.group(0).split())
        found.append(Reference(_title_key("Hiến pháp", ""), "Hiến pháp", None, title, None, "Quốc hội", year,
                            relation_at(s, match.start(), starts), (mention,)))
    for match in _at_literals(patterns["instrument"], s, ("Công ước", "Tuyên ngôn", "Hiến chương")):
        kind = " ".join(match.group("kind").split())
        name = " ".join(match.group("name").split())
        name = "Liên hợp quốc" if name == "LHQ" else name
        year_match = _INSTRUMENT_YEAR.match(s, match.end())
        mention = Mention(match.start(), match.end(), s[match.start():match.end()])
        found.append(Reference(_title_key(kind, name), kind, None, f"{kind} {name}", None, "Liên hợp quốc",
                               int(year_match.group(1)) if year_match else None,
                               relation_at(s, match.start(), starts), (mention,)))
    for match in _at_literals(patterns["party_resolution"], s, ("Nghị quyết", "Văn kiện")):
        title = body = " ".join(match.group(0).split())   # as written, `của Đảng` too (ANNOTATION's example)
        issuer: str | None
        if match.group("plenum"):
            issuer = "Ban Chấp hành Trung ương Đảng"
        elif re.search(r"Đảng\s+bộ", match.group("congress") or ""):
            place = re.search(r"Đảng\s+bộ\s+(.*?)\s+lần", body)
            issuer = resolve_issuer("Đảng bộ " + place.group(1), context) if place else None
        else:
            issuer = "Đảng Cộng sản Việt Nam"
        mention = Mention(match.start(), match.end(), s[match.start():match.end()])
        # `Đại hội đại biểu Đảng bộ tỉnh X lần thứ XIV` and `Đại hội Đảng bộ tỉnh X lần thứ XIV` are one congress
        kind = " ".join(match.group("kind").split())
        key = _title_key(kind, re.sub(r"(?<=Đại hội )đại biểu (?=Đảng bộ)", "", title))
        found.append(Reference(key, kind, None, title, None, issuer, None,
                            relation_at(s, match.start(), starts), (mention,)))
    return found


_PROPOSED = re.compile(r"đề\s+nghị\s+xây\s+dựng\s+(?:dự\s+án\s+)?$", re.IGNORECASE)
_INSTRUMENT_YEAR = re.compile(r"\s*(?:\(\s*)?(?:năm\s+)?(\d{4})\b")
_DATED = re.compile(r"\s*(?:năm\s+(\d{4})|ngày\s+(\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}))")
MAX_AMENDED = 12   # laws one amending title names (the longest in the corpus name four)
_AMENDING = re.compile(r"[sS]ửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?(?:các\s+)?(?=(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s)")
_NEXT_LAW = re.compile(r"(?:,\s*|\s+và\s+)(?=(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s)")


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` falls in one of `spans` (sorted by start, not overlapping)."""
    index = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


def _amending_titles(s: str) -> list[tuple[int, int]]:
    """The spans of the laws an amending title names (`sửa đổi, bổ sung một số điều của Luật A, Luật B
    và Luật C`), wherever the title stands: after `Luật`, after a number (`Luật số 97/2025/QH15
    sửa đổi, ...`) or as a summary."""
    spans: list[tuple[int, int]] = []
    for position in _find_all(s, "sửa đổi"):
        if spans and position < spans[-1][1]:
            continue   # inside the title just read
        end = _amended_laws(s, position)
        if end:
            lead = _AMENDING.match(s, position)
            assert lead is not None  # _amended_laws found a title here: it starts with an _AMENDING match
            spans.append((lead.end(), end))
    return spans


def _amended_laws(s: str, at: int) -> int | None:
    """The end of an amending law's title that starts at `at` (`sửa đổi, bổ sung một số điều của
    Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương`), or None: the title holds the
    names of the laws it amends, which are not cited apart."""
    lead = _AMENDING.match(s, at)
    if not lead:
        return None
    end, pos = None, lead.end()
    for _ in range(MAX_AMENDED):
        inner = _patterns()["law"].match(s, pos)
        if not inner:
            break
        known = _known_law().match(s, inner.start("name")) if kind_is_law(inner.group("type")) else None
        name = known.group(0) if known else _law_name(inner.group("name"))
        if not name:
            break
        end = inner.start("name") + len(name)
        more = _NEXT_LAW.match(s, end)
        if not more:
            break
        pos = more.end()
    return end


def _at_literals(pattern: re.Pattern, s: str, literals: tuple[str, ...]):
    """`pattern.match` only where one of its leading literals stands: a cheap pre-filter (eyecite
    does the same), since a scan with a leading alternation is slow in Python's re."""
    positions = sorted({i for literal in literals for i in _find_all(s, literal)})
    last_end = 0
    for position in positions:
        if position < last_end:
            continue
        match = pattern.match(s, position)
        if match:
            last_end = match.end() if match.end() > position else position + 1
            yield match


def _find_all(s: str, literal: str):
    index = s.find(literal)
    while index != -1:
        yield index
        index = s.find(literal, index + 1)


@lru_cache(maxsize=4096)   # the same laws are named again and again
def _title_key(kind: str, name: str) -> str:
    folded = unicodedata.normalize("NFD", f"{kind} {name}".casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("đ", "d")
    return "title:" + " ".join(re.sub(r"[^\w]+", " ", folded).split())


def _short_forms(text: Text, numbered: list[Reference]) -> list[tuple[str, Mention]]:
    """`Nghị định 30` after `Nghị định số 30/2020/NĐ-CP`: a second mention of the same document."""
    by_type_number: dict[tuple[str, str], str] = {}
    for item in numbered:
        if item.type and item.number:
            by_type_number.setdefault((item.type.casefold(), item.number.lstrip("0")), item.key)
    if not by_type_number:
        return []
    tables = _tables()
    joined = []
    covered = [(f.mentions[0].start, f.mentions[0].end) for f in numbered]
    s = text.text
    for kind, number in by_type_number:
        for position in _standalone(s, number):
            end = position + len(number)
            if (position and (s[position - 1].isdigit() or s[position - 1] in "/-")) or \
                    (end < len(s) and (s[end].isdigit() or s[end] in "/-")) or s[end:end + 2] == " /":
                continue
            before = type_before(s, position)
            if not before or tables["type_words"].get(before[0].casefold(), "").casefold() != kind:
                continue
            start = before[1]
            if not any(a <= start < b for a, b in covered):
                joined.append((by_type_number[(kind, number)], Mention(start, end, s[start:end])))
    return joined


def _standalone(s: str, number: str):
    """Where `number` stands in `s`, or a superset of where it stands alone (no digit, `/` or `-`
    either side): `_find_all` checked in Python at every place a short number (`1`, `30`) is
    printed costs 40 ms over the bench documents; a number of ASCII digits is looked for with its
    edges in one regex scan, in C. The caller still checks the edges (a Unicode digit is one)."""
    if not number.isascii() or not number.isdigit():
        return _find_all(s, number)   # '' (a number `0`) is everywhere: kept as it was
    # an ASCII digit either side would make the occurrence no number of its own: the places left
    # out are ones the caller skips, and two places kept cannot overlap (a digit is never an edge)
    # (the number first, its left edge after it: a pattern that opens with a literal is scanned for)
    return (m.start() for m in re.finditer(rf"{number}(?<![0-9/-]{number})(?![0-9/-]| /)", s))


def extract_references(text: Text, document: dict | None = None) -> list[Reference]:
    """The distinct documents `text` cites, in order of first mention."""
    context = context_of(document)
    starts = sentence_starts(text.text)
    codes = find_codes(text.text)
    cited = sorted({start for _code, start, _end in codes})
    numbered, titled = _join_laws(text.text, _numbered(text, context, starts, cited, codes),
                                  _titled(text, context, starts))
    found = numbered + titled
    found.sort(key=lambda f: f.mentions[0].start)
    groups: dict[str, list[Reference]] = {}
    ocr_spans = [text.pages[n - 1] for n in text.ocr_pages if 0 < n <= len(text.pages)]
    for item in found:
        ocr = any(a <= item.mentions[0].start < b for a, b in ocr_spans)
        groups.setdefault(_merge_key(item, groups, ocr), []).append(item)
    extra: dict[str, list[Mention]] = {}
    for key, mention in _short_forms(text, numbered):
        extra.setdefault(key, []).append(mention)
    references = []
    basis = legal_basis_sections(text.text) if _argues(document) else []
    for key, items in groups.items():
        if all(item.nested for item in items):
            continue   # named only inside another citation's title
        best = max(items, key=lambda f: (f.date is not None, f.issuer is not None, len(f.mentions[0].text)))
        relation = max((f.relation for f in items), key=RELATION_RANK.__getitem__)
        mentions = sorted({m for f in items for m in f.mentions} | set(extra.get(key, [])), key=lambda m: m.start)
        # an undated first mention keys the group `...@?`; a later dated one knows the year
        final_key = best.key if key.endswith("@?") and best.year and best.code else key
        if any(a <= m.start < b and not _HISTORY.search(_sentence(text.text, m.start, starts))
               for m in mentions for a, b in basis):   # cited in a legal-basis section: legal ground
            relation = "based_on"
        references.append(dataclasses.replace(best, key=final_key, relation=relation, mentions=tuple(mentions)))
    return references


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


_LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
_NAME_TO_NUMBER = re.compile(r"[ \t]*,?[ \t]*(?:số[ \t]*)?", re.IGNORECASE)


def _join_laws(s: str, numbered: list[Reference], titled: list[Reference]) -> tuple[list[Reference], list[Reference]]:
    """A law cited by name and number is one document: `Luật Thống kê số 89/2015/QH13` is one
    mention of 89/2015/QH13 (which takes the name as its title), and a later `Luật Thống kê` is
    another mention of it. A name with a year joins only a number of that year (`Luật Hải quan năm
    2014` is not the Luật Hải quan of 2001); a name that two numbers share joins neither and is no
    reference of its own either (it is one of them, which one the text does not say)."""
    numbered = list(numbered)
    alone: list[Reference] = []
    for law in titled:
        if law.type not in _LAW_TYPES or law.code is not None:
            alone.append(law)
            continue
        said = law.mentions[0]
        index = next((i for i, n in enumerate(numbered) if said.end <= n.mentions[0].start <= said.end + 12
                      and _is_law_number(n) and _NAME_TO_NUMBER.fullmatch(s, said.end, n.mentions[0].start)), None)
        if index is not None:   # the name printed right before the number
            number = numbered[index]
            whole = Mention(said.start, number.mentions[0].end, s[said.start:number.mentions[0].end])
            numbered[index] = dataclasses.replace(
                number, title=number.title or law.title, mentions=(whole, *number.mentions[1:]),
                relation=max(number.relation, law.relation, key=RELATION_RANK.__getitem__))
            continue
        alone.append(law)
    kept = []
    for law in alone:
        if law.type not in _LAW_TYPES or law.code is not None:
            kept.append(law)
            continue
        name = _same_name(_YEAR_SUFFIX.sub("", law.title or ""))
        same = [i for i, n in enumerate(numbered) if n.title and _is_law_number(n) and _same_name(n.title) == name
                and (law.year is None or n.year == law.year)]
        if not same and law.year is None:   # the short name of a law cited in full (`Luật Bầu cử`)
            same = [i for i, n in enumerate(numbered) if n.title and _is_law_number(n)
                    and _same_name(n.title).startswith(name + " ")]
        if len(same) == 1:   # a later mention by name alone
            number = numbered[same[0]]
            numbered[same[0]] = dataclasses.replace(
                number, mentions=(*number.mentions, *law.mentions),
                relation=max(number.relation, law.relation, key=RELATION_RANK.__getitem__))
        elif not same:
            kept.append(law)
    return numbered, kept


_YEAR_SUFFIX = re.compile(r"\s+năm\s+\d{4}$")


def _is_law_number(reference: Reference) -> bool:
    """A law's or an ordinance's number: `89/2015/QH13`, `32/2001/PL-UBTVQH10`; `03/2022/UBTVQH15`
    is a resolution's."""
    return bool(reference.code and re.search(r"/(?:QH\d+|PL-UBTVQH\d+)$", reference.code))


def _same_name(title: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").casefold().split())


def _merge_key(item: Reference, groups: dict[str, list[Reference]], ocr: bool = False) -> str:
    """A later mention without date or issuer joins an earlier one with the same code.

    On an OCR'd page a title that is another's prefix up to a letter is that title misread (`lần thứ
    XIII` read `lần thứ XII`: OCR drops strokes); in typed text they are two documents (`lần X`, `lần XI`)."""
    if item.code is None:
        for key in groups:
            if key.startswith("title:") and (key == item.key or key.startswith(item.key + " ")
                                             or item.key.startswith(key + " ")
                                             or (ocr and (key.startswith(item.key) or item.key.startswith(key)))):
                return key
        return item.key
    code_key = _code_key(item.code)
    for key, items in groups.items():
        if items[0].code and key.split("@")[0] == code_key or (items[0].code and _code_key(items[0].code) == code_key):
            if key == item.key or item.date is None or items[0].date is None or item.date == items[0].date:
                return key
    return item.key


def document_key(document: dict) -> str | None:
    """A document's own identity key, built as a citation of it is, so that the edge lands on it.

    Central numbers stand alone; local ones add issuer and year (from the code or the date).
    None when the document has no number (a draft's blank `/SNV-VP`).

    >>> document_key({"code": "19/CT-TTg", "issuer": "Thủ tướng Chính phủ", "date": "2021-07-16"})
    '19CTTTG'
    >>> document_key({"code": "2458/UBND-NC", "issuer": "Ủy ban nhân dân tỉnh Điện Biên", "date": "2021-08-05"})
    '2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021'
    """
    from .codes import parse_code

    code = parse_code(document.get("code") or "")
    if code is None or not code.number:
        return None
    date = document.get("date") or ""
    year = code.year or (int(date[:4]) if re.match(r"\d{4}", date) else None)
    return _identity(code, document.get("issuer"), year)

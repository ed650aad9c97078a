"""Who issued a cited document, and when, and what kind it is: read with the citing document's context.

The citing document's `Context` (`context_of`: its own code, its issuer, its places most local
first) completes `của UBND tỉnh` with the province. For each cited document: its date in ISO form
(`iso_date`), its issuer written out (`expand`, `resolve_issuer`) or read from its code's parts
(`issuer_from_code`, and `joint_issuer` for a joint document's bodies), and its type from the word
before the number or from the code (`type_of`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..read.letters import LOWER
from .codes import Code, parse_code
from .dates import parse_date
from .header import province_kinds
from .patterns import alternation
from .references_patterns import PLACE_LEVELS, UPPER, _tables

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
# a body named by its level alone, and what it did after it (`của UBND tỉnh tổng hợp kết quả rà soát`,
# `của HĐND tỉnh kinh phí còn lại`): the name ends at the level; not in a word the level's name opens
# (`Bảo hiểm xã hội`, `tỉnh ủy`, `huyện đội`, `tỉnh đoàn`) nor `thành phố trực thuộc trung ương`
_LEVEL_THEN_PROSE = re.compile(rf"\b(?:{'|'.join(PLACE_LEVELS)})(?=[ ]+(?!trực[ ]thuộc|hội\b|(?:ủy|uỷ)\b(?![ ]+quyền)|đội\b|đoàn\b)[{LOWER}])")
_ENDS_WITH_PLACE = re.compile(rf"\b({'|'.join(PLACE_LEVELS)})$", re.IGNORECASE)   # `UBND Thành phố`
_JOINED_ENDS = re.compile(r"^(?:của|do)\s+|\s+(?:và|hoặc)$")
_NATIONAL = re.compile(r"\b[Qq]uốc gia\b")
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
    name = _JOINED_ENDS.sub("", name)   # `của của Tổng Giám đốc`; `Tổng cục Hải quan và` / `hướng dẫn ...`
    name = _POLITBURO.sub("Bộ Chính trị", name)
    if _CENTRAL_COMMITTEE.search(name):
        return "Ban Chấp hành Trung ương Đảng"
    folded = name.casefold()
    for known, known_folded in _known_names_folded():
        if folded.startswith(known_folded) and (len(name) == len(known) or not name[len(known)].isalpha()):
            return known
    name = _ISSUER_END.split(name)[0]
    prose = _LEVEL_THEN_PROSE.search(name)
    if prose:
        name = name[:prose.end()]
    match = _ENDS_WITH_PLACE.search(name)
    if match:
        place = context.place(match.group(1).lower())
        return f"{name} {place}" if place else name
    has_place = _NAMES_PLACE.search(name)
    province = context.place("tỉnh") or context.place("thành phố")
    # (a body `quốc gia` or `Trung ương` is the nation's: `Ban Chỉ đạo 389 quốc gia` takes no province)
    if not has_place and province and "Trung ương" not in name and not _NATIONAL.search(name):
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
        if parts and parts[0] == "TU" and context.place("tỉnh"):   # `441-QĐ/TU`: the province's Party committee
            return f"Tỉnh ủy {context.place('tỉnh')}"
        return None
    for part in parts[:1]:
        bare = re.sub(r"\d+$", "", part)
        named = _body_of_code(part)
        if named:
            return named
        if bare in ("UBND", "UB", "HĐND", "HDND") and context.lowest:   # `QĐ-UB`: the committee's code before 2004
            level, place = context.lowest
            return f"{'Ủy ban nhân dân' if bare.startswith('U') else 'Hội đồng nhân dân'} {level} {place}"
        level = "tỉnh" if context.place("tỉnh") else "thành phố"
        if bare in tables["departments"] and context.place(level):
            return f"{tables['departments'][bare]} {level} {context.place(level)}"
        if context.issuer and bare not in _SHARED_CODES and part == _own_issuer_code(context.own_code):
            return context.issuer   # `Báo cáo số 78/BC-TTXT` cited in `644/TTXT-ĐTDN`: its own earlier paper
    return None


# issuer codes that many bodies print alike (every commune's, district's and province's committee)
_SHARED_CODES = frozenset({"UBND", "UB", "HĐND", "HDND", "BTT", "VP", "MTTQ"})


@lru_cache(maxsize=64)
def _own_issuer_code(own_code: str | None) -> str | None:
    """The first issuer part of the citing document's own code (`TTXT` of `644/TTXT-ĐTDN`)."""
    parsed = parse_code(own_code) if own_code else None
    return parsed.issuer_codes[0] if parsed is not None and parsed.issuer_codes else None


_BARE_HEADS = frozenset({"Bộ", "Sở", "Bộ trưởng", "Bộ trưởng Bộ", "Giám đốc Sở", "Ban", "Cục", "Tổng cục", "Chi cục", "Trung tâm", "Phòng",
                         "Văn phòng", "Hội", "Hội đồng", "Ủy ban", "Viện", "Trường"})


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


_GENERIC_TYPE_WORDS = frozenset({"văn bản"})   # a word for any paper, not a kind (`tại văn bản số ...`)


def type_of(code: Code, before: str | None) -> str | None:
    tables = _tables()
    code_types = tables["party_code_types" if code.form == "party" else "code_types"]
    if before and before.casefold() in _GENERIC_TYPE_WORDS and code.type_code and code.type_code in code_types \
            and _body_of_code(code.type_code) is None:   # (`4773/TC-CSTC`: TC, a kind or the Bộ Tài chính)
        return code_types[code.type_code]   # `văn bản số 279/BC-BTP` is a Báo cáo: the symbol names its kind
    if before:
        return tables["type_words"].get(before.casefold(), before)
    if code.type_code and code.type_code in code_types:
        return code_types[code.type_code]
    if code.form == "normative" and code.issuer_codes and re.sub(r"\d+$", "", code.issuer_codes[0]) == "QH":
        return "Luật"
    if code.form == "normative" and code.issuer_codes and code.issuer_codes[0].startswith("UBTVQH"):
        return "Nghị quyết"
    if code.form == "administrative" and not code.type_code:
        return "Công văn"
    return None

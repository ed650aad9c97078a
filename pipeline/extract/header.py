"""The document's own facts, read as a văn thư clerk reads them (Nghị định 30/2020/NĐ-CP Điều 8).

Header: Quốc hiệu and Tiêu ngữ (or `ĐẢNG CỘNG SẢN VIỆT NAM`), the issuing body under its
superior, số and ký hiệu, place and date, tên loại and trích yếu (or a `V/v` line), `Kính gửi`;
an incoming stamp (`VĂN BẢN ĐẾN ... Số 6473 Ngày 06/08/2021`); at the end the nơi nhận list and
the signature block (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.` prefixes, the post, the name).

The text comes as the readers give it: DOCX header tables column by column, PDF columns
interleaved on one line, OCR with broken lines, markdown copies from legal-database sites with
site text before the document and the header table on one line. So nothing here relies on line
layout alone: each field has its own cue (`Số:`, `, ngày ... tháng ... năm`, a type name, `V/v`,
a body name) and the regions between cues are read with the tables of `pipeline/data`.

Every fact keeps its span: `text[f.start:f.end] == f.text`.

>>> h = extract_header("UBND TỈNH ĐIỆN BIÊN\\nSỞ NỘI VỤ\\nSố: /SNV-VP\\nV/v phát động thi đua\\n"
...                    "Điện Biên, ngày tháng năm 2024\\n\\nKính gửi: Các sở, ngành\\n\\nNội dung.")
>>> h.to_json()["issuer"], h.to_json()["date"], h.to_json()["type"]
('Sở Nội vụ tỉnh Điện Biên', '2024', 'Công văn')
"""
from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from pipeline.extract.codes import DATA, NUMBER, SEGMENT, UPPER, Code, parse_code
from pipeline.read.encodings import is_syllable
from pipeline.read.ocr_fix import fold

# Lower-case Vietnamese letters (U+00E0..U+1EF9 interleaves upper and lower case: built, not ranged)
LOWER = "a-z" + "".join(sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.islower()}))


# ---------------------------------------------------------------------------------------------
# Facts


@dataclass(frozen=True)
class Fact:
    """One value read from the text, with the span it was read from (`text[start:end] == text`)."""

    value: Any
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Signer:
    authority: Fact | None = None
    title: Fact | None = None
    name: Fact | None = None
    prefixes: tuple[Fact, ...] = ()  # every signing prefix of the block, outermost first

    def to_json(self) -> dict:
        return {"authority": _v(self.authority), "title": _v(self.title), "name": _v(self.name)}


@dataclass(frozen=True)
class Header:
    code: Fact | None = None
    code_parts: Code | None = None
    type: Fact | None = None
    issuer: Fact | None = None
    parent_issuer: Fact | None = None
    place: Fact | None = None
    date: Fact | None = None
    subject: Fact | None = None
    signer: Signer | None = None
    recipients: tuple[Fact, ...] = ()
    noi_nhan: tuple[Fact, ...] = ()
    received_number: Fact | None = None
    received_date: Fact | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        """The `document` object of FORMAT.md, plus `noi_nhan`."""
        received = None
        if self.received_number or self.received_date:
            received = {"number": _v(self.received_number), "date": _v(self.received_date)}
        return {
            "code": _v(self.code),
            "type": _v(self.type),
            "issuer": _v(self.issuer),
            "parent_issuer": _v(self.parent_issuer),
            "place": _v(self.place),
            "date": _v(self.date),
            "subject": _v(self.subject),
            "signer": (self.signer or Signer()).to_json(),
            "recipients": [f.value for f in self.recipients],
            "received": received,
            "noi_nhan": [f.value for f in self.noi_nhan],
        }

    def facts(self):
        """Every fact with a span, for highlighting and for the offsets invariant."""
        singles = (self.code, self.type, self.issuer, self.parent_issuer, self.place, self.date,
                   self.subject, self.received_number, self.received_date)
        signer = self.signer or Signer()
        yield from (f for f in singles if f is not None)
        yield from (f for f in (signer.authority, signer.title, signer.name) if f is not None)
        yield from signer.prefixes
        yield from self.recipients
        yield from self.noi_nhan


def _v(fact: Fact | None):
    return None if fact is None else fact.value


def _fact(s: str, start: int, end: int, value: Any) -> Fact:
    """A fact over `s[start:end]`, its span trimmed of spaces and markup at both ends."""
    while start < end and s[start] in " \t\n|*#":
        start += 1
    while end > start and s[end - 1] in " \t\n|*#":
        end -= 1
    return Fact(value, start, end, s[start:end])


# ---------------------------------------------------------------------------------------------
# Tables


@cache
def _table(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _alternation(words, flags_upper=True) -> str:
    forms = sorted({w.upper() if flags_upper else w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


@lru_cache(maxsize=1)
def _types() -> dict[str, dict]:
    """Upper-case printed type name -> entry (the first entry of a name wins)."""
    out: dict[str, dict] = {}
    for entry in _table("document_types.json")["types"]:
        out.setdefault(entry["name"].upper(), entry)
    return out


@lru_cache(maxsize=1)
def _type_by_code() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in _table("document_types.json")["types"]:
        if entry.get("code"):
            out.setdefault(entry["code"], entry["name"])
    return out


@lru_cache(maxsize=1)
def _heads() -> list[dict]:
    return _table("bodies.json")["heads"]


@lru_cache(maxsize=1)
def _head_scope() -> dict[str, str]:
    return {h["name"].upper(): h["scope"] for h in _heads()}


@lru_cache(maxsize=1)
def _needs_place() -> frozenset[str]:
    return frozenset(h["name"].upper() for h in _heads() if h.get("needs_place"))


@lru_cache(maxsize=1)
def _canonical_names() -> list[str]:
    t = _table("bodies.json")
    names = [h["name"] for h in t["heads"]] + [c["name"] for c in t["central"]]
    names += [m["name"] for m in t["ministries"]] + [d["name"] for d in t["departments"]]
    names += [a["full"] for a in t["abbreviations"] if a["full"][0].isupper()] + t.get("proper_nouns", [])
    return sorted(set(names), key=len, reverse=True)


@lru_cache(maxsize=1)
def _canonical_re() -> tuple[re.Pattern, dict[str, str]]:
    """One pass over a name: a shorter name never rewrites a longer one (`Phòng` in `Văn phòng`)."""
    names = _canonical_names()
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)
    return pattern, {n.lower(): n for n in names}


@lru_cache(maxsize=1)
def province_kinds() -> dict[str, str]:
    """Province name (lower case) -> kind (`tỉnh` or `thành phố`), old and 2025 names and aliases."""
    t = _table("provinces.json")
    out = {}
    for p in t["provinces"] + t["provinces_2025"]:
        out[p["name"].lower()] = p["kind"]
        for alias in p.get("aliases", ()):
            out.setdefault(alias.lower(), p["kind"])
    return out


def _fold_letters(t: str) -> str:
    return "".join(unicodedata.normalize("NFD", c)[0] for c in t.replace("Đ", "D").replace("đ", "d"))


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """Base letter -> a class of every upper-case letter built on it (`O` -> `OÒÓ...ỢƠ`)."""
    upper = [c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper()]
    classes: dict[str, set[str]] = {}
    for c in upper:
        base = _fold_letters(c)
        if len(base) == 1 and "A" <= base <= "Z":
            classes.setdefault(base, set()).add(c)
    classes["D"].add("Đ")
    return {b: "[" + "".join(sorted(cs)) + "]" for b, cs in classes.items()}


def _accent_blind(name: str) -> str:
    classes = _letter_classes()
    out = []
    for c in name.upper():
        if c == " ":
            out.append(r"\s+")
        elif c.isalpha():
            out.append(classes.get(_fold_letters(c), re.escape(c)))
        else:
            out.append(re.escape(c))
    return "".join(out)


@lru_cache(maxsize=1)
def _types_folded() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, entry in _types().items():
        out.setdefault(_fold_letters(name), entry)
    return out


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """The header's regexes by name, compiled once from the tables."""
    bodies = _table("bodies.json")
    heads = [h["name"] for h in bodies["heads"]]
    return {**_number_patterns(), **_place_date_patterns(), **_title_patterns(), **_body_patterns(bodies, heads),
            **_signature_patterns(bodies, heads), **_mask_patterns()}


def _number_patterns() -> dict[str, re.Pattern]:
    """The motto (or the party's name) and the document's number, `Số: 12/2025/QĐ-UBND`."""
    p: dict[str, re.Pattern] = {}
    p["motto"] = re.compile(
        rf"""C[{UPPER}]{{1,2}}NG\s*H[{UPPER}]{{1,2}}A\s+X[{UPPER}]\s+H[{UPPER}]{{1,2}}I\s+CH[{UPPER}]\s+NGH[{UPPER}]{{1,2}}A
            (?:\s+VI[{UPPER}]{{1,2}}T(?:\s+NAM)?)?   # OCR and PDF fonts bend the accents: XÃ HỌI, QUÓC
          | [ĐD]ộc\s*lập\s*-\s*Tự\s*do\s*-\s*Hạnh\s*phúc | ĐỘC\s*LẬP\s*-\s*TỰ\s*DO\s*-\s*HẠNH\s*PHÚC
          | ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM""",
        re.VERBOSE,
    )
    p["party"] = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
    # `Số:` and the code after it; the gap between number and slash may hold a line break
    # (e-signature stamps put the number apart), a draft's blank number may be dots.
    p["code"] = re.compile(
        rf"""(?<![\w/])(?:Số|SỐ|So|số(?=[ ]?:))[ ]?(?:[:.]|(?=[ ]*[0-9lIO.…_ ]*[/-]))\s{{0,3}}[.…_]*[ ]*
        (?P<code>
            (?P<p_number>{NUMBER})[ ]?-[ ]?(?P<p_type>{SEGMENT})[ ]?/[ ]?(?P<p_issuer>{SEGMENT}(?:[ ]?-[ ]?{SEGMENT})*)
          | (?P<n_number>{NUMBER})?[ ]?/(?P<n_year>(?:19|20)[0-9]{{2}}|[0-9]{{5}})/(?P<n_symbol>{SEGMENT}(?:[ ]?-[ ]?{SEGMENT})*)
          | (?P<a_number>{NUMBER})?\s{{0,4}}[.…_]*/[ ]?(?P<a_symbol>{SEGMENT}(?:[ ]?-[ ]?{SEGMENT})*)
          | [ ]?-[ ]?(?P<b_type>{SEGMENT})[ ]?/[ ]?(?P<b_issuer>{SEGMENT}(?:-{SEGMENT})*)   # Party draft: -KH/TU
        )""",
        re.VERBOSE,
    )
    return p


def _place_date_patterns() -> dict[str, re.Pattern]:
    """Where and when the document was signed, the line under the motto."""
    word = rf"[{UPPER}][{LOWER}]*"
    p: dict[str, re.Pattern] = {}
    # Place and date: `Điện Biên, ngày 05 tháng 8 năm 2021`, drafts `ngày tháng năm 2024`.
    blank = r"[ .…_/\-]*"
    p["place_date"] = re.compile(
        rf"""(?:(?<![\w/-])(?P<place>(?:(?:TP|Tp)\.[ ]?|[Tt]hành[ ]phố[ ]|[Tt]hị[ ]xã[ ]|[Hh]uyện[ ]|[Xx]ã[ ]|[Pp]hường[ ])?
                          {word}(?:(?:[ ]|\n|[ ]?-[ ]?){word}){{0,4}})
             | (?P<dots>[.…_]{{2,}}))
           [ ]?,[ ]*(?:(?:ngày|Ngày)\s*(?P<d>[0-9](?:[ ]?[0-9])?)?{blank}   # `0 6`: a copy's broken digits
                     (?:(?<=\s)(?P<illegible>[^\s]{{1,5}})[ ]+        # a handwritten day OCR read as `“1P`
                       |[^\s]{{1,4}}?(?=t?háng))?                       # ... or run into the month: `ngày-1Atháng`
                    |[Nn]g[àa][^\s]{{1,4}}[ ]+)\s*                  # `ngàW†`: the day written over the word
           (?:t?háng\s*(?P<m>[0-9](?:[ ]?[0-9])?)?{blank}\s*năm\s*(?P<y>[0-9]{{4}})?
            | (?<=[0-9])/(?P<m2>[0-9]{{1,2}})/(?P<y2>[0-9]{{4}}))""",
        re.VERBOSE,
    )
    return p


def _title_patterns() -> dict[str, re.Pattern]:
    """The type line, `V/v`, where the body begins, the nơi nhận and the received stamp."""
    types = sorted(_types(), key=len, reverse=True)
    p: dict[str, re.Pattern] = {}
    # type names read with any accents on their letters: OCR and PDF fonts print `NGHỊ QUYÉT`
    p["type_line"] = re.compile(
        rf"(?P<type>{'|'.join(_accent_blind(t) for t in types)})(?![\w:])"
    )
    p["vv"] = re.compile(r"(?<![\w])(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)(?=[ :])")
    p["kinh_gui"] = re.compile(r"K[íi]nh\s*g[ửu]i\s*:?|KÍNH GỬI\s*:?|[A-ZĐ][A-ZĐÀ-Ỹ ]{3,60}\sđiện\s*:")
    p["body_cue"] = re.compile(
        r"""^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Theo\s|Xét\s|Ngày\s+\d|Trong\s|Nhằm\s|Để\s|Hưởng\s+ứng|
              Phúc\s+đáp|Trả\s+lời|Sau\s+khi|Qua\s|Năm\s+\d|Vừa\s+qua|Hiện\s+nay|Triển\s+khai|Điều\s+1|
              Nội\s+dung|[IVX]+\.\s|[0-9]+\.\s|QUYẾT\s+ĐỊNH\s*:|CHỈ\s+THỊ\s*:|Nơi\s+nhận|NƠI\s+NHẬN)""",
        re.VERBOSE | re.MULTILINE,
    )
    p["noi_nhan"] = re.compile(r"(?<![\w])(?:Nơi\s*nhận|NƠI\s*NHẬN)\s*:?")
    p["received"] = re.compile(
        r"""(?:VĂN\s+BẢN|CÔNG\s+VĂN|CV)?\s*ĐẾN\b[^\n]{0,40}?(?:\n[^\n]{0,40}?){0,3}?
            Số\s*(?:đến)?\s*[:.]?\s*(?P<number>\d+)
            (?:[^\n\d]{0,6}?(?:\n\s*)?Ngày\s*(?:đến)?\s*[:.]?\s*(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}))?""",
        re.VERBOSE,
    )
    return p


def _body_patterns(bodies: dict, heads: list[str]) -> dict[str, re.Pattern]:
    """The names of bodies: their heads (`SỞ`, `BAN`), abbreviations and places."""
    abbreviations = bodies["abbreviations"]
    place_kinds = bodies["place_kinds"]
    p: dict[str, re.Pattern] = {}
    p["head"] = re.compile(rf"(?<![\w])(?:{_alternation(heads)})(?![\w])")
    p["inline_head"] = re.compile(
        rf"""(?<![\w])(?:{_alternation([h for h in heads if h.split()[0] in ('Sở', 'Ban', 'Văn', 'Tổng', 'Cục', 'Chi', 'Trung', 'Ủy')
                                        and h not in ('Ban',)])})(?![\w])"""
    )
    p["abbreviation"] = re.compile(
        "|".join(rf"(?<![\w]){re.escape(a['short'].upper())}(?![\w&])" for a in
                 sorted(abbreviations, key=lambda a: -len(a["short"])))
    )
    p["place_phrase"] = re.compile(
        rf"(?<![\w])(?<!VÀ )(?P<kind>{_alternation(place_kinds)})\s+(?P<name>(?:[{UPPER}0-9][\w.'-]*)(?:\s+(?:[-–]\s+)?[{UPPER}0-9][\w.'-]*){{0,5}})\s*$"
    )
    return p


def _signature_patterns(bodies: dict, heads: list[str]) -> dict[str, re.Pattern]:
    """The signature block: `TM.`/`KT.` prefixes, posts, heads and the signer's name."""
    posts = bodies["posts"]
    p: dict[str, re.Pattern] = {}
    p["prefix"] = re.compile(
        rf"(?<![\w./])(?P<p>TM|KT|TL|TUQ|T/M|K/T|T/L|T\.M|K\.T|T\.L|Q)(?:\.|(?<=/[MTL]))[ ]*\n?[ ]*(?=[{UPPER}]{{2}})"
    )
    p["post"] = re.compile(rf"(?<![\w])(?:{_alternation(posts)})(?![\w])")
    p["sig_head"] = re.compile(rf"(?<![\w])(?:{_alternation(heads)})(?![\w])")
    p["name"] = re.compile(rf"[{UPPER}][{LOWER}]+(?:[ ]+[{UPPER}][{LOWER}]*){{1,5}}(?![\w])")
    return p


def _mask_patterns() -> dict[str, re.Pattern]:
    """What is no part of a name: decorations, marks (`KHẨN`, `DỰ THẢO`), signing notes."""
    p: dict[str, re.Pattern] = {}
    p["decor"] = re.compile(r"-{2,}|_{2,}|={2,}|\*+|\|")
    p["mark"] = re.compile(
        r"(?<![\w])(?:DỰ\s+THẢO(?:\s+(?:LẦN\s+\d+|\d+))?|HỎA\s+TỐC|THƯỢNG\s+KHẨN|KHẨN|MẬT|TỐI\s+MẬT|"
        r"VĂN\s+BẢN\s+ĐẾN(?:\s+ĐIỆN\s+TỬ)?|CÔNG\s+BÁO[^\n]*|BẢN\s+SAO|VĂN\s+BẢN\s+QUY\s+PHẠM\s+PHÁP\s+LUẬT)(?![\w])"
    )
    p["skip_sig"] = re.compile(
        r"^\s*(?:\(?\[?[Đđ]ã\s+ký\]?\)?|\(?ký[^)\n]{0,30}\)|Ký\s+bởi.*|Người\s+ký.*|\(Đã ký và đóng dấu\)|\[daky\].*)\s*$"
    )
    return p


# ---------------------------------------------------------------------------------------------
# Names


def _expand(upper: str) -> str:
    """Abbreviations in an upper-case header written out: `UBND TỈNH` -> `ỦY BAN NHÂN DÂN TỈNH`."""
    table = {a["short"].upper(): a["full"].upper() for a in _table("bodies.json")["abbreviations"]}
    upper = _OCR_PLACE_KINDS.sub(lambda m: "TỈNH" if m.group(0)[0] == "T" else "HUYỆN", upper)
    return _patterns()["abbreviation"].sub(lambda m: table[m.group(0)], upper)


# OCR bends the accents of the place kinds in an upper-case header (`TĨNH ĐIỆN BIÊN`); after a
# place kind the word is a name (`XÃ TỊNH THUẬN`, `HUYỆN SƠN TỊNH` is not a kind at all).
_OCR_PLACE_KINDS = re.compile(r"(?<![\w])(?<!XÃ )(?<!PHƯỜNG )(?<!TRẤN )(?<!HUYỆN )(?<!QUẬN )(?<!PHỐ )(?<!KHU )"
                              r"(?:T[ĨÍÌIỊ]NH|HUY[ÊỄẾỀE]N)(?=\s+[A-ZĐÀ-Ỹ])")


_ROMAN = re.compile(r"^[IVXLC]+$")


def proper_case(name: str) -> str:
    """An upper-case body name in the case Vietnamese writes it.

    >>> proper_case("ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN")
    'Ủy ban nhân dân tỉnh Điện Biên'
    >>> proper_case("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    'Bộ Lao động - Thương binh và Xã hội'
    """
    name = " ".join(name.split())
    if not name:
        return name
    if any(c.islower() for c in name):
        return name[0].upper() + name[1:]
    lower = name.lower()
    out = lower[0].upper() + lower[1:]
    pattern, canonical = _canonical_re()
    out = pattern.sub(lambda m: canonical.get(m.group(0).lower(), m.group(0)), out)
    out = out[0].upper() + out[1:]
    # places: every word after a place kind, or after a Party committee, is a proper name
    kinds = "|".join(re.escape(k) for k in sorted(_table("bodies.json")["place_kinds"], key=len, reverse=True))
    out = re.sub(
        rf"(?<![\w])(?<!và )({kinds}|Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)((?:\s+[\w.'-]+)+)$",
        lambda m: m.group(1) + re.sub(r"(?<![\w])(\w)", lambda w: w.group(1).upper(), m.group(2)),
        out,
    )
    # a head with a free name after it (`Sở nội vụ`, `Ủy ban văn hóa`): capitalise that name,
    # unless a longer known name starts there (`Ủy ban nhân dân`)
    known = pattern.match(out)
    head = re.match(r"^(Sở|Bộ|Tổng cục|Cục|Chi cục|Vụ|Ủy ban|Ban|Trung tâm|Phòng)\s+(\w)", out)
    if head and (known is None or known.end() <= len(head.group(1))):
        out = f"{head.group(1)} {head.group(2).upper()}{out[head.end():]}"
    return " ".join(w.upper() if _ROMAN.match(w.upper()) and len(w) <= 5 and w.lower() in
                    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
                     "xiv", "xv", "xvi", "xvii") and idx > 0 and name.split()[idx - 1] in ("KHÓA", "KHOÁ")
                    else w for idx, w in enumerate(out.split()))


@dataclass(frozen=True)
class _Body:
    text: str  # upper-case, abbreviations written out
    start: int
    end: int
    head: str | None  # upper-case head
    scope: str | None
    place_kind: str | None = None  # `TỈNH`
    place_name: str | None = None  # `ĐIỆN BIÊN`

    @property
    def name(self) -> str:
        return proper_case(self.text)

    @property
    def place(self) -> str | None:
        if self.place_kind and self.place_name:
            name = " ".join(w[:1].upper() + w[1:].lower() for w in self.place_name.split())
            return f"{self.place_kind.lower()} {name}"
        return None


def _body(text: str, start: int, end: int) -> _Body:
    p = _patterns()
    expanded = _expand(" ".join(text.split()))
    m = p["head"].match(expanded)
    head = " ".join(m.group(0).split()) if m else None
    scope = _head_scope().get(head) if head else None
    kind = name = None
    if scope in ("government", "front", "party", "local", "party_dependent", "dependent") or scope is None:
        pm = p["place_phrase"].search(expanded)
        if pm and (m is None or pm.start() >= m.end() or scope is None):
            kind, name = " ".join(pm.group("kind").split()), pm.group("name")
    return _Body(expanded, start, end, head, scope, kind, name)


# ---------------------------------------------------------------------------------------------
# Small helpers over the text


def _line_start(s: str, i: int) -> int:
    return s.rfind("\n", 0, i) + 1


def _line_end(s: str, i: int) -> int:
    j = s.find("\n", i)
    return len(s) if j < 0 else j


def _is_upper_text(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


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


# ---------------------------------------------------------------------------------------------
# The extractor


def extract_header(text) -> Header:
    """Read the header and the signature block of a document.

    `text` is a reader's `Text` (its `.text` is used) or a plain normalised string.
    """
    s = text if isinstance(text, str) else text.text
    p = _patterns()
    notes: list[str] = []

    received_number, received_date, stamp = _received(s)
    motto = p["motto"].search(s)
    doc_start = _document_start(s, motto, stamp)

    code_m = _first(p["code"], s, doc_start, min(len(s), doc_start + 4000), avoid=stamp)
    if code_m is None and doc_start > 0:
        code_m = _first(p["code"], s, 0, min(len(s), 4000), avoid=stamp)
    date_m = _first(p["place_date"], s, doc_start, len(s))

    code = code_parts = None
    if code_m:
        code_parts = _code_from(code_m)
        if code_parts:
            code = _fact(s, code_m.start("code"), code_m.end("code"), code_parts.text)

    place = date = None
    if date_m:
        if date_m.group("place"):
            place = _fact(s, date_m.start("place"), date_m.end("place"), " ".join(date_m.group("place").split()))
        date_start = date_m.end("place") if date_m.group("place") else date_m.start()
        date = _fact(s, date_start, date_m.end(), _iso(date_m))
        signed = _signing_day(s, date.value) if date.value and len(date.value) == 7 else None
        if signed:   # the day is handwritten and unread: the signature stamp's day of that month
            date = _fact(s, date_start, date_m.end(), signed)
            notes.append("day of the date taken from the signature stamp (the printed day is unreadable)")

    # where the header ends and the body begins
    anchor = max([doc_start] + [m.end() for m in (code_m, date_m) if m and m.start() < doc_start + 4000]
                 + ([motto.end()] if motto and motto.start() < doc_start + 4000 else []))
    kg = p["kinh_gui"].search(s, doc_start, min(len(s), anchor + 3000))
    body_start = _body_start(s, anchor, kg)

    type_fact, subject = _type_and_subject(s, doc_start, anchor, body_start, date_m, code_m)
    if type_fact is None:
        vv = _vv_subject(s, doc_start, body_start, date_m, motto)
        if vv:
            subject = vv
            type_fact = Fact("Công văn", vv.start, vv.start, "")
        elif code_m and (unmarked := _unmarked_vv_subject(s, (code_m, date_m), body_start)):
            subject = unmarked
            type_fact = Fact("Công văn", unmarked.start, unmarked.start, "")
    if type_fact is None and code_parts and code_parts.type_code in _type_by_code():
        assert code is not None  # made with code_parts (above)
        type_fact = _fact(s, code.start, code.end, _type_by_code()[code_parts.type_code])
    elif type_fact is None and code_parts and code_parts.type_code is None and code_parts.form == "administrative":
        assert code is not None  # made with code_parts (above)
        type_fact = _fact(s, code.start, code.end, "Công văn")  # Phụ lục III: a công văn's symbol has no type

    issuer, parent = _issuer(s, doc_start, code_m, date_m, motto, type_fact, subject, stamp, place)
    if issuer is not None and subject is not None:
        subject = _drop_authority(s, subject, issuer)
    if issuer is None:
        issuer = _infer_issuer(s, body_start, place)
        if issuer is not None:
            notes.append("issuer inferred from the body")

    recipients = _recipients(s, kg, body_start) if kg and kg.start() < body_start + 50 else ()
    noi_nhan_m = _first(p["noi_nhan"], s, max(anchor, body_start), len(s))
    noi_nhan = _noi_nhan(s, noi_nhan_m) if noi_nhan_m else ()
    signer = _signer(s, max(anchor, body_start), noi_nhan_m, noi_nhan)
    if signer is not None and noi_nhan_m and (signer.name is not None or signer.title is not None):
        signer = _signer_from_list(s, signer, noi_nhan_m.start())
    if issuer is not None and type_fact is not None:
        issuer, subject = _party_central(s, issuer, type_fact, subject, max(anchor, body_start))

    return Header(code=code, code_parts=code_parts, type=type_fact, issuer=issuer, parent_issuer=parent,
                  place=place, date=date, subject=subject, signer=signer, recipients=tuple(recipients),
                  noi_nhan=tuple(noi_nhan), received_number=received_number, received_date=received_date,
                  notes=tuple(notes))


# The Party's central header names only the Central Committee; the body that issues is printed under
# the type name (`CHỈ THỊ` / `CỦA BỘ CHÍNH TRỊ`) or in the signature (`T/M BỘ CHÍNH TRỊ`).
_PARTY_CENTRAL_BODIES = {"BỘ CHÍNH TRỊ": "Bộ Chính trị", "BAN BÍ THƯ": "Ban Bí thư",
                         "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương Đảng"}
_PARTY_CENTRAL_UNDER_TYPE = re.compile(r"[ \t|*]*\n?[ \t|*]*CỦA\s+(BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ|BAN\s+CHẤP\s+HÀNH\s+TRUNG\s+ƯƠNG)"
                                       r"(?:\s+ĐẢNG)?(?![\w])")
_PARTY_CENTRAL_SIGNATURE = re.compile(r"(?<![\w])T\s*[/.]?\s*M\.?\s+(BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ)(?![\w])")


def _party_central(s: str, issuer: Fact, type_fact: Fact, subject: Fact | None, body_start: int):
    """(issuer, subject) for a document under the Central Committee's header: the Politburo or the
    Secretariat when the document says so, the line `CỦA BỘ CHÍNH TRỊ` left out of the summary."""
    if not _fold_letters(issuer.value.upper()).startswith("BAN CHAP HANH TRUNG UONG"):
        return issuer, subject
    under = _PARTY_CENTRAL_UNDER_TYPE.match(s, type_fact.end) if type_fact.end > type_fact.start else None
    found = under or _PARTY_CENTRAL_SIGNATURE.search(s, body_start)
    if not found:
        return issuer, subject
    name = _PARTY_CENTRAL_BODIES[" ".join(found.group(1).split())]
    issuer = _fact(s, found.start(1), found.end(1), name)
    if under and subject is not None and subject.start < under.end() <= subject.end:
        rest = _clean_subject(" ".join(s[under.end():subject.end].split()))
        subject = _fact(s, under.end(), subject.end, rest) if rest else None
    return issuer, subject


def _first(pattern: re.Pattern, s: str, start: int, end: int, avoid: tuple[int, int] | None = None):
    for m in pattern.finditer(s, start, end):
        if avoid and avoid[0] <= m.start() < avoid[1]:
            continue
        return m
    return None


def _code_from(m: re.Match) -> Code | None:
    if m.group("b_type"):
        return Code(None, None, m.group("b_type"), tuple(re.split(r"\s*-\s*", m.group("b_issuer"))),
                    f"-{m.group('b_type')}/{m.group('b_issuer')}")
    return parse_code(re.sub(r"\s+", "", m.group("code")) if not m.group("p_type") else m.group("code"))


def _iso(m: re.Match) -> str | None:
    y = m.group("y") or m.group("y2")
    mo = (m.group("m") or m.group("m2") or "").replace(" ", "")
    d = (m.group("d") or "").replace(" ", "")
    if not y:
        return None
    if mo and 1 <= int(mo) <= 12:
        if d and 1 <= int(d) <= 31:
            return f"{y}-{int(mo):02d}-{int(d):02d}"
        return f"{y}-{int(mo):02d}"
    return y


# The VGCA signature stamp's time: `Thời gian ký: 07.01.2025 10:09:57 +07:00`, `11/05/2021 11:26:39`
_SIGNING_TIME = re.compile(r"(?<![\d/.])(\d{1,2})[./](\d{1,2})[./](\d{4})[ ]{1,3}\d{1,2}:\d{2}:\d{2}")


def _signing_day(s: str, month: str) -> str | None:
    """The day a signature stamp dates to `month` (`2025-01`), when exactly one day is stamped."""
    days = set()
    for m in _SIGNING_TIME.finditer(s):
        day, mo, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if f"{year}-{mo:02d}" == month and 1 <= day <= 31:
            days.add(f"{month}-{day:02d}")
    return days.pop() if len(days) == 1 else None


def _received(s: str):
    m = _patterns()["received"].search(s, 0, min(len(s), 1500))
    if not m:
        return None, None, None
    number = _fact(s, m.start("number"), m.end("number"), m.group("number"))
    date = None
    if m.group("date"):
        d, mo, y = re.split(r"[/.-]", m.group("date"))
        if len(y) == 2:
            y = "20" + y
        date = _fact(s, m.start("date"), m.end("date"), f"{y}-{int(mo):02d}-{int(d):02d}")
    return number, date, (m.start(), m.end())


def _document_start(s: str, motto: re.Match | None, stamp) -> int:
    """Where the document itself begins: site text and stamps before it are skipped."""
    p = _patterns()
    first_code = _first(p["code"], s, 0, min(len(s), 4000), avoid=stamp)
    candidates = [m.start() for m in (motto, first_code) if m]
    if not candidates:
        date_m = p["place_date"].search(s, 0, min(len(s), 4000))
        return _line_start(s, date_m.start()) if date_m else 0
    start = _line_start(s, min(candidates))
    # walk back over header lines (a body name, a mark) at most 8 lines
    i = start
    for _ in range(8):
        if i == 0:
            break
        prev = _line_start(s, i - 1)
        line = s[prev:i - 1]
        stripped = p["decor"].sub(" ", p["mark"].sub(" ", line)).strip(" /*")
        if not any(c.isalpha() for c in stripped):
            i = prev
            continue
        if _is_upper_text(stripped) and p["head"].match(_expand(stripped)):
            start = i = prev
            continue
        if _is_upper_text(stripped) and len(stripped) < 80:
            i = prev
            continue
        if _NUMBER_LINE.match(stripped):   # `Số: O{_ /TTr-UBND`: a handwritten number OCR cannot read
            i = prev
            continue
        break
    if start == _line_start(s, min(candidates)):
        start = _head_above_stamp(s, start)
    return start


def _head_above_stamp(s: str, start: int) -> int:
    """The issuer's first line above a signing stamp's lines that OCR put between it and the motto
    (`ỦY BAN NHÂN DÂN` / `TỈNH QUẢNG NGÃI` / `Cơ quan: Tỉnh Quảng Ngãi` / `07.01.2025 10:44:25` /
    `CỘNG HÒA ...`): up to 12 short lines back, the topmost line that opens with a body's name."""
    p = _patterns()
    i = found = start
    for _ in range(12):
        if i == 0:
            break
        prev = _line_start(s, i - 1)
        line = s[prev:i - 1].strip(" |*")
        if len(line) > 60:
            break
        if _is_upper_text(line) and p["head"].match(_expand(line)):
            found = prev
        i = prev
    return found


_NUMBER_LINE = re.compile(r"(?:Số|SỐ)\s*[:.]?.{0,40}$")


def _body_start(s: str, anchor: int, kg: re.Match | None) -> int:
    p = _patterns()
    end = len(s)
    cue = p["body_cue"].search(s, anchor, min(len(s), anchor + 3000))
    if cue:
        end = cue.start()
    if kg and kg.start() < end:
        end = kg.start()
    return end


def _type_and_subject(s, doc_start, anchor, body_start, date_m, code_m):
    """The type name line (`KẾ HOẠCH`) and the summary under it."""
    p = _patterns()
    region_end = min(body_start, anchor + 1500)
    starts = []
    if date_m and date_m.end() <= region_end:
        starts.append(date_m.end())
    # type lines begin a line (or a table cell), or follow the date on the same line
    candidates = []
    for search_from in (anchor, doc_start):
        for m in p["type_line"].finditer(s, search_from, max(search_from, region_end)):
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
    r"\bnhư\s+sau\b|[:;]\s*$|,\s+[^,]{0,80}?\b(?:ban\s+hành|xây\s+dựng|đề\s+nghị|yêu\s+cầu|hướng\s+dẫn|chỉ\s+đạo|"
    r"thông\s+báo|giao|báo\s+cáo|trân\s+trọng|tổ\s+chức|kính\s+mời|triển\s+khai\s+(?:thực\s+hiện\s+)?(?:như|các|một\s+số))\b",
    re.IGNORECASE)


def _cue_subject(s: str, type_end: int, limit: int):
    """The summary under a type line when its first line starts with a cue the body also starts with:
    it runs to the next cue or blank line and must not read as the body's opening sentence."""
    p = _patterns()
    first = type_end
    while first < len(s) and s[first] in " \t|*\n":
        first += 1
    if first >= limit or not _SUMMARY_CUE.match(s, first) or "\n\n" in s[type_end:first].replace(" ", ""):
        return None
    after_first = _line_end(s, first)
    nxt = p["body_cue"].search(s, after_first + 1, min(len(s), first + 800))
    kg = p["kinh_gui"].search(s, first, nxt.start() if nxt else min(len(s), first + 800))
    stop = min(x.start() for x in (nxt, kg) if x) if (nxt or kg) else min(len(s), first + 800)
    subject = _subject_from(s, type_end, stop)
    if subject is None or len(subject.value) > 400 or _BODY_SENTENCE.search(subject.value):
        return None
    return subject


def _subject_from(s: str, start: int, stop: int):
    """Lines of a summary from `start`: joined until a blank line, a cue, a capitals line."""
    p = _patterns()
    pieces: list[tuple[int, int]] = []
    i = start
    upper_subject = None
    lines = 0
    while i < len(s) and lines < 7 and (i < stop or not pieces and i == start):
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
        if not stripped:
            if pieces and not _continues_after_blank(s, line_end, stop):
                break
        else:
            if pieces:
                if p["body_cue"].match(stripped) or p["kinh_gui"].match(stripped) or p["code"].match(stripped):
                    break
                if upper_subject is False and _is_upper_text(stripped):
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
    value = _clean_subject(value)
    if not value:
        return None
    return _fact(s, start_, end_, value)


def _continues_after_blank(s: str, line_end: int, stop: int) -> bool:
    """OCR leaves a blank line between a summary's wrapped lines (`Về việc ... hoạt động đầu tư`,
    blank, `của 9 tháng đầu năm 2025`): the summary goes on when the next line starts in lower case."""
    nxt = line_end + 1
    return nxt < stop and bool(_LOWER_START.match(s, nxt)) and not s.startswith("\n", nxt)


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


def _drop_authority(s: str, subject: Fact, issuer: Fact) -> Fact:
    """A decision repeats its authority under the summary (`... ỦY BAN NHÂN DÂN TỈNH KON TUM`,
    `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X`); in a one-line copy it runs into the summary."""
    p = _patterns()
    words = [w for w in p["decor"].sub(" ", issuer.text).split() if any(c.isalpha() for c in w)]
    if not words or not _is_upper_text(" ".join(words)):
        return subject
    tail = re.compile(r"\s+".join(re.escape(w) for w in words) + r"[\s.,;:]*$")
    m = tail.search(s, subject.start, subject.end)
    if not m:
        return subject
    end = m.start()
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
    return _subject_from(s, m.start(), body_start)


# The line of the number, read or not: `Số: O{_ /TTr-UBND`, or its symbol alone (`/CT-UBND`).
_NUMBER_LINE_START = re.compile(r"(?m)^[ \t|*]*(?:(?:Số|SỐ)[ \t]*[:.]|[0-9OlI.…_ ]{0,6}/[ ]?[A-ZĐ][A-Za-zĐđ]{0,5}(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*[ \t]*$)")


def _issuer(s, doc_start, code_m, date_m, motto, type_fact, subject, stamp, place):
    """The body lines at the top of the left column, split into superior and issuer."""
    p = _patterns()
    ends = [m.start() for m in (code_m, date_m) if m and m.start() >= doc_start]
    number_line = _NUMBER_LINE_START.search(s, doc_start, min(len(s), doc_start + 1200))
    if number_line:   # a number OCR could not read still closes the issuer's lines
        ends.append(number_line.start())
    if type_fact is not None and type_fact.start >= doc_start and type_fact.text:
        ends.append(type_fact.start)
    if subject is not None and subject.start >= doc_start:
        ends.append(subject.start)
    end = min(ends) if ends else min(len(s), doc_start + 400)
    end = min(end, doc_start + 1200)
    pieces: list[tuple[int, int]] = []
    for lm in re.finditer(r"[^\n]+", s[doc_start:end]):
        a, b = doc_start + lm.start(), doc_start + lm.end()
        line = s[a:b]
        if stamp and stamp[0] <= a < stamp[1]:
            continue
        # blank out the motto, marks, decorations; keep the spans of what is left
        chars = list(line)
        for pat in (p["motto"], p["mark"], p["decor"]):
            for mm in pat.finditer(line):
                chars[mm.start():mm.end()] = " " * (mm.end() - mm.start())
        masked = "".join(chars)
        for run in re.finditer(r"[^ ].*[^ ]|[^ ]", masked):
            text = run.group(0).strip(" /*.")
            if not text or not _is_upper_text(text) or re.match(r"^(?:SỐ|SO)\b", text):
                continue
            ra = a + run.start() + run.group(0).find(text)
            pieces.append((ra, ra + len(text)))
    if not pieces:
        return None, None
    bodies = _split_bodies(s, pieces)
    if not bodies:
        return None, None
    issuer_body = bodies[-1]
    parent_body = bodies[-2] if len(bodies) >= 2 else None
    name = _compose(issuer_body, parent_body, place)
    issuer = _fact(s, (parent_body or issuer_body).start if parent_body and _depends(issuer_body, parent_body)
                   else issuer_body.start, issuer_body.end, name)
    parent = _fact(s, parent_body.start, parent_body.end, parent_body.name) if parent_body else None
    return issuer, parent


def _split_bodies(s: str, pieces: list[tuple[int, int]]) -> list[_Body]:
    """Header pieces (lines, or runs of one line) to bodies: a line that opens with a body name
    starts a new body; inside one line, only the unambiguous heads (`SỞ`, `VĂN PHÒNG`,
    `BAN THƯỜNG TRỰC`...) split it."""
    p = _patterns()
    groups: list[list] = []  # [start, end, [piece texts]]
    for a, b in pieces:
        text = s[a:b]
        cuts = [a]
        for m in p["inline_head"].finditer(text):
            before = s[cuts[-1]:a + m.start()].strip()
            if not before or before.endswith((",", "VÀ", "-")) or p["head"].fullmatch(_expand(before)):
                continue  # `ĐẢNG ỦY SỞ NỘI VỤ` is one body
            cuts.append(a + m.start())
        cuts.append(b)
        for i, (x, y) in enumerate(zip(cuts, cuts[1:], strict=False)):
            chunk = s[x:y].strip()
            if not chunk:
                continue
            opens = bool(p["head"].match(_expand(chunk)))
            if groups and not opens and i == 0:
                groups[-1][1] = y
                groups[-1][2].append(chunk)
            else:
                groups.append([x + len(s[x:y]) - len(s[x:y].lstrip()), y, [chunk]])
    bodies = []
    for x, y, chunks in groups:
        y2 = x + len(s[x:y].rstrip())
        bodies.append(_body(" ".join(chunks), x, y2))
    # a Công báo section title repeats the issuer above its header
    deduped: list[_Body] = []
    for body in bodies:
        if deduped and deduped[-1].text == body.text:
            continue
        deduped.append(body)
    return deduped


def _depends(child: _Body, parent: _Body) -> bool:
    """A child named by its superior: `VĂN PHÒNG` of the UBND, `BAN THƯỜNG TRỰC` of the MTTQ,
    a party committee's `BAN TUYÊN GIÁO`."""
    bare = child.head is not None and " ".join(child.text.split()) == child.head
    if child.scope == "dependent" and bare:
        return True
    if child.scope == "party_dependent" and parent.scope == "party":
        return True
    return False


def _compose(child: _Body, parent: _Body | None, place: Fact | None) -> str:
    name = child.name
    if parent is not None:
        if _depends(child, parent):
            return f"{name} {parent.name}"
        if child.place is None and parent.place and child.scope in ("local", "dependent", "party_dependent", None) \
                and parent.scope in ("government", "front", "party", "local"):
            return f"{name} {parent.place}"
        return name
    if child.place is None and child.head in _needs_place() and place is not None:
        kind = province_kinds().get(place.value.lower())
        if kind:
            return f"{name} {kind} {place.value}"
    return name


_INFER_HEADS = r"(?:Sở|Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng|Ban|Khối\s+thi\s+đua|Cụm\s+thi\s+đua|Văn\s+phòng|Bộ|Cục|Chi\s+cục|Phòng|Trung\s+tâm|Thường\s+trực|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Đảng\s+ủy)"
_INFER_RE = re.compile(
    rf"""(?:^|(?<=[,;.]\s)|(?<=”,\s)|(?<=",\s))
         (?P<body>{_INFER_HEADS}(?:\s(?!về\s|của\s|ngày\s|số\s|tại\s|theo\s)[^\s.;:,“”"]+){{0,14}}?)
         \s(?:xây\s+dựng|ban\s+hành|phát\s+động|hướng\s+dẫn|thông\s+báo|báo\s+cáo|kính\s+trình|trân\s+trọng|đề\s+nghị|yêu\s+cầu|có\s+ý\s+kiến)""",
    re.VERBOSE | re.MULTILINE,
)


def _infer_issuer(s: str, body_start: int, place: Fact | None) -> Fact | None:
    """No body in the header: the body that speaks in the first paragraphs, with the place."""
    m = _INFER_RE.search(s, body_start, min(len(s), body_start + 4000))
    if not m:
        return None
    body = " ".join(m.group("body").split())
    expanded = body
    for a in _table("bodies.json")["abbreviations"]:
        expanded = re.sub(rf"(?<![\w]){re.escape(a['short'])}(?![\w])", a["full"], expanded)
    kinds = _table("bodies.json")["place_kinds"]
    place_name = place.value if place else None
    if place_name and any(expanded.lower().endswith(" " + k) for k in kinds):
        expanded = f"{expanded} {place_name}"
    elif place_name and not re.search(rf"(?<![\w])(?:{'|'.join(kinds)})\s+[{UPPER}]", expanded) \
            and place_name not in expanded:
        kind = province_kinds().get(place_name.lower())
        if kind:
            expanded = f"{expanded} {kind} {place_name}"
    return _fact(s, m.start("body"), m.end("body"), expanded)


def _recipients(s: str, kg: re.Match, body_start: int) -> list[Fact]:
    """`Kính gửi:` entries: one on the same line, or a `- ...;` list."""
    p = _patterns()
    out: list[Fact] = []
    i = kg.end()
    line_end = _line_end(s, i)
    same = s[i:line_end]
    cell_end = same.find("|")
    if cell_end >= 0 and same[:cell_end].strip():
        same = same[:cell_end]
    elif cell_end >= 0:
        i = i + cell_end + 1
        same = s[i:line_end]
        cell_end = same.find("|")
        if cell_end >= 0:
            same = same[:cell_end]
    if same.strip():
        # one line, maybe `- A; - B` or a single name running into the body (one-line copies)
        cue = re.search(r"\s(?:Phúc đáp|Thực hiện|Căn cứ|Theo|Trả lời|Ngày \d|Để|Vừa qua|Sau khi|Nhằm|Hiện nay|Qua|Xét)\b",
                        same)
        if cue:
            same = same[:cue.start()]
        for part in re.finditer(r"[^;]+", same):
            value = part.group(0).strip(" -+•.;")
            if value:
                a = i + part.start() + part.group(0).find(value)
                out.append(_fact(s, a, a + len(value), value))
        if out and (len(out) > 1 or s[line_end + 1:line_end + 3].lstrip(" ")[:1] not in "-+•"):
            return out
        if out and not s[line_end:line_end + 3].strip().startswith("-"):
            return out
        i = line_end + 1
    # a list on the following lines
    entry: list[int] | None = None
    lines_seen = 0
    pos = line_end + 1 if not out else i
    out_list: list[Fact] = list(out)
    while pos < len(s) and lines_seen < 40:
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip()
        lines_seen += 1
        if not stripped:
            if entry is None and not out_list:
                pos = le + 1
                continue
            break
        if stripped[0] in "-+•":
            if entry:
                out_list.append(_entry(s, *entry))
            entry = [pos + line.find(stripped[0]) + 1, le]
        elif entry and not s[entry[0]:entry[1]].rstrip().endswith((";", ".")) and not p["body_cue"].match(stripped):
            entry[1] = le
        elif entry is None and not out_list and not p["body_cue"].match(stripped):
            entry = [pos + line.find(stripped[0]), le]
        else:
            break
        pos = le + 1
    if entry:
        out_list.append(_entry(s, *entry))
    return [f for f in out_list if f.value]


def _entry(s: str, a: int, b: int) -> Fact:
    text = s[a:b]
    value = " ".join(text.split()).strip(" ;.,")
    value = re.sub(r"[./]+$", "", value).strip()
    return _fact(s, a, b, value)


def _noi_nhan(s: str, m: re.Match) -> list[Fact]:
    """The nơi nhận list: `- Như trên; - Lưu: VT.`, on lines or run together in a table cell."""
    out = []
    end = min(len(s), m.end() + 2500)
    pos = m.end()
    # one table cell: up to the next pipe
    line_end = _line_end(s, pos)
    cell = s[pos:line_end]
    if "|" in cell or cell.count("- ") >= 2:
        cell = cell.split("|")[0]
        for part in re.finditer(r"(?:^|(?<=;)|(?<=\.))\s*-\s*([^;]+?)(?=;|$|\s-\s)", cell):
            a = pos + part.start(1)
            out.append(_fact(s, a, a + len(part.group(1)), " ".join(part.group(1).split()).strip(" .;")))
        return [f for f in out if f.value]
    entry = None
    if not cell.strip().startswith(("-", "+", "•")):
        pos = line_end + 1  # `Nơi nhận: TL. CHỦ TỊCH`: the list starts on the next line
    while pos < end:
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip()
        if not stripped:
            if out or entry:
                nxt = s[le + 1:_line_end(s, le + 1)].strip()
                if not nxt.startswith("-"):
                    break
            pos = le + 1
            continue
        if stripped[0] in "-+•":
            if entry:
                out.append(_entry(s, *entry))
            entry = [pos + line.find(stripped[0]) + 1, le]
            if re.match(r"[-+•]\s*Lưu\b", stripped):
                out.append(_entry(s, *entry))
                entry = None
                break
        elif entry and not _is_upper_text(stripped) and not _patterns()["name"].fullmatch(stripped) \
                and not _patterns()["post"].search(stripped):   # OCR's `2zr== GIÁM ĐỐC`: the signature
            entry[1] = le
        else:
            break
        pos = le + 1
    if entry:
        out.append(_entry(s, *entry))
    return [f for f in out if f.value]


# ---------------------------------------------------------------------------------------------
# The signature block


_PREFIX_NORMAL = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q.", "T/M": "TM.", "K/T": "KT.",
                  "T/L": "TL.", "T.M": "TM.", "K.T": "KT.", "T.L": "TL."}


def _signer(s: str, body_start: int, noi_nhan_m: re.Match | None, noi_nhan: tuple | list) -> Signer | None:
    p = _patterns()
    list_spans = [(f.start, f.end) for f in noi_nhan]

    def in_list(i: int) -> bool:
        return any(a <= i < b for a, b in list_spans)

    def line_is_list(i: int) -> bool:
        return s[_line_start(s, i):i].strip()[:1] in ("-", "+", "•")

    windows = []
    if noi_nhan_m:
        list_end = max([noi_nhan_m.end()] + [b for _, b in list_spans])
        windows.append((noi_nhan_m.start(), min(len(s), list_end + 1200)))
        windows.append((max(body_start, noi_nhan_m.start() - 400), noi_nhan_m.start()))
    else:
        windows.append((body_start, len(s)))
    for a, b in windows:
        for m in p["prefix"].finditer(s, a, b):
            if in_list(m.start()) or line_is_list(m.start()):
                continue
            return _parse_signature(s, m.start(), in_list)
    # no prefix: a post standing alone on its line (`GIÁM ĐỐC`), the last one if no nơi nhận
    for a, b in windows:
        found = None
        for m in p["post"].finditer(s, a, b):
            if in_list(m.start()) or line_is_list(m.start()):
                continue
            ls = _line_start(s, m.start())
            before = s[ls:m.start()].strip(" |*#")
            if before and not before.lower().startswith("nơi nhận") and _words(before):
                continue   # a post inside a sentence; strokes read as letters (`2zr== GIÁM ĐỐC`) are no words
            line = s[m.start():_line_end(s, m.start())]
            if not _is_upper_text(line.split("|")[0]):
                # one-line copies: `THỦ TƯỚNG Nguyễn Tấn Dũng |`
                if not p["name"].match(line[len(m.group(0)):].strip(" |")):
                    continue
            found = m
            if noi_nhan_m:
                break
        if found:
            return _parse_signature(s, found.start(), in_list)
    if noi_nhan_m:   # the post under a seal, unread: the name below it still tells who signed
        name = _name_line(s, list_end, min(len(s), list_end + 1200))
        if name:
            return Signer(authority=None, title=None, name=name, prefixes=())
    return None


LIST_REACH = 2_500   # how far a nơi nhận may run


def _signer_from_list(s: str, signer: Signer, list_start: int) -> Signer:
    """The half of the signer a seal hid, from the nơi nhận entry that names the other half:
    `PCN Nguyễn Sỹ Hiệp` gives the name under a `Phó Chủ nhiệm` block, or the post of the name
    `Mai Thị Thu Vân` read under the seal (a deputy's post: signed `KT.`)."""
    posts = _people()["post_abbreviations"]
    region = s[list_start:min(len(s), list_start + LIST_REACH)]
    if signer.name is None and signer.title is not None:
        abbreviations = [a for a, post in posts.items() if post == signer.title.value]
        pattern = rf"(?<![\w])(?:{'|'.join(map(re.escape, abbreviations))})[ \t]+(?P<name>{_NAME_WORDS})"
        found = re.search(pattern, region) if abbreviations else None
        if found:
            at = list_start + found.start("name")
            return dataclasses.replace(signer, name=_fact(s, at, at + len(found.group("name")), found.group("name")))
        return signer
    if signer.name is not None and signer.title is None:
        named = re.search(rf"(?<![\w])(?P<post>{'|'.join(map(re.escape, posts))})[ \t]+{re.escape(signer.name.value)}(?![\w])",
                          region)
        if named:
            at = list_start + named.start("post")
            title = _fact(s, at, at + len(named.group("post")), posts[named.group("post")])
            authority = signer.authority
            if authority is None and title.value.startswith(("Phó", "Thứ")):
                authority = Fact("KT.", title.start, title.start, "")
            return dataclasses.replace(signer, title=title, authority=authority)
    if signer.name is not None and signer.title is not None:
        return _signer_heads_from_list(s, signer, list_start, region, posts)
    return signer


def _signer_heads_from_list(s: str, signer: Signer, list_start: int, region: str, posts: dict) -> Signer:
    """Both halves read, but the seal took words of each (`CHỦ NHIỆM` under a hidden `PHÓ`,
    `Mạnh Cường` under a hidden `Phạm`): the nơi nhận entry whose post has every word of the post
    read and whose name ends with the name read gives them whole."""
    assert signer.title is not None and signer.name is not None
    title = set(signer.title.value.replace(",", " ").replace(".", " ").lower().split())
    name = fold(signer.name.value.strip(" .,"))   # the marks of a name read under a seal are OCR's guesses
    pattern = rf"(?<![\w])(?P<post>{'|'.join(map(re.escape, posts))})[ \t]+(?P<name>{_NAME_WORDS})"
    for entry in re.finditer(pattern, region):
        full_post, full_name = posts[entry.group("post")], entry.group("name")
        if not (title <= set(full_post.lower().replace(",", " ").split())
                and (fold(full_name) == name or fold(full_name).endswith(" " + name))):
            continue
        if full_post == signer.title.value and full_name == signer.name.value:
            return signer
        at = list_start + entry.start("post")
        title_fact = _fact(s, at, at + len(entry.group("post")), full_post)
        at = list_start + entry.start("name")
        authority = signer.authority
        if authority is None and full_post.startswith(("Phó", "Thứ")):
            authority = Fact("KT.", title_fact.start, title_fact.start, "")
        return dataclasses.replace(signer, title=title_fact, authority=authority,
                                   name=_fact(s, at, at + len(full_name), full_name))
    return signer


# a person's name: a family name and two to three more capitalised syllables
_NAME_WORDS = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w+(?:[ ]+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w+){1,3}"


def _phrase(s: str, i: int, end: int, head: re.Pattern | None) -> int:
    """The end of an upper-case phrase from `i` (a body after `TM.`, a post): it stops before a
    prefix, before a second post (`VỤ TRƯỞNG VỤ CHÍNH SÁCH | PHÓ VỤ TRƯỞNG`), at a blank line
    and at the first word with lower-case letters (the name)."""
    p = _patterns()
    j = i
    m = head.match(s, i) if head is not None else None
    if m:
        j = m.end()
    else:
        m2 = p["post"].match(s, i)
        if m2:
            j = m2.end()
    last_end = j
    k = j
    while k < end:
        # whitespace, with at most one line break, and none before a post or a prefix
        w = k
        newlines = 0
        while w < end and s[w] in " \t\n*":
            newlines += s[w] == "\n"
            w += 1
        if w >= end or newlines > 1 or s[w] == "|":
            break
        prev = s[last_end - 1] if last_end > i else ""
        if p["prefix"].match(s, w):
            break
        if p["post"].match(s, w) and prev not in (",", "-") and not s[last_end - 3:last_end] == " VÀ":
            break
        tok = re.match(r"[^\s|]+", s[w:end])
        if not tok or not _is_upper_text(tok.group(0)) and not re.fullmatch(r"[-,&()0-9.]+", tok.group(0)):
            break
        if newlines:
            next_line = s[w:_line_end(s, w)].split("|")[0].strip()
            if next_line[:1] in ("-", "+", "•") or not _is_upper_text(next_line):
                break
        k = last_end = w + tok.end()
    return last_end


def _skip_gap(s: str, i: int, end: int, in_list) -> int:
    """Past spaces, line breaks, table pipes and the nơi nhận lines that sit inside a signature
    block (`Nơi nhận: TL. CHỦ TỊCH` / the list / `KT. CHÁNH VĂN PHÒNG`)."""
    while i < end:
        c = s[i]
        if c in " \t|*\n":
            i += 1
            continue
        if s[_line_start(s, i):i].strip(" |*") == "" and (c in "-+•" or in_list(i)):
            i = _line_end(s, i) + 1
            continue
        break
    return i


def _parse_signature(s: str, start: int, in_list) -> Signer:
    p = _patterns()
    end = min(len(s), start + 1500)
    prefixes: list[Fact] = []
    i = start
    while True:
        i = _skip_gap(s, i, end, in_list)
        m = p["prefix"].match(s, i)
        if not m:
            break
        tm = m.group("p") in ("TM", "T/M", "T.M")
        obj_start = m.end()
        obj_end = _phrase(s, obj_start, end, p["sig_head"] if tm else None)
        prefixes.append(_fact(s, m.start(), m.end(), _PREFIX_NORMAL[m.group("p")]))
        i = obj_end
    i = _skip_gap(s, i, end, in_list)
    title = None
    if i < end and (p["post"].match(s, i) or _is_upper_text(s[i:_line_end(s, i)].split("|")[0][:40])):
        t_end = _phrase(s, i, end, None)
        if t_end > i:
            title = _fact(s, i, t_end, _title_case(s[i:t_end]))
            i = t_end
    if title is not None and not p["post"].search(title.value.upper()):
        i, title = title.start, None   # OCR's reading of a post under a seal (`HÀM ĐỌC`): no post
    if title is None and prefixes:
        # columns interleaved: the post ends a nơi nhận line (`- Như trên; CHÁNH VĂN PHÒNG`)
        tail = re.compile(rf"[;.:]\s*(?P<post>(?:{p['post'].pattern})[{UPPER} ,]*?)[ ]*$", re.MULTILINE)
        m = tail.search(s, prefixes[-1].end, min(end, prefixes[-1].end + 600))
        if m:
            title = _fact(s, m.start("post"), m.end("post"), _title_case(m.group("post")))
            i = max(i, _line_end(s, m.end()))
    if title is None and prefixes and prefixes[-1].value == "KT.":
        title = _deputy(s, prefixes[-1])
    name = _find_name(s, i, end) or _name_line(s, i, end)
    authority = prefixes[-1] if prefixes else None
    if title is not None and not prefixes:
        deputy = _hidden_deputy(s, title)
        if deputy is not None:
            title, authority = deputy, Fact("KT.", title.start, title.start, "")
    return Signer(authority=authority, title=title, name=name, prefixes=tuple(prefixes))


def _hidden_deputy(s: str, title: Fact) -> Fact | None:
    """`KT. CHỦ TỊCH` over `PHÓ CHỦ TỊCH` with a seal over the start of both lines reads `CHỦ TỊCH`
    then `Ủ TỊCH`: a second line that repeats the end of the first is the deputy's post, whose
    head the seal hid, so the signer is the deputy (`Phó Chủ tịch`), signing `KT.`."""
    lines = s[title.start:title.end].split("\n")
    if len(lines) < 2:
        return None
    first, second = (" ".join(line.split()).strip(" .,") for line in lines[:2])
    if len(second) < 4 or not first.endswith(second) or first == second.removeprefix("PHÓ "):
        return None
    head = _title_case(first)
    deputy = _people()["deputies"].get(head) or f"Phó {head}"
    return _fact(s, title.start, title.start + len(lines[0]) + 1 + len(lines[1]), deputy)


def _deputy(s: str, kt: Fact) -> Fact | None:
    """The post of who signs `KT. GIÁM ĐỐC` when a seal hides it: the deputy's (`Phó Giám đốc`;
    `Thứ trưởng` for `KT. BỘ TRƯỞNG`). Its span is the head's post it is read from."""
    p = _patterns()
    end = _line_end(s, kt.end)
    posts = list(p["post"].finditer(s, kt.end, end))
    if not posts or posts[0].start() - kt.end > 2:
        return None
    head = _title_case(s[posts[0].start():posts[-1].end()])
    deputy = _people()["deputies"].get(head) or _people()["deputies"].get(_title_case(posts[-1].group(0)))
    if deputy is None:
        last = _title_case(posts[-1].group(0))
        deputy = last if last.startswith("Phó ") else f"Phó {last}"
    return _fact(s, posts[0].start(), posts[-1].end(), deputy)


@cache
def _people() -> dict:
    return _table("people.json")


@cache
def _surname_name() -> re.Pattern:
    """A signer's name alone at the end of a line: a family name and two or three more capitalised
    syllables (`Mai Thị Thu Vân`), at the start of a line or after a list item's `;`."""
    return re.compile(rf"(?:^|(?<=;)|(?<=; ))[ |*]*(?:(?-i:[a-zđà-ỹ])\S*[ ]+){{0,2}}(?P<name>(?:{'|'.join(_people()['surnames'])})"
                      rf"(?:[ ]+[{UPPER}][{LOWER}]+){{2,3}})[ |*.]*$", re.MULTILINE)


def _name_line(s: str, i: int, end: int) -> Fact | None:
    """The signer's name where the post above it was lost or the columns ran together: the first
    line of the block ending in a name that opens with a family name (a seal or a signature over
    the post; `- Ban Dân vận Tỉnh ủy; Đặng Văn Minh`)."""
    m = _surname_name().search(s, i, end)
    return _fact(s, m.start("name"), m.end("name"), m.group("name")) if m else None


def _words(text: str) -> list[str]:
    """The Vietnamese words of `text` longer than a letter (OCR noise has none)."""
    return [w for w in _LETTERS.findall(text) if len(w) > 1 and is_syllable(w)]


def _title_case(t: str) -> str:
    t = " ".join(t.replace("\n", " ").split()).strip(" ,")
    out = proper_case(t)
    for post in _table("bodies.json")["posts"]:
        out = re.sub(rf"^{re.escape(post)}(?![\w])", post, out, flags=re.IGNORECASE)
    return out


def _find_name(s: str, i: int, end: int) -> Fact | None:
    """The signer's name: on the rest of the line, or alone on one of the next lines."""
    p = _patterns()
    rest_end = _line_end(s, i)
    rest = s[i:rest_end]
    lead = len(rest) - len(rest.lstrip(" |*"))
    rank = _RANK.match(s, i + lead, rest_end)
    if rank:
        lead = rank.end() - i
    m = p["name"].match(s, i + lead)
    if m and m.end() <= rest_end:
        return _fact(s, m.start(), m.end(), " ".join(m.group(0).split()))
    if rest.strip(" |*"):
        return None
    pos = rest_end + 1
    extra_posts = noise = 0
    for _ in range(8):
        if pos >= end:
            break
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip(" |*")
        pos_next = le + 1
        if not stripped or p["skip_sig"].match(stripped) or stripped[0] in "-+•":
            pos = pos_next
            continue
        if _is_upper_text(stripped) and extra_posts < 2 and not p["prefix"].match(stripped):
            extra_posts += 1
            pos = pos_next
            continue
        a = pos + line.find(stripped)
        rank = _RANK.match(stripped)   # `Thiếu tướng Trương Minh Đương`: the name is after the rank
        if rank:
            a, stripped = a + rank.end(), stripped[rank.end():]
        m = p["name"].fullmatch(stripped) or (p["name"].match(stripped) if extra_posts or rank else None)
        if m:
            return _fact(s, a, a + m.end(), " ".join(m.group(0).split()))
        if noise < 3 and not _words(stripped):
            noise += 1   # a scanned signature's strokes read as letters (`tuuauL---`): not the name
            pos = pos_next
            continue
        break
    return None


# A police or army rank before a signer's name (Thiếu tướng, Đại tá, Thượng tá...); on a scan
# OCR may lose or bend the rank's first word (`tượng tá`), so the second is enough.
_RANK = re.compile(r"(?:(?:Đại|Thượng|Trung|Thiếu|(?-i:[a-zđà-ỹ]\w{0,6}))\s+)?(?:tướng|tá|úy|uý)\s+(?=[A-ZĐÀ-Ỹ])",
                   re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")

"""The header's data tables and the regexes compiled from them, shared by every stage of the header.

The tables of `pipeline/data` (document types; bodies with their heads, posts, abbreviations and
place kinds; provinces) are read once and cached, and `_patterns()` compiles the header's regexes
by name once from them: the motto and the number, the place and date, the type line and the other
cues of the title (`V/v`, `Kính gửi`, where the body begins, nơi nhận, the received stamp), body
names, the signature block, and what is no part of a name. Small helpers over the text's lines,
used by all the stages, sit here too.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache

from pipeline.extract.codes import CENTRAL_WITHOUT_SLASH, DATA, NUMBER, SEGMENT
from pipeline.extract.patterns import word_alternation
from pipeline.read.letters import LOWER, UPPER, fold

# ---------------------------------------------------------------------------------------------
# Tables


@cache
def _table(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _forms(words, flags_upper=True) -> list[str]:
    """The words' distinct forms (in capitals), longest first: the order an alternation tries them."""
    return sorted({w.upper() if flags_upper else w for w in words}, key=len, reverse=True)


def _literal(form: str) -> str:
    """A form as a pattern: its letters as they are, any space as any run of spaces."""
    return re.escape(form).replace(r"\ ", r"\s+")


def _alternation(words, flags_upper=True) -> str:
    return "|".join(map(_literal, _forms(words, flags_upper)))


def _word_alternation(words) -> str:
    r"""`(?<![\w])(?:{_alternation(words)})`, the same matches, quick to scan for (`word_alternation`)."""
    return word_alternation(_forms(words), _literal)


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
def _capital_bases() -> dict[int, int]:
    """Every capital letter built on a letter A-Z -> that letter (`Ố` -> `O`, `Đ` -> `D`)."""
    table = {}
    for c in map(chr, range(0x41, 0x1EFA)):
        base = _fold_letters(c)
        if c.isalpha() and c.isupper() and len(base) == 1 and "A" <= base <= "Z" and base != c:
            table[ord(c)] = ord(base)
    table[ord("Đ")] = ord("D")
    return table


def fold_capitals(s: str) -> str:
    """`s` with its capitals' marks taken off, letter for letter (the offsets stay): an `_accent_blind`
    pattern searched in it finds a name in capitals whatever marks OCR or a PDF font put on its letters
    (`NGHỊ QUYÉT`). Lower-case letters stay as they are, and so match no such pattern."""
    return s.translate(_capital_bases())


def _accent_blind(name: str) -> str:
    """The pattern of `name` in capitals without marks, for a text `fold_capitals` folded: one letter
    each, so that it compiles at once (a class of every marked capital per letter took 0.1 s)."""
    return _literal(fold_capitals(name.upper()))


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
    # a narrow cell wraps the code after a dash (`Số: /QĐ-` / `UBND`); never onto the summary's `V/v`
    dash = r"(?:[ ]?-[ ]?|-\n(?![A-Z]/))"
    # a number written in by hand, which OCR reads as a few odd signs (`Số:ổ0 /BC-UBND`, `Số:8# /TTr-UBND`),
    # is a number left blank: the symbol after it is still this document's, not a code further down
    p["code"] = re.compile(
        rf"""(?<![\w/])(?:Số|SỐ|So|số(?=[ ]?:))[ ]?(?:[:.]|(?=[ ]*[0-9lIO.…_ ]*[/-]))\s{{0,3}}[.…_]*[ ]*
        (?:(?!{NUMBER}[ ]*/)(?P<illegible>(?=[^\s/]{{0,3}}[^\w\s/.…_])[^\s/]{{1,4}}|[^\W\d_][0-9]{{1,3}}|[0-9]{{1,4}}[^\W\d_]{{1,2}})(?=[ ]+/))?
        (?P<code>
            (?P<p_number>{NUMBER})[ ]?-[ ]?(?P<p_type>{SEGMENT})[ ]?/[ ]?(?P<p_issuer>{SEGMENT}(?:[ ]?-[ ]?{SEGMENT})*)
          | (?P<n_number>{NUMBER})?[ ]?/(?P<n_year>(?:19|20)[0-9]{{2}}|[0-9]{{5}})/(?P<n_symbol>{SEGMENT}(?:{dash}{SEGMENT})*)
          | (?P<a_number>{NUMBER})?\s{{0,4}}[.…_]*/[ ]?(?P<a_symbol>{SEGMENT}(?:{dash}{SEGMENT})*)
          | [ ]?-[ ]?(?P<b_type>{SEGMENT})[ ]?/[ ]?(?P<b_issuer>{SEGMENT}(?:-{SEGMENT})*)   # Party draft: -KH/TU
          | {CENTRAL_WITHOUT_SLASH}   # the Government's, before the year came in: 61-CP
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
           [ ]?,[ ]*(?:(?:ngày|Ngày)\s*(?P<d>[0-9](?:[ ]?[0-9])?(?!\?))?{blank}   # `0 6`: a copy's broken digits; `2?` unread
                     (?:(?<=\s)(?P<illegible>[^\s]{{1,5}})[ ]+        # a handwritten day OCR read as `“1P`
                       |[^\s]{{1,4}}?(?=[Tt]?háng))?                   # ... or run into the month: `ngày-1Atháng`
                    |[Nn]g[àa][^\s]{{1,4}}[ ]+)\s*                  # `ngàW†`: the day written over the word
           (?:[Tt]?háng\s*(?:(?P<m>[0-9](?:[ ]?[0-9])?)|(?<=\s)[^\s\d]{{1,2}}[0-9]?(?=[ ]+[Nn]ăm))?{blank}\s*[Nn]ăm\s*:?\s*(?P<y>[0-9]{{4}})?
                                                                     # a month written in ink, unread: `tháng ở năm`
                                                                     # (`Tháng`, `Năm`: OCR's capitals, or a form's)
                                                                     # (`năm: 1999`: a speck OCR read as a colon)
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
    p["kinh_gui"] = re.compile(rf"K[íi]nh\s*g[ửu]i\s*:?|KÍNH GỬI\s*:?|[{UPPER}][{UPPER} ]{{3,60}}\sđiện\s*:")
    p["body_cue"] = re.compile(
        r"""^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Theo\s|Xét\s|Ngày\s+\d|Trong\s|Nhằm\s|Để\s|Hưởng\s+ứng|
              Phúc\s+đáp|Trả\s+lời|Sau\s+khi|Qua\s|Năm\s+\d|Vừa\s+qua|Hiện\s+nay|Triển\s+khai|Điều\s+1|
              Nội\s+dung|[IVX]+\.\s|[0-9]+\.\s|QUYẾT\s+ĐỊNH\s*:|CHỈ\s+THỊ\s*:|Nơi\s+nhận|NƠI\s+NHẬN)""",
        re.VERBOSE | re.MULTILINE,
    )
    # (the look-behind after the `N`, not before it: a pattern that opens with a letter is scanned for fast)
    p["noi_nhan"] = re.compile(r"N(?<![\w]N)(?:ơi\s*nhận|ƠI\s*NHẬN)\s*:?")
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
    p["head"] = re.compile(rf"(?:{_word_alternation(heads)})(?![\w])")
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
        # the dot OCR lost (`KT BỘ TRƯỞNG, CHỦ NHIỆM`) or read as a semicolon (`KT; THỦ TƯỚNG`) is let go at a
        # line's start, before the post on that line
        # (the class of the prefixes' first letters first: most offsets fail it at once)
        rf"(?=[TKQ])(?<![\w./])(?P<p>TM|KT|TL|TUQ|T/M|K/T|T/L|T\.M|K\.T|T\.L|Q)(?:\.|(?<=/[MTL])|(?<=\nKT|\nTM|\nTL)(?=[ ])|(?<=\nKT|\nTM|\nTL);)"
        rf"[ ]*\n?[ ]*(?=[{UPPER}]{{2}})"
    )
    p["post"] = re.compile(rf"(?:{_word_alternation(posts)})(?![\w])")
    p["sig_head"] = re.compile(rf"(?:{_word_alternation(heads)})(?![\w])")
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
# Small helpers over the text


def _line_start(s: str, i: int) -> int:
    return s.rfind("\n", 0, i) + 1


def _line_end(s: str, i: int) -> int:
    j = s.find("\n", i)
    return len(s) if j < 0 else j


def _is_upper_text(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def _first(pattern: re.Pattern, s: str, start: int, end: int, avoid: tuple[int, int] | None = None):
    for m in pattern.finditer(s, start, end):
        if avoid and avoid[0] <= m.start() < avoid[1]:
            continue
        return m
    return None


def name_tail(name: str) -> str:
    """A person's name by its last two syllables, marks aside: what a seal over a signature leaves
    readable of it (`Minh Chính`, `guyễn Sỹ Hiệp` -> `sy hiep`)."""
    return " ".join(fold(name).split()[-2:])

"""The grammar of Vietnamese document numbers (số, ký hiệu).

Three shapes, as Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW print them:

- administrative `N/TYPE-ISSUER[-UNIT]`: `2458/UBND-NC` (a công văn has no type code),
  `19/CT-TTg`, `15/KH-HĐTĐ`, a draft's blank number `/SNV-VP`;
- normative `N/YYYY/TYPE-ISSUER`: `30/2020/NĐ-CP`, `51/2024/QH15` (a law: no type code);
- Party `N-TYPE/ISSUER`: `34-CT/TW`, `119-KH/TU`.

Real text bends these: spaces around separators (`05/CT - TW`, `37- CT/TW`), OCR letters for
digits (`l9/CT-TTg`), typos in the year (`45/25010/NĐ-CP`). `parse_code` reads one code;
`find_codes` finds them in running text with their offsets.

>>> parse_code("2458/UBND-NC")
Code(number='2458', year=None, type_code=None, issuer_codes=('UBND', 'NC'), text='2458/UBND-NC')
>>> parse_code("34-CT/TW").type_code, parse_code("30/2020/NĐ-CP").year
('CT', 2020)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..read.letters import UPPER
from .patterns import find_all

DATA = Path(__file__).resolve().parents[1] / "data"

LOWER_IN_CODE = "a-zđ"  # TTg, TTr, QĐi, NQy: a few lower-case letters inside a symbol

# One symbol segment: starts upper-case, may hold digits (UBTVQH15, TCT06), `&` (CCHC&VTLT)
# and at most two lower-case letters in a row (TTg), and must end at a word boundary so
# that `Ngày` or `Năm` never reads as a symbol, or before a `ngày` a text layer glued to it
# (`Nghị định số 63/2010/NĐ-CPngày 08/6/2010`).
SEGMENT = rf"[{UPPER}](?:[{UPPER}0-9&]|[{LOWER_IN_CODE}](?![{LOWER_IN_CODE}]{{2}})){{0,24}}(?:(?![\w&])|(?=ngày[ ]))"
# A number: digits, with OCR's l/I/O for 1/1/0 where a real digit is next to them, and a letter
# right before the slash of a number given between two others (`Nghị quyết số 36a/NQ-CP`).
NUMBER = r"(?:[0-9]|[lIO](?=[0-9lIO]*[0-9]))(?:[0-9]|[lIO](?=[0-9]))*[0-9]?(?:(?<=[0-9])[a-z](?=[ ]?/))?"
# malformed spaces around a dash: `05/CT - TW`; a dash that ends a line: `574/UBND-` / `NCKSTTHC`, or a
# paragraph of OCR's (`1744/QĐ-`, blank line, `BGTVT ngày 31/12/2024`); a dash that opens the next line, as a
# table's narrow cell wraps (`Nghị định số 181/2013/NĐ` / `-CP ngày`; a list's dash has a space after it);
# a dot: `16/CGC.BT`
_SEP = r"(?:[ ]?-[ ]?(?:\n[ ]*\n(?![A-Z]/))?\n?[ ]?|\n-(?=[A-ZĐ])|\.(?=[A-ZĐ]))"
# The Government's numbers before the year came into them, with no slash: `Quyết định số 169-CP` of
# the Hội đồng Chính phủ (1977), `Nghị định 404-CP`, the Hội đồng Bộ trưởng's `64-HĐBT`, `Chỉ thị
# 299-TTg`; a full stop may end the sentence after one, not run on into a word (`169-CP.1`)
_CENTRAL_ISSUERS = r"CP|HĐBT|TTg"
_CENTRAL_END = r"(?![\w/&-]|\.\w)"
CENTRAL_WITHOUT_SLASH = rf"(?P<o_number>[0-9]{{1,4}})-(?P<o_issuer>{_CENTRAL_ISSUERS}){_CENTRAL_END}"
_CENTRAL_DASH = re.compile(rf"-(?:{_CENTRAL_ISSUERS}){_CENTRAL_END}")
_SLASH = r"[ ]?/[ ]?"

def _type_alternation() -> str:
    """The type codes of document_types.json, longest first (`NQLT` before `NQ`), as a regex."""
    table = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))
    codes = sorted({t["code"] for t in table["types"] if t.get("code")}, key=len, reverse=True)
    return "|".join(re.escape(c) for c in codes) + r"(?![\w&])"


CODE_PATTERN = rf"""
(?:
    (?P<p_number>{NUMBER})[ ]?-[ ]?(?P<p_type>{SEGMENT}){_SLASH}(?P<p_issuer>{SEGMENT}(?:{_SEP}{SEGMENT})*)
    (?:/(?P<p_internal>nb)(?![\w]))?
                                                   # Party: 34-CT/TW; `/nb` marks an internal (nội bộ) one
  | (?P<n_number>{NUMBER})?/(?P<n_year>(?:19|20)[0-9]{{2}}|[0-9]{{5}})/(?P<n_symbol>{SEGMENT}(?:{_SEP}{SEGMENT})*)
                                                   # normative: 30/2020/NĐ-CP (5 digits: a typo'd year)
  | (?P<s_number>{NUMBER})/(?P<s_type>{{types}})/(?P<s_issuer>{SEGMENT}(?:{_SEP}{SEGMENT})*)
                                                   # a slash for a dash: 57/NQ/TW, 180/KH/UBND
  | (?P<a_number>{NUMBER})?{_SLASH}(?P<a_symbol>{SEGMENT}(?:{_SEP}{SEGMENT})*)(?:\((?P<a_unit>[{UPPER}0-9]{{2,8}})\))?
                                                   # administrative: 2458/UBND-NC, draft /SNV-VP, 03/BCĐX-CAT(PC04)
)
"""
# In running text a code needs its number (a bare `/ABC` is a draft's blank only after `Số:`).
# (every code opens with a digit, an OCR'd one, a slash or the space before it: a class most offsets fail at once)
_FIND_RE = re.compile(rf"(?=[0-9lIO/ ])(?<![\w/.-])(?:{CODE_PATTERN})".replace("{types}", _type_alternation()), re.VERBOSE)
# A code alone (`parse_code`): the same pattern, whose guards hold at a string's start (the look-behind
# sees nothing, every alternative opens with a character of the look-ahead's class), so that the 16 KB
# pattern is compiled once, not twice, at every start-up (15 ms)
CODE_RE = _FIND_RE

_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})


@dataclass(frozen=True)
class Code:
    """A document number split into its parts. `text` is the code as printed, spaces removed
    and OCR digits fixed; `number` is None for a draft's blank number."""

    number: str | None
    year: int | None
    type_code: str | None
    issuer_codes: tuple[str, ...]
    text: str

    @property
    def form(self) -> str:
        """`party`, `normative` or `administrative`."""
        if self.year is not None:
            return "normative"
        if "/" in self.text and "-" in self.text.split("/")[0] or (self.issuer_codes and self.issuer_codes[0] in party_codes()
                                               and self.type_code):
            return "party"
        return "administrative"

    @property
    def key(self) -> str:
        """Separators and leading zeros dropped: `05/CT - TW` and `05-CT/TW` share a key."""
        number = (self.number or "").lstrip("0") or ("0" if self.number else "")
        parts = [number, str(self.year or ""), self.type_code or "", *self.issuer_codes]
        return "".join(parts).upper()


@lru_cache(maxsize=1)
def type_codes() -> frozenset[str]:
    table = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))
    return frozenset(t["code"] for t in table["types"] if t.get("code"))


@lru_cache(maxsize=1)
def party_codes() -> frozenset[str]:
    table = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    return frozenset(table["party_codes"])


def _split(symbol: str) -> list[str]:
    return [s for s in re.split(r"\s*-\s*|\.", symbol.strip()) if s]


def _from_match(m: re.Match) -> Code:
    if m.group("p_type"):
        number = m.group("p_number").translate(_OCR_DIGITS)
        internal = "/nb" if m.group("p_internal") else ""
        return Code(number, None, m.group("p_type"), tuple(_split(m.group("p_issuer"))),
                    f"{number}-{m.group('p_type')}/{'-'.join(_split(m.group('p_issuer')))}{internal}")
    if m.group("n_symbol"):
        number = m.group("n_number").translate(_OCR_DIGITS) if m.group("n_number") else None
        year_text = m.group("n_year")
        year = int(year_text) if len(year_text) == 4 else _typo_year(year_text)
        parts = _split(m.group("n_symbol"))
        type_code = parts[0] if parts[0] in type_codes() and len(parts) > 1 else None
        issuers = tuple(parts[1:] if type_code else parts)
        return Code(number, year, type_code, issuers, f"{number or ''}/{year_text}/{'-'.join(parts)}")
    if m.group("s_type"):   # a slash misprinted for the dash: Party `57/NQ/TW`, administrative `180/KH/UBND`
        number, issuers = m.group("s_number").translate(_OCR_DIGITS), tuple(_split(m.group("s_issuer")))
        party = issuers[0] in party_codes()
        text = f"{number}-{m.group('s_type')}/{'-'.join(issuers)}" if party \
            else f"{number}/{m.group('s_type')}-{'-'.join(issuers)}"
        return Code(number, None, m.group("s_type"), issuers, text)
    number = m.group("a_number")
    number = number.translate(_OCR_DIGITS) if number else None
    parts = _split(m.group("a_symbol"))
    type_code = parts[0] if parts[0] in type_codes() and len(parts) > 1 else None
    issuers = tuple(parts[1:] if type_code else parts)
    unit = f"({m.group('a_unit')})" if m.group("a_unit") else ""   # the drafting unit in brackets
    return Code(number, None, type_code, issuers, f"{number or ''}/{'-'.join(parts)}{unit}")


def _typo_year(digits: str) -> int | None:
    """A five-digit year with one digit too many: the plausible year left when one is dropped
    (`25010` -> 2010)."""
    for i in range(len(digits)):
        candidate = digits[:i] + digits[i + 1:]
        if re.fullmatch(r"(?:19[4-9]|20[0-4])[0-9]", candidate):
            return int(candidate)
    return None


def parse_code(s: str) -> Code | None:
    """Read one document code, or None when `s` is not one.

    >>> parse_code("05/CT - TW").text
    '05/CT-TW'
    >>> parse_code("l9/CT-TTg").number
    '19'
    >>> parse_code("/SNV-VP").number is None
    True
    >>> parse_code("2587-CV/VPTW/nb").text
    '2587-CV/VPTW/nb'
    >>> parse_code("03 /BCĐX-CAT(PC04)").text
    '03/BCĐX-CAT(PC04)'
    >>> parse_code("61-CP").issuer_codes
    ('CP',)
    >>> parse_code("Ngày 12") is None
    True
    """
    if not s:
        return None
    s = re.sub(r"\s+", " ", s.strip().strip(".,;:"))
    s = re.sub(r"^[.…_ ]+(?=/)", "", s)  # a draft's dotted blank: `…/KH-UBND`
    m = CODE_RE.fullmatch(s)
    if m is None and (old := re.fullmatch(CENTRAL_WITHOUT_SLASH, s)):
        return Code(old.group("o_number"), None, None, (old.group("o_issuer"),), s)
    return _from_match(m) if m else None


def _slash_windows(text: str, before: int = 30, after: int = 90):
    """Spans of `text` around its slashes, merged: every code has one, and scanning only there
    is several times faster than running the pattern over the whole text."""
    start = end = None
    index = text.find("/")
    while index != -1:
        lo, hi = max(0, index - before), min(len(text), index + after)
        if end is not None and lo <= end:
            end = hi
        else:
            if end is not None:
                yield start, end
            start, end = lo, hi
        index = text.find("/", index + 1)
    if end is not None:
        yield start, end


# a national standard's or technical regulation's number before the colon of its year
_STANDARD_BEFORE = re.compile(r"(?:QCVN|TCVN|QCĐP)\s*[\w.-]{1,8}\s*:\s*$")


def find_codes(text: str) -> list[tuple[Code, int, int]]:
    """Every numbered code in `text` with its (start, end).

    >>> [(c.text, s, e) for c, s, e in find_codes("theo Chỉ thị số 19/CT-TTg ngày 16/7/2021")]
    [('19/CT-TTg', 16, 25)]
    >>> [c.text for c, _, _ in find_codes("Quyết định số 169-CP ngày 24/6/1977; Nghị định 64-HĐBT, 37-CT/TW")]
    ['169-CP', '64-HĐBT', '37-CT/TW']

    A table's narrow cell wraps a code before its dash; a list's dash (a space after it) is no part of one:

    >>> [c.text for c, _, _ in find_codes("- Nghị định số 181/2013/NĐ\\n-CP ngày 14/11/2013;\\nsố 12/QĐ-UBND\\n- UBND tỉnh")]
    ['181/2013/NĐ-CP', '12/QĐ-UBND']
    >>> [c.text for c, _, _ in find_codes("Căn cứ Nghị định số 63/2010/NĐ-CPngày 08/6/2010")]
    ['63/2010/NĐ-CP']
    """
    found = []
    for start, end in _slash_windows(text):
        for m in _FIND_RE.finditer(text, start, end):
            if not (m.group("p_number") or m.group("n_number") or m.group("s_number") or m.group("a_number")):
                continue
            if _STANDARD_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue   # `QCVN 09:2024/BGTVT`, `TCVN 5574:2018`: a standard's number and year, no document code
            found.append((_from_match(m), m.start(), m.end()))
    if "-" in text:
        found.extend(_central_without_slash(text))
        found.sort(key=lambda item: item[1])
    if "-TU" in text or "-TW" in text or "-HU" in text or "-ĐU" in text:
        found.extend(_party_all_dashes(text))
        found.sort(key=lambda item: item[1])
    if shorthand := _party_shorthand(text):
        found.extend(shorthand)
        found.sort(key=lambda item: item[1])
    return found


# The Party centre's documents as the genre names them short, by number and body (`Nghị quyết 57 và
# Nghị quyết 68 của Bộ Chính trị`, `Kết luận 126, 127 của Bộ Chính trị`): the number alone says
# nothing, the body after it makes it `57-NQ/TW`. Without that body a bare number is no code.
_PARTY_KINDS = {"nghị quyết": "NQ", "kết luận": "KL", "chỉ thị": "CT", "quy định": "QĐ"}
PARTY_KIND = r"(?:Nghị\s+quyết|Kết\s+luận|Chỉ\s+thị|Quy\s+định)"
# the Party centre's bodies that issue them (references read a list's issuer with the same words)
PARTY_BODY = r"(?:Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|Ban\s+Chấp\s+hành\s+Trung\s+ương(?:\s+Đảng)?)"
_PARTY_NUMBER = r"(?:số\s+)?\d{1,3}(?![\w/-]|[.,]\d)"
_PARTY_SHORTHAND = re.compile(
    rf"(?<![\w]){PARTY_KIND}\s+{_PARTY_NUMBER}"
    rf"(?:\s*(?:,|và)\s*(?:{PARTY_KIND}\s+)?{_PARTY_NUMBER})*"
    rf"\s*,?\s*(?:của|do)\s+(?:{PARTY_BODY}|Trung\s+ương\s+Đảng)(?![\w])")
_PARTY_ITEM = re.compile(rf"(?P<kind>{PARTY_KIND})?\s*(?:số\s+)?(?P<n>\d{{1,3}})(?![\w/-]|[.,]\d)")


SHORTHAND_REACH = 300   # how far before the body its list of numbers is read


def _shorthand_lists(text: str):
    """`_PARTY_SHORTHAND`'s matches, each read in a window ending at the body found as a literal (the
    bodies are rare; the kinds' words, `Nghị quyết`, are everywhere), in text order, none twice."""
    ends = sorted({at + len(body) for body in ("Bộ Chính trị", "Ban Bí thư", "Trung ương")
                   for at in find_all(text, body)})
    last = -1
    for end in ends:
        for m in _PARTY_SHORTHAND.finditer(text, max(0, end - SHORTHAND_REACH, last), min(len(text), end + 6)):
            if m.start() >= last and m.end() <= end + 6:
                last = m.end()
                yield m


def _party_shorthand(text: str) -> list[tuple[Code, int, int]]:
    """The Party centre's documents named short (`_PARTY_SHORTHAND`), each number with its span; a
    number after a comma or `và` takes the kind before it (`Kết luận 126, 127`).

    >>> [(c.text, text[s:e]) for text in ["đưa Nghị quyết 57 và Nghị quyết 68 của Bộ Chính trị vào"]
    ...  for c, s, e in _party_shorthand(text)]
    [('57-NQ/TW', '57'), ('68-NQ/TW', '68')]
    """
    found = []
    for m in _shorthand_lists(text):
        kind = None
        for item in _PARTY_ITEM.finditer(text, m.start(), m.end()):
            if item.group("kind"):
                kind = _PARTY_KINDS[" ".join(item.group("kind").lower().split())]
            if kind is None:
                continue
            number = item.group("n")
            found.append((Code(number, None, kind, ("TW",), f"{number}-{kind}/TW"), item.start("n"), item.end("n")))
    return found


# A Party document's number misprinted with a dash for its slash (`Đề án số 08-ĐA-TU`): the Party's
# kinds before a committee's code leave no doubt it is `08-ĐA/TU`
_PARTY_ALL_DASHES = re.compile(r"(?<![\w/.-])(?P<n>\d{1,4})-(?P<kind>NQ|CT|KL|ĐA|KH|QĐ|TB|BC|HD|CTr|QC)"
                               r"-(?P<body>TU|TW|HU|ĐU)(?![\w/-])")


def _party_all_dashes(text: str) -> list[tuple[Code, int, int]]:
    return [(Code(m["n"], None, m["kind"], (m["body"],), f"{m['n']}-{m['kind']}/{m['body']}"), m.start(), m.end())
            for m in _PARTY_ALL_DASHES.finditer(text)]


def _central_without_slash(text: str) -> list[tuple[Code, int, int]]:
    """`CENTRAL_WITHOUT_SLASH` in running text, found from its dash (rarer than a digit) back to the number."""
    found = []
    for m in _CENTRAL_DASH.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isdigit() and m.start() - start < 5:
            start -= 1
        if start == m.start() or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.-")):
            continue
        number, issuer = text[start:m.start()], m.group()[1:]
        found.append((Code(number, None, None, (issuer,), f"{number}-{issuer}"), start, m.end()))
    return found

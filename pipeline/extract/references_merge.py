"""Which document a citation is: identity keys, and the joining of the mentions of one document.

Keys: a code folded (`_code_key`), a cited document's identity (`_identity`: a central number alone,
a local one with its issuer and year), a document cited by name (`_title_key`), and a document's
own key (`document_key`), built as a citation of it is so that the graph's edge lands on it.
Joining: a law cited by name and by number is one document (`_join_laws`); a short form
(`Nghị định 30`) is another mention of the full number (`_short_forms`); a later mention without
date or issuer joins an earlier one with the same code or title (`_merge_key`).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from functools import lru_cache
from itertools import accumulate

from ..read.text import Text
from .codes import Code
from .patterns import find_all
from .references_facts import Mention, Reference
from .references_issuers import expand
from .references_patterns import _tables, laws, type_before
from .references_relations import RELATION_RANK


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


@lru_cache(maxsize=4096)   # the same laws are named again and again
def _title_key(kind: str, name: str) -> str:
    folded = unicodedata.normalize("NFD", f"{kind} {name}".casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("đ", "d")
    return "title:" + " ".join(re.sub(r"[^\w]+", " ", folded).split())


@lru_cache(maxsize=1)
def _known_law_keys() -> frozenset[str]:
    """The title keys of the laws, codes and ordinances `laws.json` knows by name."""
    return frozenset(_title_key(kind, name) for kind in ("Luật", "Bộ luật", "Pháp lệnh") for name in laws()["names"])


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
    # the numbered citations' first spans by start, with the furthest end reached so far: a place is
    # covered when a span starting at or before it ends after it (one bisect, not a scan of them all)
    covered = sorted((f.mentions[0].start, f.mentions[0].end) for f in numbered)
    starts = [a for a, _ in covered]
    reach = list(accumulate((b for _, b in covered), max))
    s = text.text
    places = _standalone(s, {number for _kind, number in by_type_number})
    for kind, number in by_type_number:
        for position in places.get(number, ()):
            end = position + len(number)
            if (position and (s[position - 1].isdigit() or s[position - 1] in "/-")) or \
                    (end < len(s) and (s[end].isdigit() or s[end] in "/-")) or s[end:end + 2] == " /":
                continue
            before = type_before(s, position)
            if not before or tables["type_words"].get(before[0].casefold(), "").casefold() != kind:
                continue
            start = before[1]
            at = bisect.bisect_right(starts, start) - 1
            if at < 0 or reach[at] <= start:
                joined.append((by_type_number[(kind, number)], Mention(start, end, s[start:end])))
    return joined


def _standalone(s: str, numbers: set[str]) -> dict[str, list[int]]:
    """Where each of `numbers` stands in `s`, or a superset of where it stands alone (no digit, `/` or
    `-` either side). The numbers of ASCII digits are found in one scan of the text for every number
    printed alone, kept when it is one of them (a scan per number was quadratic: 8,000 letters cited
    once each took 4.5 s); any other (a Unicode digit, `` for a number `0`) by `find_all`. The caller
    still checks the edges (a Unicode digit is one)."""
    places: dict[str, list[int]] = {}
    for number in numbers:
        if not number.isascii() or not number.isdigit():
            places[number] = list(find_all(s, number))   # '' (a number `0`) is everywhere: kept as it was
    for m in _NUMBER_ALONE.finditer(s):
        if m.group(0) in numbers:
            places.setdefault(m.group(0), []).append(m.start())
    return places


# a number printed alone: an ASCII digit either side would make it no number of its own, and the
# places left out are ones the caller skips (`12 /` is a code's number). The look-behind follows the
# first digit (`(?<![0-9/-])[0-9]+` the same): a pattern that opens with a digit is scanned for at C
# speed, one that opens with a look-behind tries it at every letter (4x slower)
_NUMBER_ALONE = re.compile(r"[0-9](?<![0-9/-][0-9])[0-9]*(?![0-9/-]| /)")


_LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
# a line may end between the name and its number (`Luật Tố cáo số` / `25/2018/QH14`, `Luật Mặt trận
# Tổ quốc Việt Nam` / `số 75/2015/QH13`): a wrapped text, an OCR'd page
_NAME_TO_NUMBER = re.compile(r"[ \t]*\n?[ \t]*,?[ \t]*(?:số[ \t]*\n?[ \t]*)?", re.IGNORECASE)


def _join_laws(s: str, numbered: list[Reference], titled: list[Reference]) -> tuple[list[Reference], list[Reference]]:
    """A law cited by name and number is one document: `Luật Thống kê số 89/2015/QH13` is one
    mention of 89/2015/QH13 (which takes the name as its title), and a later `Luật Thống kê` is
    another mention of it. A name with a year joins only a number of that year (`Luật Hải quan năm
    2014` is not the Luật Hải quan of 2001); a name that two numbers share joins neither and is no
    reference of its own either (it is one of them, which one the text does not say)."""
    numbered = list(numbered)
    # the numbered references by where they are first cited, to find the one right after a name
    firsts = sorted((n.mentions[0].start, i) for i, n in enumerate(numbered))
    alone: list[Reference] = []
    joined: set[int] = set()
    for law in titled:
        if law.type not in _LAW_TYPES or law.code is not None:
            alone.append(law)
            continue
        said = law.mentions[0]
        near = firsts[bisect.bisect_left(firsts, (said.end, -1)):bisect.bisect_right(firsts, (said.end + 12, len(numbered)))]
        index = next((i for start, i in near if i not in joined and _is_law_number(numbered[i])
                      and _NAME_TO_NUMBER.fullmatch(s, said.end, start)), None)
        if index is not None:   # the name printed right before the number
            joined.add(index)
            number = numbered[index]
            whole = Mention(said.start, number.mentions[0].end, s[said.start:number.mentions[0].end])
            numbered[index] = dataclasses.replace(
                number, title=number.title or law.title, mentions=(whole, *number.mentions[1:]),
                relation=max(number.relation, law.relation, key=RELATION_RANK.__getitem__))
            continue
        alone.append(law)
    by_name: dict[str, list[int]] = {}   # the laws' numbers by name, each name once, in order
    for i, n in enumerate(numbered):
        if n.title and _is_law_number(n):
            by_name.setdefault(_same_name(n.title), []).append(i)
    # the numbers each name is cited under: one number cited many times by name and number is one law
    codes = {name: {_code_key(numbered[i].code) for i in found} for name, found in by_name.items()}
    names = sorted(by_name)
    kept = []
    later: dict[int, list[Reference]] = {}   # the mentions by name alone of each number, joined once at the end
    for law in alone:
        if law.type not in _LAW_TYPES or law.code is not None:
            kept.append(law)
            continue
        name = _same_name(_YEAR_SUFFIX.sub("", law.title or ""))
        if law.year is None:
            same, keys = by_name.get(name, []), codes.get(name, set())
        else:
            same = [i for i in by_name.get(name, ()) if numbered[i].year == law.year]
            keys = {_code_key(numbered[i].code) for i in same}
        if not same and law.year is None:   # the short name of a law cited in full (`Luật Bầu cử`)
            longer = names[bisect.bisect_left(names, name + " "):bisect.bisect_left(names, name + " \uffff")]
            same = sorted(i for full in longer for i in by_name[full])
            keys = {key for full in longer for key in codes[full]}
        if len(keys) == 1:   # a later mention by name alone (of one number, however often cited by it)
            later.setdefault(same[0], []).append(law)
        elif not same:
            kept.append(law)
    for index, by_name_alone in later.items():
        number = numbered[index]
        # `Luật Đất đai ngày 18/01/2024` and, in the next title, `Luật Đất đai số 31/2024/QH15`: the day
        # the name gives is the number's, where its own mention gives none
        dated = next((law.date for law in by_name_alone if law.date and law.date[:4] == str(number.year or "")), None)
        numbered[index] = dataclasses.replace(
            number, date=number.date or dated,
            mentions=(*number.mentions, *(m for law in by_name_alone for m in law.mentions)),
            relation=max([number.relation, *(law.relation for law in by_name_alone)], key=RELATION_RANK.__getitem__))
    return numbered, kept


_YEAR_SUFFIX = re.compile(r"\s+năm\s+\d{4}$")


def _is_law_number(reference: Reference) -> bool:
    """A law's or an ordinance's number: `89/2015/QH13`, `32/2001/PL-UBTVQH10`; `03/2022/UBTVQH15`
    is a resolution's."""
    return bool(reference.code and re.search(r"/(?:QH\d+|PL-UBTVQH\d+)$", reference.code))


def _same_name(title: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").casefold().split())


def _misprinted(first: Reference, item: Reference) -> bool:
    """Whether `item` is `first` printed once differently (`Hướng dẫn số 37/HD-BCA` and `37/HD-BCA-C04`,
    `Thông tư 98/2013/TT-BTC` and `98/2013/TT-BXD`, each of one day and one body): the same number and
    day, the same kind and issuer where both say. One entry, under its better reading."""
    if not (first.code and first.number and first.number == item.number and item.date and first.date == item.date):
        return False
    if first.type and item.type and first.type != item.type:
        return False   # `Quyết định 12/QĐ-UBND` and `Kế hoạch 12/KH-UBND` of one day: two papers
    return first.issuer is None or item.issuer is None or _bodies(first.issuer) == _bodies(item.issuer)


def _bodies(issuer: str) -> frozenset[str]:
    """The bodies an issuer names, in any order (a joint circular's list is printed in two orders)."""
    return frozenset(part.strip() for part in issuer.split(","))


class Groups(dict[str, list[Reference]]):
    """The mentions of each document, by key, in order of first mention, with the indexes `_merge_key`
    looks a code up in (a loop over every group for every mention was quadratic: 4,000 letters cited
    once each took 5 s). Each index lists the groups in order, keyed by their first mention."""

    def __init__(self) -> None:
        super().__init__()
        self.by_code: dict[str, list[str]] = {}
        self.by_number_day: dict[tuple[str, str], list[str]] = {}
        self.by_yearless: dict[str, list[str]] = {}

    def add(self, key: str, item: Reference) -> None:
        if key not in self:
            self[key] = []
            if item.code:
                self.by_code.setdefault(_code_key(item.code), []).append(key)
                if item.number and item.date:
                    self.by_number_day.setdefault((item.number, item.date), []).append(key)
                if _WITH_YEAR.search(item.code):
                    self.by_yearless.setdefault(_code_key(_WITH_YEAR.sub("/", item.code)), []).append(key)
        self[key].append(item)


def _merge_key(item: Reference, groups: Groups, ocr: bool = False) -> str:
    """A later mention without date or issuer joins an earlier one with the same code.

    On an OCR'd page a title that is another's prefix up to a letter is that title misread (`lần thứ
    XIII` read `lần thứ XII`: OCR drops strokes); in typed text they are two documents (`lần X`, `lần XI`)."""
    if item.code is None:
        for key in groups:
            if key != item.key and key in _known_law_keys() and item.key in _known_law_keys():
                continue   # `Luật Giáo dục` and `Luật Giáo dục nghề nghiệp`: two laws, one name the other's start
            if key.startswith("title:") and (key == item.key or key.startswith(item.key + " ")
                                             or item.key.startswith(key + " ")
                                             or (ocr and (key.startswith(item.key) or item.key.startswith(key)))):
                return key
        return item.key
    code_key = _code_key(item.code)
    for key in groups.by_code.get(code_key, ()):
        first = groups[key][0]
        if key == item.key or item.date is None or first.date is None or item.date == first.date:
            return key
    for key in groups.by_number_day.get((item.number or "", item.date or ""), ()):
        if _misprinted(groups[key][0], item):
            return key
    if ocr and (whole := _cut_short(item, groups)):
        return whole
    if _WITH_YEAR.search(item.code):
        return item.key
    # `126/NĐ-CP` after `126/2024/NĐ-CP` (the year dropped where a letter is quoted): the same decree,
    # whose full number keys it (the other way round, the first number would key the group)
    for key in groups.by_yearless.get(code_key, ()):
        first = groups[key][0]
        if item.date is None or first.date is None or item.date == first.date:
            return key
    return item.key


_WITH_YEAR = re.compile(r"/(?:19|20)\d\d/")
# a code that stops after its type's letters, a part or no part of its issuer after them
_TYPE_ONLY = re.compile(r"\d{1,5}/(?:19|20)\d\d/[A-ZĐ][A-Za-zĐ]{0,2}")


def _cut_short(item: Reference, groups: Groups) -> str | None:
    """On an OCR'd page a code cut after its type (`16/2020/NĐ` where a table's cell broke `NĐ-` / `CP`,
    `57/2024/TT`, `44/2022/Q`) is the one code cited before that it begins, of the same day where both
    give one; None where no code or two begin so (`12/2020/TT-BTC`, `12/2020/TT-BYT`)."""
    if not (item.code and _TYPE_ONLY.fullmatch(item.code)):
        return None
    short = _code_key(item.code)
    found = [key for code_key, keys in groups.by_code.items() if code_key != short and code_key.startswith(short)
             for key in keys if item.date is None or groups[key][0].date in (None, item.date)]
    return found[0] if len(found) == 1 else None


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

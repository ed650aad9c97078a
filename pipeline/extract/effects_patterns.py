"""The effects' patterns, compiled once from `data/effects.json` and the document types, and the
bounds of a clause.

`_patterns()` holds the regexes every reader shares: the scope of an effect, the verbs (`cue`, the
active ones; `passive`, those whose subject is the cited document), what may stand before a verb
when this document is its subject, what stands between a verb and its objects, and the entry into
force. `_verbs` finds the verbs from their first words (`_heads`, `_folded`, `_starting_with`);
`_effect_of` names a verb's effect. `_clause_start`, `_clause_end` and `_quoted` bound the clause
around a verb and tell text quoted into another document.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .patterns import alternation

DATA = Path(__file__).resolve().parents[1] / "data"
DATE = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
WINDOW = 800   # how far back a clause may start: a long list of replaced decisions stays one clause


# ----------------------------------------------------------------------------------------------
# Patterns, compiled once from the data file and the document types


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((DATA / "effects.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _kinds() -> tuple[str, ...]:
    """The document kinds that may name this document (`Quyết định này`)."""
    types = [t["name"] for t in json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))["types"]]
    return (*types, "Luật", "Bộ luật", "Pháp lệnh", "Nghị quyết", "Thông tư liên tịch", "Văn bản", "Quy chế", "Quy định")


def _end_of(match: re.Match | None) -> int:
    """Where a pattern that matches any text (`bullet`, `subject_head`: all optional) ends."""
    assert match is not None, "the pattern matches the empty string"
    return match.end()


# Administrative procedures, as a decision that publishes them names them (`các thủ tục hành chính`,
# `Danh mục thủ tục hành chính`, `01 TTHC`)
_PROCEDURES = r"(?:(?:các\s+)?(?:thủ\s+tục\s+hành\s+chính|TTHC)|Danh\s+mục\s+(?:các\s+)?(?:thủ\s+tục\s+hành\s+chính|TTHC))"


def procedures_scope(match: re.Match) -> str | None:
    """The procedures a `first_gap` or `provisions` match names as the part of the document an effect
    touches, when it names some of them (a count, `số thứ tự`: `11 Danh mục thủ tục hành chính (Phụ lục
    II)`); None for the attached text as a whole (`Quy định ... ban hành kèm theo`, `Danh mục TTHC ...
    trong lĩnh vực người có công ... công bố tại`: the whole list that decision published).

    >>> procedures_scope(_patterns()["first_gap"].fullmatch(" 11 Danh mục thủ tục hành chính (Phụ lục II) tại Quyết định số "))
    '11 Danh mục thủ tục hành chính (Phụ lục II)'
    >>> procedures_scope(_patterns()["first_gap"].fullmatch(" Quy định ban hành kèm theo Quyết định số ")) is None
    True
    >>> procedures_scope(_patterns()["first_gap"].fullmatch(" Danh mục TTHC trong lĩnh vực người có công được công bố tại Quyết định số ")) is None
    True
    """
    groups = match.groupdict()
    part = groups.get("procedures") or groups.get("listed")
    if not part or not _NAMES_PROCEDURES.search(part) or not _SOME_OF_THEM.search(part):
        return None
    part = _SCOPE_TAIL.sub("", " ".join(part.split()))
    return part or None


_NAMES_PROCEDURES = re.compile(r"thủ\s+tục\s+hành\s+chính|TTHC", re.IGNORECASE)
_SOME_OF_THEM = re.compile(r"^\s*\d|số\s+thứ\s+tự", re.IGNORECASE)
_SCOPE_TAIL = re.compile(r"[\s,]*(?:(?:được\s+)?(?:ban\s+hành|công\s+bố))?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = _data()
    kinds = alternation(_kinds())
    force_tail = r"này\s+(?:chính\s+thức\s+)?có\s+hiệu\s+lực"
    scope = (r"(?:(?:(?:các\s+)?(?:điểm|khoản|tiết|Điều|Chương|Mục|Phụ\s+lục|Phần)\s+[\w.]{1,6}(?:\s*(?:,|và)\s*[\w.]{1,6}(?=[\s,]))*"
             r"\s*(?:,|và|của)?\s*)+)")
    return {
        # the part of a document an effect touches, standing before it (`khoản 2 Điều 3, Điều 4 và`)
        "scope": re.compile(scope, re.IGNORECASE),
        # what may open a passive clause before its document: the provisions that lose force
        # (or the procedures it published, in a decision that publishes procedures: `Các thủ tục hành chính có
        # số thứ tự là 05, 06 ... Mục I Phụ lục kèm theo Quyết định số 1786/QĐ-UBND ... hết hiệu lực`)
        "provisions": re.compile(rf"(?:(?:Các|Những)\s+)?(?:(?:quy\s+định|nội\s+dung)\s+(?:tại|của)\s+(?P<scope>{scope})"
                                 rf"|(?P<procedures>{_PROCEDURES}[^.;:“”]{{0,300}}?)(?:kèm\s+theo|tại|của|thuộc))\s*",
                                 re.IGNORECASE),
        "cue": re.compile(rf"(?<![\w])(?:{alternation(c['cue'] for c in data['cues'])})(?![\w])", re.IGNORECASE),
        "passive": re.compile(rf"(?<![\w])(?:{alternation(c['cue'] for c in data['passive'])})(?![\w])", re.IGNORECASE),
        # what `force` needs after the document's kind, found from its `này` so that the kinds
        # (fifty alternatives) are tried only just before it (see `_force_matches`)
        "force_anchor": re.compile(rf"(?<=\s){force_tail}", re.IGNORECASE),
        # or, before a verb joined by `và`, this document's own act (`Điều 1. Công bố kèm theo Quyết định này
        # Danh mục 26 thủ tục hành chính (...; ...) và bãi bỏ 11 TTHC ...`), or the procedures it publishes
        # (`Thủ tục hành chính được công bố trong Danh mục tại Quyết định này thay thế ...`)
        "own_act": re.compile(
            rf"(?:(?P<act>Công\s+bố|Ban\s+hành|Phê\s+duyệt)(?![\w])(?:[^;“”()]|\([^()]{{0,80}}\)){{0,400}}?\s(?:và|đồng\s+thời)"
            rf"|{_PROCEDURES}[^;“”]{{0,160}}?(?:tại|trong|theo)\s+(?P<kind>{kinds})\s+này)\s*",
            re.IGNORECASE),
        # what may stand before the verb when this document is its subject
        "self_prefix": re.compile(
            rf"(?:(?:kể\s+)?từ\s+ngày\s+)?(?P<kind>{kinds})\s+này\b[^;“”]{{0,240}}?(?:,|và|;)?\s*(?:đồng\s+thời\s+)?",
            re.IGNORECASE),
        "bullet": re.compile(r"^[\s\-+*•|(]*(?:(?:Điều|ĐIỀU)\s+\d+\w?\s*[.:]?\s*)?(?:[0-9IVXa-zđ]{1,4}[.)]\s*)*(?:Nay\s+)?",),
        "subject_head": re.compile(r"^\s*(?:V/v|v/v|Về\s+việc|về\s+việc|Về|về|Quyết\s+định|Thông\s+tư|Nghị\s+định)?\s*", re.IGNORECASE),
        # between a verb and its first object: a scope, a `Quy định ... ban hành kèm theo`, the type
        "first_gap": re.compile(
            rf"\s*(?:cho\s+)?(?:toàn\s+bộ\s+)?(?:nội\s+dung\s+)?(?:các\s+)?(?P<scope>{scope})?\s*"
            r"(?:(?:một\s+số\s+(?:điều|nội\s+dung|quy\s+định)(?:\s*(?:,|và)\s*(?:phụ\s+lục|biểu\s+mẫu))?)\s*)?"
            r"(?:(?:của|tại|trong)\s+)?"
            rf"(?:(?P<listed>(?:Quy\s+định|Quy\s+chế|Điều\s+lệ|Hướng\s+dẫn|Danh\s+mục|Bảng\s+giá|Phụ\s+lục|Kế\s+hoạch|Đề\s+án|Chương\s+trình)"
            r"[^.;:“”]{0,300}?)(?:(?:ban\s+hành\s+)?kèm\s+theo|(?:công\s+bố|ban\s+hành)\s+tại)\s+"
            # the procedures an earlier decision published (`Bãi bỏ 11 Danh mục thủ tục hành chính (Phụ lục II)
            # tại Quyết định số ...`, `Thay thế thủ tục hành chính có số thứ tự 01 tại Tiểu mục I Mục A ... kèm theo`):
            # a part of it, its scope
            rf"|(?P<procedures>(?:\d{{1,3}}\s*(?:\([^()]{{1,30}}\)\s*)?)?{_PROCEDURES}[^.;:“”]{{0,400}}?)(?:kèm\s+theo|tại|thuộc)\s+)?"
            rf"(?:(?:các\s+)?(?:{kinds})s?\s*(?:sau(?:\s+đây)?)?\s*:\s*(?:[-+•]\s*|[a-zđ0-9]{{1,3}}[.)]\s*)?(?:số\s*)?)?"
            r"(?:(?:Bộ\s+luật|Luật|Pháp\s+lệnh)[^.;:“”\n]{0,90}?\s+số\s*)?"
            rf"(?:(?:{kinds})\s+(?:số\s*)?)?",   # in a summary the type stands before the number
            re.IGNORECASE),
        # between one object and the next of the same verb: a list separator right before it
        "joiner": re.compile(
            rf"(?:[;,:]|\s(?:và|hoặc))\s*(?:các\s+)?(?:[-+•]\s*|[a-zđ0-9]{{1,3}}[.)]\s*)?(?:{scope})?\s*(?:(?:Bộ\s+luật|Luật|Pháp\s+lệnh)[^.;:“”\n]{{0,90}}?\s+số\s*|số\s*)?$",
            re.IGNORECASE),
        # a document named as part of an object's description, not as an object itself
        "described": re.compile(r"(?:của|tại|theo|bởi|kèm\s+theo|thực\s+hiện|hướng\s+dẫn|thi\s+hành)\s*$", re.IGNORECASE),
        "telling": re.compile(r"(?:đã|đã\s+được|đã\s+bị|được|bị|sẽ|đề\s+xuất|đề\s+nghị|dự\s+kiến|chưa)\s*$", re.IGNORECASE),
        "passive_end": re.compile(r"(?:\s+thi\s+hành)?(?:\s+(?:toàn\s+bộ|một\s+phần))?\s*(?:(?:kể\s+)?từ\s+ngày|[.;]|$)", re.IGNORECASE),
        "force": re.compile(
            rf"(?:{kinds})\s+{force_tail}(?:\s+thi\s+hành)?(?:\s+chung)?\s*,?\s*(?P<when>[^.;\n]{{0,120}})",
            re.IGNORECASE),
        "from_date": re.compile(rf"(?:kể\s+)?từ\s+(?:ngày\s+)?(?P<date>{DATE})", re.IGNORECASE),
        "from_signing": re.compile(r"(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành|thông\s+qua)", re.IGNORECASE),
        "after_days": re.compile(r"sau\s+(?P<days>\d+)\s+ngày\s*,?\s*(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)", re.IGNORECASE),
        # a line break ends a clause only before what starts one: a PDF breaks lines inside sentences
        # (written `[.!?]\s+(?=...)|\n(?=...)|\|`; a class first, for re to scan for in C: `_clause_start`
        # tried every position of its 400 characters, 2,453 times over the bench documents)
        "boundary": re.compile(rf"[.!?\n|](?:(?<=[.!?])\s+(?=[{UPPER}0-9“\"(])|(?<=\n)(?=[ \t]*[{UPPER}0-9\-+*•“\"(])|(?<=\|))"),
    }


@lru_cache(maxsize=1)
def _heads() -> dict[str, tuple[str, ...]]:
    """The first word of every cue of each table, lowercase: every match of `cue` or `passive`
    starts with one of them (see `_verbs`)."""
    data = _data()
    return {table: tuple(sorted({c["cue"].split()[0].rstrip(",").lower() for c in data[table]}))
            for table in ("cues", "passive")}


# What `re.IGNORECASE` takes for the same letter beyond one simple lowercase (re/_casefix.py):
# `ı` for `i`, `ſ` for `s`. The Greek pairs there are no letters of a cue (a test checks it).
_FOLD_EXTRA = str.maketrans({"ı": "i", "ſ": "s"})


def _folded(s: str) -> str | None:
    """`s` as re.IGNORECASE compares it to a lowercase pattern, character for character; None when
    a character lowercases to two (`İ`), so that positions in it are no longer those of `s`."""
    low = s.lower()
    if len(low) != len(s):
        return None
    return low.translate(_FOLD_EXTRA) if "ı" in low or "ſ" in low else low


def _verbs(s: str, table: str, folded: str | None) -> Iterator[re.Match]:
    """`_patterns()["cue" or "passive"].finditer(s)`, the same matches, found from their first words.

    Each pattern is an alternation of a dozen phrases, with IGNORECASE: sre tries it at every
    character (0.18 s and 0.12 s over the 3.43 MB corpus, half of the effects' time), while every
    match starts with the first word of one of its phrases. `folded` is `_folded(s)`."""
    return _starting_with(_patterns()["cue" if table == "cues" else "passive"], s, _heads()[table], folded)


def _starting_with(pattern: re.Pattern, s: str, heads, folded: str | None) -> Iterator[re.Match]:
    """`pattern.finditer(s)` for an IGNORECASE pattern whose every match starts with one of `heads`
    (lowercase, not empty): the pattern is tried only where `str.find` sees a head in `folded`
    (`_folded(s)`), left to right, never before the last match's end (finditer's rule)."""
    if folded is None:
        yield from pattern.finditer(s)
        return
    starts = set()
    for head in heads:
        at = folded.find(head)
        while at >= 0:
            starts.add(at)
            at = folded.find(head, at + 1)
    last_end = 0
    for start in sorted(starts):
        if start < last_end:
            continue
        match = pattern.match(s, start)
        if match:
            yield match
            last_end = match.end()


def _effect_of(cue: str, table: str) -> str:
    folded = " ".join(cue.lower().split())
    return next(c["effect"] for c in _data()[table] if c["cue"] == folded)


# ----------------------------------------------------------------------------------------------
# Clauses


def _clause_start(s: str, at: int) -> int:
    """Where the clause holding `at` starts: after a full stop, a table cell, or a line break that
    does not continue a list (`... các Quyết định:` / `a) Quyết định số ...;` stay one clause)."""
    floor = max(0, at - WINDOW)
    start = floor
    # the lookahead reads a little past `at`; no further, or a text without boundaries is read to its end
    for match in _patterns()["boundary"].finditer(s, floor, min(len(s), at + LOOKAHEAD)):
        if match.start() >= at:
            break
        if match.group(0) == "\n" and (_last_mark(s, floor, match.start()) in (":", ";", ",")
                                        or _OPEN_LINE_END.search(s, max(floor, match.start() - 12), match.start())):
            continue
        start = match.end()
    return start


LOOKAHEAD = 200
# A line that ends with a word no clause ends with goes on below, whatever the next line opens with
# (`... ban hành kèm theo` / `Quyết định số 1006/QĐ-UBND`: a PDF's line, not a clause's end)
_OPEN_LINE_END = re.compile(r"(?<![^\W\d_])(?:theo|tại|của|và|hoặc|số|về|với|bởi|thuộc)[ \t]*$")


def _last_mark(s: str, floor: int, at: int) -> str:
    """The last character before `at` (not before `floor`) that is not a space."""
    while at > floor and s[at - 1].isspace():
        at -= 1
    return s[at - 1] if at > floor else ""


def _clause_end(s: str, at: int) -> int:
    for match in _patterns()["boundary"].finditer(s, at, min(len(s), at + WINDOW)):
        if match.group(0) == "\n" and (_last_mark(s, at, match.start()) in (":", ";", ",")
                                        or _OPEN_LINE_END.search(s, max(at, match.start() - 12), match.start())):
            continue
        return match.start() + (1 if match.group(0)[:1] in ".!?" else 0)
    return min(len(s), at + WINDOW)


def _quoted(s: str, at: int) -> bool:
    """Inside “...”: text an amendment writes into another document, not this one's own words."""
    opened, closed = s.rfind("“", max(0, at - 3000), at), s.rfind("”", max(0, at - 3000), at)
    return opened > closed

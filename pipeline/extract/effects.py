"""Effects: what a document does to the documents it cites (amends, replaces, repeals, suspends),
and the document's own entry into force.

The references extractor has found the cited documents and where each is named; this module reads
the clause around each mention. A verb of the genre (`pipeline/data/effects.json`) acts on a
cited document only when this document is its subject:

- it opens its clause: `Điều 2. Bãi bỏ Quyết định số ...`, `1. Sửa đổi, bổ sung Điều 5 của ...`;
- it follows the document's own name: `Chỉ thị này thay thế Chỉ thị số 29/CT-TTg`,
  `Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số ...`;
- it opens the summary: `Sửa đổi, bổ sung một số điều của Thông tư số ...`;
- or the cited document opens its clause and the clause ends it: `Thông tư số 23/2020/TT-BLĐTBXH
  ... hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành`.

Whatever else names such a verb tells what another document did (`Nghị định số 126/2024/NĐ-CP
... thay thế Nghị định số 45/2010/NĐ-CP`, `Luật sửa đổi, bổ sung một số điều của Luật ...`, `(đã
được sửa đổi, bổ sung bởi ...)`) and is no effect. The verb's objects are the document right after
it (with a scope such as `khoản 2 Điều 32` between) and those joined to it by `,`, `;`, `và`;
a document named inside an object's description (`... hướng dẫn một số điều của Nghị định số
14/2011/NĐ-CP`) is not one.

>>> from pipeline.read.text import Text
>>> from pipeline.extract.references import extract_references
>>> s = "Điều 3. Chỉ thị này thay thế Chỉ thị số 29/CT-TTg ngày 05/12/2012 của Thủ tướng Chính phủ."
>>> text = Text("x", "text", s, s, list(range(len(s) + 1)))
>>> [(e.key, e.effect) for e in extract_effects(text, extract_references(text)).values()]
[('29CTTTG', 'replaces')]
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..read.text import Text
from .patterns import alternation
from .references import iso_date

DATA = Path(__file__).resolve().parents[1] / "data"
DATE = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
WINDOW = 800   # how far back a clause may start: a long list of replaced decisions stays one clause


@dataclass(frozen=True)
class Effect:
    """What this document does to the cited document `key`; `text[start:end]` is the clause saying it."""

    key: str
    effect: str                 # amends, replaces, repeals, suspends
    scope: str | None           # `khoản 2 Điều 32`, or None for the whole document
    effective: str | None       # ISO date the effect takes hold, when the text gives it
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"effect": self.effect, "scope": self.scope, "effective": self.effective}


@dataclass(frozen=True)
class EntryIntoForce:
    """The document's own `... này có hiệu lực ...` sentence and the date it gives (None: not a date)."""

    date: str | None
    start: int
    end: int
    text: str


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
        "provisions": re.compile(rf"(?:(?:Các|Những)\s+)?(?:quy\s+định|nội\s+dung)\s+(?:tại|của)\s+(?P<scope>{scope})\s*",
                                 re.IGNORECASE),
        "cue": re.compile(rf"(?<![\w])(?:{alternation(c['cue'] for c in data['cues'])})(?![\w])", re.IGNORECASE),
        "passive": re.compile(rf"(?<![\w])(?:{alternation(c['cue'] for c in data['passive'])})(?![\w])", re.IGNORECASE),
        # what `force` needs after the document's kind, found from its `này` so that the kinds
        # (fifty alternatives) are tried only just before it (see `_force_matches`)
        "force_anchor": re.compile(rf"(?<=\s){force_tail}", re.IGNORECASE),
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
            rf"(?:(?:Quy\s+định|Quy\s+chế|Điều\s+lệ|Hướng\s+dẫn|Danh\s+mục|Bảng\s+giá|Phụ\s+lục|Kế\s+hoạch|Đề\s+án|Chương\s+trình)"
            r"[^.;:“”\n]{0,300}?(?:(?:ban\s+hành\s+)?kèm\s+theo|(?:công\s+bố|ban\s+hành)\s+tại)\s+)?"
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
        if match.group(0) == "\n" and _last_mark(s, floor, match.start()) in (":", ";", ","):
            continue
        start = match.end()
    return start


LOOKAHEAD = 200


def _last_mark(s: str, floor: int, at: int) -> str:
    """The last character before `at` (not before `floor`) that is not a space."""
    while at > floor and s[at - 1].isspace():
        at -= 1
    return s[at - 1] if at > floor else ""


def _clause_end(s: str, at: int) -> int:
    for match in _patterns()["boundary"].finditer(s, at, min(len(s), at + WINDOW)):
        if match.group(0) == "\n" and _last_mark(s, at, match.start()) in (":", ";", ","):
            continue
        return match.start() + (1 if match.group(0)[:1] in ".!?" else 0)
    return min(len(s), at + WINDOW)


def _quoted(s: str, at: int) -> bool:
    """Inside “...”: text an amendment writes into another document, not this one's own words."""
    opened, closed = s.rfind("“", max(0, at - 3000), at), s.rfind("”", max(0, at - 3000), at)
    return opened > closed


def _acts(s: str, clause_start: int, cue: re.Match, cited: list[int], kind: str | None) -> bool:
    """This document is the verb's subject: nothing before it in its clause but a heading or
    bullet (the verb then starts with a capital: `Bãi bỏ`), or this document's own name
    (`Quyết định này có hiệu lực ... và`), and no citation."""
    patterns = _patterns()
    issues = _ISSUES.search(s, max(clause_start, cue.start() - 60), cue.start())
    if issues:   # the preamble's last words: `Bộ trưởng ... ban hành Thông tư sửa đổi, bổ sung ... của Thông tư số X`
        return _same_kind(issues.group("kind"), kind)
    index = bisect.bisect_left(cited, clause_start)
    if index < len(cited) and cited[index] < cue.start():
        return False
    before = s[clause_start:cue.start()]
    before = before[_end_of(patterns["bullet"].match(before)):]
    if not before.strip():
        return cue.group(0)[:1].isupper() and _acts_alone(kind)
    named = patterns["self_prefix"].fullmatch(before)
    return named is not None and _same_kind(named.group("kind"), kind)


_ISSUES = re.compile(r"ban\s+hành\s+(?P<kind>Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|Chỉ\s+thị|"
                     r"Nghị\s+quyết)\s+$")


def _acts_alone(kind: str | None) -> bool:
    """A bare verb (`Bãi bỏ ...`), a summary or a passive clause is this document's act unless it
    is a kind that tells (a tờ trình) or acts only by naming itself (a công văn, a kế hoạch)."""
    data = _data()
    return not kind or (kind not in data["never_acts"] and kind not in data["acts_by_name"])


def _same_kind(named: str, kind: str | None) -> bool:
    """`Thông tư này` in a Thông tư liên tịch, `Quy định này` in the rules a Quyết định issues: this
    document; `Luật này` quoted in a Công văn: not this document."""
    named = " ".join(named.casefold().split())
    if not kind or named in ("văn bản", "quy định", "quy chế"):
        return kind not in _data()["never_acts"]
    kind = kind.casefold()
    return kind.startswith(named) or named.startswith(kind)


# ----------------------------------------------------------------------------------------------
# A verb's objects


def _objects(s: str, after: int, end: int, spans: list[tuple[int, int, str]], starts: list[int]):
    """The cited documents a verb ending at `after` acts on, up to `end`: (key, scope, start)."""
    patterns = _patterns()
    found: list[tuple[str, str | None, int]] = []
    previous = after
    for index in range(bisect.bisect_left(starts, after), len(spans)):
        start, stop, key = spans[index]
        if start >= end:
            break
        gap = s[previous:start]
        if not found:
            match = patterns["first_gap"].fullmatch(gap)
            if not match:
                return []
            scope = _scope_text(match.group("scope"))
        else:
            joined = _joins(s, gap)
            if joined is None:
                break
            previous = max(previous, stop)
            if not joined:
                continue   # named inside the previous object's description
            scope = None
        if not found or key != found[-1][0]:
            found.append((key, scope, start))
        previous = max(previous, stop)
    return found


def _scope_text(raw: str | None) -> str | None:
    """A scope as matched (`khoản 2 Điều 3, Điều 4 và `, `Điều 3 của`), its joining words dropped."""
    scope = " ".join((raw or "").split()).rstrip(" ,")
    return re.sub(r"\s+(?:của|và)$", "", scope) or None


def _joins(s: str, gap: str) -> bool | None:
    """Whether the citation after `gap` is one more object of the verb (True), a document named
    in the previous object's description (False: `Nghị định số 108/2018/NĐ-CP sửa đổi, bổ sung một
    số điều của Nghị định số 78/2015/NĐ-CP`), or the end of the list (None)."""
    patterns = _patterns()
    if len(gap) > 400:
        return None
    verb = patterns["cue"].search(gap)
    if verb and gap[:verb.start()].strip(" ,"):
        return None   # another verb, with its own subject: `... và bãi bỏ ...`
    if patterns["described"].search(gap):
        return False
    return True if patterns["joiner"].search(gap) else None


def _spans(references) -> tuple[list[tuple[int, int, str]], list[int]]:
    spans = sorted((m.start, m.end, r.key) for r in references for m in r.mentions)
    return spans, [start for start, _, _ in spans]


# ----------------------------------------------------------------------------------------------
# Entry into force


def entry_into_force(text: Text | str, document: dict | None = None) -> EntryIntoForce | None:
    """The first `... này có hiệu lực ...` sentence of the document's own (not quoted) text that
    gives a date, else the first such sentence.

    `kể từ ngày 15 tháng 02 năm 2024` gives that day; `kể từ ngày ký` the document's date; `sau 10
    ngày kể từ ngày ký` ten days later; `kể từ ngày đăng Công báo` no date (None)."""
    s = text.text if isinstance(text, Text) else text
    signed = (document or {}).get("date")
    signed = signed if signed and re.fullmatch(r"\d{4}-\d{2}-\d{2}", signed) else None
    patterns = _patterns()
    first: EntryIntoForce | None = None   # `kể từ ngày Nghị định này có hiệu lực` in the body says no date: the article does
    for match in _force_matches(s):
        if _quoted(s, match.start()):
            continue
        when = match.group("when")
        date = None
        from_date = patterns["from_date"].match(when)
        if from_date:
            date = iso_date(from_date.group("date"))
        elif patterns["from_signing"].match(when):
            date = signed
        elif (days := patterns["after_days"].match(when)) and signed:
            date = (dt.date.fromisoformat(signed) + dt.timedelta(days=int(days.group("days")))).isoformat()
        entry = EntryIntoForce(date, match.start(), match.end(), s[match.start():match.end()])
        if date:
            return entry
        first = first or entry
    return first


def _force_matches(s: str) -> Iterator[re.Match]:
    """`_patterns()["force"].finditer(s)`, the same matches, in linear time with a small constant.

    Tried at every position, the pattern's fifty kinds cost 0.3 µs a character (0.55 s of 3.9 s
    over the corpus). Every match has `này có hiệu lực` after its kind and the whitespace after
    it, so the kinds are tried only where a match using that anchor can start: not before the
    last match's end (finditer's rule), and no further back than the longest kind's letters
    (whitespace counts nothing: a kind may hold a line break). Trying each anchor's window left
    to right gives finditer's leftmost match."""
    patterns = _patterns()
    force, last_end = patterns["force"], 0
    longest = max(len("".join(kind.split())) for kind in _kinds())   # letters, not spaces
    for anchor in _starting_with(patterns["force_anchor"], s, ("này",), _folded(s)):
        at = anchor.start()
        if at <= last_end:
            continue
        for start in reversed(_letters_before(s, at, last_end, longest)):   # a kind starts with a letter
            match = force.match(s, start)
            if match:
                yield match
                last_end = match.end()
                break


def _letters_before(s: str, at: int, floor: int, count: int) -> list[int]:
    """The positions of the last `count` non-space characters before `at` (none before `floor`),
    nearest first; a run of spaces is stepped over 64 characters at a time, not one by one."""
    found: list[int] = []
    while at > floor and len(found) < count:
        step = max(floor, at - 64)
        at = step + len(s[step:at].rstrip())
        if at > floor and not s[at - 1].isspace():
            at -= 1
            found.append(at)
    return found


# ----------------------------------------------------------------------------------------------
# Finding


@dataclass(frozen=True)
class _Hit:
    key: str
    effect: str
    scope: str | None
    start: int              # the clause
    end: int
    in_summary: bool
    at: int                 # the mention


def _active_hits(s: str, spans, starts, kind: str | None, folded: str | None) -> list[_Hit]:
    """Verbs whose subject is this document, and the documents they act on."""
    hits = []
    for cue in _verbs(s, "cues", folded):
        if cue.end() > (starts[-1] if starts else 0) or _quoted(s, cue.start()):
            continue   # no citation after it, or the words of the document it amends
        clause = _clause_start(s, cue.start())
        if not _acts(s, clause, cue, starts, kind):
            continue
        end = _clause_end(s, cue.end())
        effect = _effect_of(cue.group(0), "cues")
        for key, scope, at in _objects(s, cue.end(), end, spans, starts):
            hits.append(_Hit(key, effect, scope, clause, end, False, at))
    return hits


def _passive_hits(s: str, spans, starts, kind: str | None, folded: str | None) -> list[_Hit]:
    """`Thông tư số 23/2020/TT-BLĐTBXH ... hết hiệu lực kể từ ngày ...`: the cited document opens its clause."""
    patterns = _patterns()
    hits: list[_Hit] = []
    if not _acts_alone(kind):
        return hits
    for cue in _verbs(s, "passive", folded):
        if _quoted(s, cue.start()) or patterns["telling"].search(s, max(0, cue.start() - 12), cue.start()):
            continue
        clause = _clause_start(s, cue.start())
        listed = _LISTED_AFTER.match(s, clause)
        if listed and listed.end() <= cue.start():   # `Các Thông tư sau đây hết hiệu lực ...: A; B.`
            hits += _listed_after(s, spans, starts, cue)
            continue
        if not patterns["passive_end"].match(s, cue.end()):
            continue
        objects = _opening_objects(s, spans, starts, clause, cue.start())
        if objects is None:   # a PDF line that starts with a capital inside the sentence: the item's start
            clause = _item_start(s, cue.start())
            objects = _opening_objects(s, spans, starts, clause, cue.start())
        if not objects:
            continue
        end = _clause_end(s, cue.end())
        effect = _effect_of(cue.group(0), "passive")
        hits += [_Hit(key, effect, scope, clause, end, False, at) for key, scope, at in objects]
    return hits


# A clause that announces its documents after the verb: `Các Thông tư sau đây hết hiệu lực kể từ ngày ...:`
# (`Các văn bản và quy định sau đây`: a few words name what is listed)
_LISTED_AFTER = re.compile(r"[-+•*–\s\d.)a-zđ]{0,6}?(?:Các|Những)(?:\s+[^\W\d_]+){1,5}?\s+(?:sau\s+đây|sau)\b",
                           re.IGNORECASE)


LIST_REACH = 2000   # how far after its colon such a list may run
_NEXT_ARTICLE = re.compile(r"\n\s*(?:Điều|Chương|Mục)\s+\d")


def _listed_after(s: str, spans, starts, cue: re.Match) -> list[_Hit]:
    """The documents after the colon that ends such a clause, up to the end of its list."""
    colon = s.find(":", cue.end(), min(len(s), cue.end() + 200))
    if colon < 0:
        return []
    limit = min(len(s), colon + LIST_REACH)
    end = s.find("\n\n", colon, limit)
    end = limit if end < 0 else end
    heading = _NEXT_ARTICLE.search(s, colon, end)
    end = heading.start() if heading else end
    effect = _effect_of(cue.group(0), "passive")
    first, last = bisect.bisect_left(starts, colon), bisect.bisect_left(starts, end)
    hits, previous = [], colon + 1
    for start, stop, key in spans[first:last]:
        if start >= previous:   # not a document named inside the previous item
            hits.append(_Hit(key, effect, _item_scope(s, previous, start), colon, end, False, start))
        previous = max(previous, stop)
    return hits


def _item_scope(s: str, previous: int, at: int) -> str | None:
    """The part of the document at `at` that a list item names before it (`b) Điều 3 Nghị định số ...`)."""
    item = s[previous:at]
    item = item[item.rfind("\n") + 1:] if "\n" in item else item.lstrip(" ;,")
    item = item[_end_of(_patterns()["bullet"].match(item)):]
    found = _patterns()["scope"].fullmatch(item.strip())
    if not found:
        return None
    return _scope_text(found.group(0))


def _opening_objects(s: str, spans, starts, clause: int, verb: int):
    """The documents of a passive clause starting at `clause` whose verb is at `verb`: the first
    cited document, when only a bullet or the provisions it loses (`Các quy định tại khoản 1 Điều
    2`) stand before it, and those joined to it; None when the clause opens otherwise."""
    patterns = _patterns()
    first = bisect.bisect_left(starts, clause)
    if first >= len(spans) or spans[first][0] >= verb:
        return None
    opening = s[clause:spans[first][0]]
    opening = opening[_end_of(patterns["bullet"].match(opening)):]
    provisions = patterns["provisions"].fullmatch(opening)
    if opening and not provisions:
        return None
    scope = _scope_text(provisions.group("scope")) if provisions else None
    return [(spans[first][2], scope, spans[first][0]), *_joined(s, spans, starts, first, verb)]


# Where a list item or sentence starts, whatever the line breaks inside it
_ITEM_START = re.compile(rf"[.!?;:]\s+(?=[{UPPER}0-9“\"(])|\n(?=[ \t]*(?:\d{{1,2}}[.)]|[a-zđ][.)]|[-+•*]|Điều\s|Chương\s|Mục\s))|\|")


def _item_start(s: str, at: int) -> int:
    start = max(0, at - WINDOW)
    for match in _ITEM_START.finditer(s, start, at):
        start = match.end()
    return start


def _joined(s: str, spans, starts, first: int, end: int):
    """The documents joined to `spans[first]` by a list separator before `end` (`A và B hết hiệu lực`)."""
    found, previous = [], spans[first][1]
    for start, stop, key in spans[first + 1:]:
        if start >= end:
            break
        joined = _joins(s, s[previous:start])
        if joined is None:
            break
        if joined:
            found.append((key, None, start))
        previous = stop
    return found


def _summary_hits(s: str, document: dict | None, references) -> list[_Hit]:
    """`Sửa đổi, bổ sung một số điều của Thông tư số ...` as the document's summary (trích yếu)."""
    subject = (document or {}).get("subject") or ""
    patterns = _patterns()
    head = _end_of(patterns["subject_head"].match(subject))
    cue = patterns["cue"].match(subject, head)
    if not cue or not _acts_alone((document or {}).get("type")):
        return []
    folded = subject.casefold()
    spans = []
    for reference in references:
        if reference.code:
            at = folded.find(reference.code.casefold())
            if at >= 0:
                spans.append((at, at + len(reference.code), reference.key))
    spans.sort()
    located = re.search(r"\s+".join(re.escape(w) for w in subject.split()[:12]), s[:6000], re.IGNORECASE)
    start, end = (located.start(), located.start() + len(subject)) if located else (0, 0)
    end = min(end, len(s))
    effect = _effect_of(cue.group(0), "cues")
    return [_Hit(key, effect, scope, start, end, True, -1)
            for key, scope, _ in _objects(subject, cue.end(), len(subject), spans, [a for a, _, _ in spans])]


_UNSET = object()


def extract_effects(text: Text | str, references, document: dict | None = None, own=_UNSET) -> dict[str, Effect]:
    """What this document does to each cited document that it acts on, by reference key.

    `references` are `extract_references`'s, with their mentions; `document` the header's record
    (its summary, type and date); `own` its `entry_into_force`, when already found. A reference
    not in the result is only cited."""
    s = text.text if isinstance(text, Text) else text
    references = list(references)
    spans, starts = _spans(references)
    kind = (document or {}).get("type")
    folded = _folded(s)
    hits = (_summary_hits(s, document, references) + _active_hits(s, spans, starts, kind, folded)
            + _passive_hits(s, spans, starts, kind, folded))
    own = entry_into_force(s, document) if own is _UNSET else own
    effects: dict[str, Effect] = {}
    for key in dict.fromkeys(h.key for h in hits):
        mine = [h for h in hits if h.key == key]
        # the summary says what the document is for; then an effect on the whole document, then the first
        best = min(mine, key=lambda h: (not h.in_summary, h.scope is not None, h.at))
        same = [h for h in mine if h.effect == best.effect]
        scopes = list(dict.fromkeys(h.scope for h in same))
        scope = None if None in scopes else "; ".join(str(x) for x in scopes)
        effects[key] = Effect(key, best.effect, scope, _effective(s, best, own), best.start, best.end,
                              s[best.start:best.end])
    return effects


def _effective(s: str, hit: _Hit, own: EntryIntoForce | None) -> str | None:
    """A date the clause gives after the verb (`hết hiệu lực kể từ ngày 01/01/2025`), else the day
    this document enters into force (`kể từ ngày Thông tư này có hiệu lực`)."""
    patterns = _patterns()
    if not hit.in_summary and hit.at >= 0:
        found = patterns["from_date"].search(s, hit.at, hit.end)
        if found:
            return iso_date(found.group("date"))
    return own.date if own else None

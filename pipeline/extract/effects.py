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

The reading is split by meaning into modules imported one way: `effects_patterns` (the patterns
compiled from the data file, the verbs found from their first words, a clause's bounds),
`effects_objects` (whether this document is a verb's subject, the documents it acts on and their
scopes) and `effects_force` (the document's own entry into force). This module holds `Effect`,
finds the active, passive and summary clauses and joins their hits (`extract_effects`); the names
other modules import (`extract_effects`, `entry_into_force`, `EntryIntoForce`) are all here.

>>> from pipeline.read.text import Text
>>> from pipeline.extract.references import extract_references
>>> s = "Điều 3. Chỉ thị này thay thế Chỉ thị số 29/CT-TTg ngày 05/12/2012 của Thủ tướng Chính phủ."
>>> text = Text("x", "text", s, s, list(range(len(s) + 1)))
>>> [(e.key, e.effect) for e in extract_effects(text, extract_references(text)).values()]
[('29CTTTG', 'replaces')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..read.text import Text
from .effects_force import EntryIntoForce as EntryIntoForce  # re-exported for pipeline.record
from .effects_force import _force_matches as _force_matches  # re-exported for tests/test_effects.py
from .effects_force import entry_into_force as entry_into_force  # re-exported for pipeline.record
from .effects_objects import _acts, _acts_alone, _joins, _objects, _scope_text, _spans
from .effects_patterns import (
    UPPER,
    WINDOW,
    _clause_end,
    _clause_start,
    _effect_of,
    _end_of,
    _folded,
    _patterns,
    _quoted,
    _verbs,
    procedures_scope,
)
from .effects_patterns import _heads as _heads  # re-exported for tests/test_effects.py
from .lines import flowing, soft_newlines
from .references import iso_date


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
    acting: set[int] = set()   # the clauses where this document is a verb's subject
    for cue in _verbs(s, "cues", folded):
        if cue.end() > (starts[-1] if starts else 0) or _quoted(s, cue.start()):
            continue   # no citation after it, or the words of the document it amends
        found = _acting(s, cue, spans, starts, kind, acting)
        if found is None and soft_newlines(s):
            # a PDF's text layer wraps lines inside sentences (`... có số thứ tự 56 tại Tiểu mục I` / `Mục A
            # thuộc Phần I ... kèm theo Quyết định số ...`): the clause read again with those line ends as spaces
            found = _acting(flowing(s), cue, spans, starts, kind, acting)
        if found is None:
            continue
        clause, end, objects = found
        acting.add(clause)
        effect = _effect_of(cue.group(0), "cues")
        for key, scope, at in objects:
            hits.append(_Hit(key, effect, scope, clause, end, False, at))
    return hits


# a verb joined to the one before it in its clause (`Sửa đổi, bổ sung ... kèm theo Quyết định số 1821/QĐ-UBND
# ... và sửa đổi, bổ sung các thủ tục ... kèm theo Quyết định số 1566/QĐ-UBND`, `Bãi bỏ ... và thay thế ...`)
_JOINED_VERB = re.compile(r"(?:,?\s+và|,\s*đồng\s+thời)\s+$")


def _acting(s: str, cue: re.Match, spans, starts, kind: str | None, acting: set[int] | frozenset[int] = frozenset()):
    """(clause start, clause end, objects) of a verb this document is the subject of, or None: a
    verb `_acts` accepts, or one joined by `và` to a verb of its clause this document was the
    subject of."""
    clause = _clause_start(s, cue.start())
    joined = clause in acting and _JOINED_VERB.search(s, max(clause, cue.start() - 20), cue.start()) is not None
    if not joined and not _acts(s, clause, cue, starts, kind):
        return None
    end = _clause_end(s, cue.end())
    objects = _objects(s, cue.end(), end, spans, starts)
    return (clause, end, objects) if objects else None


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
    scope = (_scope_text(provisions.group("scope")) or procedures_scope(provisions)) if provisions else None
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

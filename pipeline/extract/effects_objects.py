"""Whether this document is a verb's subject, and the cited documents the verb acts on.

`_acts` reads what stands before a verb in its clause (a heading, a bullet, this document's own
name: `Quyết định này ... và`); `_acts_alone` and `_same_kind` tell which kinds of document act.
`_objects` finds the documents after a verb, with their scopes (`_scope_text` tidies one), joined
by `,`, `;`, `và` (`_joins`); `_spans` lists the references' mentions in the text's order.
"""
from __future__ import annotations

import bisect
import re

from .effects_patterns import _data, _end_of, _patterns, procedures_scope


def _acts(s: str, clause_start: int, cue: re.Match, cited: list[int], kind: str | None) -> bool:
    """This document is the verb's subject: nothing before it in its clause but a heading or
    bullet (the verb then starts with a capital: `Bãi bỏ`), or this document's own name
    (`Quyết định này có hiệu lực ... và`), or its own act joined by `và` (`Công bố ... và bãi bỏ`),
    and no citation."""
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
    if named is not None:
        return _same_kind(named.group("kind"), kind)
    own = patterns["own_act"].fullmatch(before)
    if own is None:
        return False
    return _acts_alone(kind) if own.group("act") else _same_kind(own.group("kind"), kind)


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
            scope = _scope_text(match.group("scope")) or procedures_scope(match)
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

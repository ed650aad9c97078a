"""Who leads and who supports a task, who is invited to a meeting, and the nearest named body where
the grammar finds no actor.

`_item_roles` reads the deadline's task item (`X chủ trì, phối hợp với Y`, a `Đơn vị phối hợp:`
line) into (lead, support); `_names` splits a list of bodies. A meeting's actor is who it invites:
the items of the `Thành phần mời:` / `Kính mời:` list above it (`_invited`), else a `kính mời X
(tham) dự` sentence (`_invited_in_a_sentence`). `_ner_actor` gives (actor, lead, support) from the
ORG spans (the naming rules', or a trained NER's) in the lines of the deadline's list item
(`_ner_window`).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .deadlines_actors import _LEAD_CUT, _NOT_ACTOR_BEFORE, FIELD_OF_SUPPORT, FIELD_OF_TASK
from .deadlines_items import _ITEM_START, ITEM_REACH, _dash_lines_below
from .deadlines_patterns import _COOPERATE, _VERBS, _line_start, _tidy

_LED_BY = re.compile(rf"\s+chủ\s+trì\b\s*,?\s*(?:{_COOPERATE}\s+(?:với\s+)?(?P<support>[^:;.\n]{{3,200}}))?", re.IGNORECASE)
# (a class of what a match can open with first: most offsets fail it at once)
_SUPPORT_LINE = re.compile(rf"(?=[ \t\-+•*–a-zđĐC]){FIELD_OF_SUPPORT.pattern}(?:[ \t]+thực[ \t]+hiện)?[ \t]*:"
                           r"[ \t]*(?P<support>[^\n]+)", re.IGNORECASE)


def _names(phrase: str | None, between: str = r";\s*|,\s*|\s+và\s+") -> tuple[str, ...]:
    return tuple(p for p in (_tidy(x.strip().rstrip(".")) for x in re.split(between, phrase or "")) if p)


def _item_roles(s: str, clause: tuple[int, int], anchor: int, actor: str) -> tuple[str | None, tuple[str, ...]] | None:
    """(lead, support) from the deadline's own task item: the actor followed by `chủ trì` (and
    `phối hợp với ...`), or a `Đơn vị phối hợp:` line; None when the item says neither."""
    lo = max(_ner_window(s, clause[0], anchor), anchor - ITEM_REACH)
    line_end = s.find("\n", clause[1], clause[1] + ITEM_REACH)   # an item's line, within reach
    hi = min(len(s), clause[1] + ITEM_REACH) if line_end < 0 else line_end
    below = list(_dash_lines_below(s, clause[1], ITEM_REACH))
    hi = below[-1][1] if below else hi
    item = s[lo:hi]
    at = item.find(actor)
    led = _LED_BY.match(item, at + len(actor)) if at >= 0 else None
    helpers = _SUPPORT_LINE.search(item)
    if not led and not helpers:
        return None
    if led and led.group("support"):   # `phối hợp với Sở A, Sở B và ...`: one body per name
        return actor, _names(led.group("support"))
    # a label's value lists groups whose names hold commas (`Các sở, ban, ngành; UBND các xã, phường`)
    return (actor if led else None), _names(helpers.group("support") if helpers else None, r";\s*")


# An invitation's list of who is invited: `2. Thành phần mời:` / `Kính mời:` and its `- ...` items
_INVITED = re.compile(r"(?im)^[ \t]*(?:\d+\.[ \t]*|[IVX]+\.[ \t]*|[-+•][ \t]*)?(?:Thành[ \t]+phần(?:[ \t]+(?:mời|dự[ \t]+họp|tham[ \t]+dự|"
                      r"tham[ \t]+gia))?|Kính[ \t]+mời)[ \t]*:[ \t]*(?P<inline>[^\n]*)")
_ITEM = re.compile(r"^[ \t]*[-+•*–][ \t]*(?P<item>.+)$")
_CHAIRS = re.compile(r":\s*chủ\s+trì|chủ\s+trì\W*$", re.IGNORECASE)   # who chairs is not invited
_NEXT_SECTION = re.compile(r"[ \t]*(?:[IVX]+\.|\d+\.[ \t]*(?:Nội[ \t]+dung|Thời[ \t]+gian|Địa[ \t]+điểm|Phân[ \t]+công|Tổ[ \t]+chức))",
                           re.IGNORECASE)
_PLACE_HEADING = re.compile(r"[ \t]*\d+\.[ \t]*Tại\b", re.IGNORECASE)   # `1. Tại điểm cầu của tỉnh:` groups invitees


INVITATION_REACH = 20_000   # how far above a meeting its invitation list may be


@lru_cache(maxsize=8)
def _invitation_lists(s: str) -> list[int]:
    """Where each invitation list of a text starts: found once per text, not once per meeting (a
    schedule of ten thousand rows would rescan its reach for each)."""
    return [m.start() for m in _INVITED.finditer(s)]


# a remark in brackets after who is invited, opening in lower case (`Lãnh đạo sở ... và Trung tâm CNTT Tây Bắc
# (các phòng ban thuộc Sở cử 01 lãnh đạo đại diện và 01 chuyên viên; ...)`, `(do Công an tỉnh mời)`): how they
# attend, not who; brackets that open with a capital name a body (`Trung tâm thông tin (Văn phòng UBND tỉnh)`)
_REMARK = re.compile(r"[ \t]*\((?=[ \t]*[^\W\d_])(?P<remark>[^()\n]{1,400})\)")


def _without_remarks(names: str) -> str:
    return _REMARK.sub(lambda m: "" if m["remark"].lstrip()[0].islower() else m.group(), names)


def _invited(s: str, at: int) -> str | None:
    """Who a meeting at `at` invites: the items of the last invitation list before it (the one who
    chairs, `... chủ trì`, left out), joined by `; `."""
    lists = _invitation_lists(s)
    last = bisect_left(lists, at) - 1
    if last < 0 or lists[last] < at - INVITATION_REACH:
        return None
    found = _INVITED.match(s, lists[last], at)   # (read up to the meeting, as the list's own line may hold it)
    if found is None:
        return None
    if found.group("inline").strip():
        return (_tidy(_without_remarks(found.group("inline"))) or "").rstrip(" ;.,") or None
    items: list[str] = []
    for line in s[found.end() + 1:at].split("\n"):
        item = _ITEM.match(line)
        if item:
            items.append(item.group("item"))
        elif _NEXT_SECTION.match(line) or (not items and line.strip() and not _PLACE_HEADING.match(line)):
            break
        elif items and line.strip() and not _PLACE_HEADING.match(line):
            items[-1] += " " + line.strip()    # an item wrapped onto the next line
    names = [" ".join(_without_remarks(i).split()).strip(" ;.,") for i in items if not _CHAIRS.search(i.rstrip(";. "))]
    return "; ".join(n for n in names if n) or None


# `Văn phòng Chính phủ trân trọng kính mời Lãnh đạo các Bộ, cơ quan, địa phương tham dự Hội nghị ...`
_INVITES = re.compile(r"(?<![\w])kính\s+mời\s+(?P<who>[^:;.]{3,200}?)\s+(?:đến\s+)?(?:tham\s+dự|dự)(?![\w])", re.IGNORECASE)
INVITING_REACH = 3_000   # how far above a meeting's time the sentence that invites may be


def _invited_in_a_sentence(s: str, at: int) -> str | None:
    """Who the last `kính mời X (tham) dự` before a meeting at `at` invites."""
    lo = max(0, at - INVITING_REACH)
    window = s[lo:at]
    if not any(word in window for word in ("mời", "Mời", "MỜI")):
        return None   # (the literal first: the pattern, case-blind, would be tried at every character)
    found = list(_INVITES.finditer(s, lo, at))
    return _tidy(found[-1].group("who")) if found else None


# --- ORG spans where the deadline grammar finds no actor ---------------------------------------

_SUPPORT_LABEL = re.compile(r"phối\s+hợp", re.IGNORECASE)


def _ner_window(s: str, clause_start: int, anchor: int) -> int:
    """Where to look for an actor: from the start of the list item holding the deadline (at most six
    lines or 600 characters up), so that `- Đơn vị chủ trì thực hiện: Sở Nội vụ.` above a
    `- Thời gian hoàn thành: ...` line is in reach."""
    lo = _line_start(s, clause_start)
    for _ in range(6):
        if lo == 0 or _ITEM_START.match(s, lo) and not FIELD_OF_TASK.match(s, lo) or anchor - lo > 600:
            break
        previous = _line_start(s, lo - 1)
        if anchor - previous > 600:
            break
        lo = previous
    return lo


# A notice's `1. Đối tượng: Sinh viên cao đẳng nghề khóa 1, 2 và học sinh ...` (its lines run on until a
# blank line or the next item): whom it concerns, who owes what it asks by its days
_AUDIENCE = re.compile(r"^[ \t]*(?:\d{1,2}[.)][ \t]*|[-–+•][ \t]*)?Đối[ \t]+tượng[ \t]*:[ \t]*"
                       r"(?P<who>[^\n]+(?:\n(?![ \t]*(?:\d{1,2}[.)]|[-–+•]|\n))[^\n]+)*)", re.MULTILINE)
MAX_AUDIENCE = 200


def audience(s: str) -> str | None:
    """Whom a notice concerns, from its `Đối tượng:` item (up to the item's first full stop), or None.

    >>> audience("1. Đối tượng: Toàn thể SV các khóa 07DH, 08DH; 17CD và học sinh\\nTHPT đang học tại trường.\\n\\n2. Các bước")
    'Toàn thể SV các khóa 07DH, 08DH; 17CD và học sinh THPT đang học tại trường'
    """
    found = _AUDIENCE.search(s)
    if found is None:
        return None
    who = re.split(r"\.(?=\s|$)", " ".join(found.group("who").split()), maxsplit=1)[0].strip(" ;,")
    return who if 0 < len(who) <= MAX_AUDIENCE else None


_ACTS = re.compile(rf"\s+(?-i:{_VERBS})(?![\w])")


def _ner_actor(s: str, clause_start: int, anchor: int, ner) -> tuple[str, str | None, tuple[str, ...], bool] | None:
    """(actor, lead, support) from ORG spans (the naming rules' by default, the trained NER's on
    request: `pipeline.record.actor_orgs`), for a deadline whose actor no rule found: the ORG nearest
    above the deadline, in its clause or in the lines of its list item, that is not the object of a
    preposition (`báo cáo về UBND tỉnh`) nor a supporting unit (`phối hợp với ...`). After a label
    (`Đơn vị thực hiện: Sở Khoa học và Công nghệ; UBND các xã`) the whole value is the actor;
    `X chủ trì, phối hợp với Y` gives the lead X and the support Y. `ner` gives the ORG spans of a
    text (`pipeline.record.actor_orgs`); None: the deadline grammar alone."""
    if ner is None:
        return None
    lo = _ner_window(s, clause_start, anchor)
    window = s[lo:anchor]
    if not window.strip():
        return None
    try:
        spans = ner(window)
    except (OSError, ValueError):  # an unreadable model: the rules alone
        return None
    candidates = []
    line_start, scanned, helper = 0, 0, None
    for start, end in sorted(spans):   # in text order, each line's start and `phối hợp` found once
        newline = window.rfind("\n", scanned, start)
        if newline >= 0 or scanned == 0:
            line_start = newline + 1
            line_end = window.find("\n", line_start)
            helper = _SUPPORT_LABEL.search(window, line_start, line_end if line_end >= 0 else len(window))
        scanned = max(scanned, start)
        # the words just before the name (a long line of names is read once, not once per name)
        if _NOT_ACTOR_BEFORE.search(window, max(line_start, start - 60), start) or (helper and helper.end() <= start):
            continue
        candidates.append((start, end, line_start))
    if not candidates:
        return None
    nearest = max(c[2] for c in candidates)  # the first ORG of the nearest line that has one
    start, end, line_start = next(c for c in candidates if c[2] == nearest)
    line_end = window.find("\n", start)
    line = window[start:line_end if line_end >= 0 else len(window)]
    actor = _tidy(window[start:end])
    lead = None
    support: tuple[str, ...] = ()
    labelled = re.search(r":\s*$", window[line_start:start]) is not None
    if labelled:  # a label's value: all of it, up to `chủ trì`
        value = _LEAD_CUT.split(line, maxsplit=1)[0]
        if len(value) <= 200:
            actor = _tidy(value) or actor
    lead_match = re.match(r"\s*chủ\s+trì\b", window[end:end + 12], re.IGNORECASE)
    if lead_match:
        lead = _tidy(window[start:end])
        rest = window[end:line_end if line_end >= 0 else len(window)]
        helper = re.search(r"phối\s+hợp", rest, re.IGNORECASE)
        if helper:
            offset = end + helper.end()
            support = tuple(p for p in (_tidy(window[a:b]) for a, b in spans if a >= offset and b <= end + len(rest)) if p)
    if actor is None:   # a span of punctuation alone names no one (and `_make` would split None)
        return None
    # whether the text says the name acts: a label's value, `X chủ trì`, a verb of its own after it
    # (`Cục Hải quan TP. Hồ Chí Minh hướng dẫn ...`), or in the span
    acts = labelled or lead_match is not None or _ACTS.match(window, end) is not None or _ACTS.search(window, start, end) is not None
    return actor, lead, support, acts

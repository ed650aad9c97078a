"""`pattern.finditer(s)` searched only near the rare words its matches must hold (speed only).

A case-insensitive pattern with alternatives at its start (`trước|chậm nhất|vào|...`) is tried at
every character of a document; most of its work is failing there. When every match holds a rarer
anchor (`tuần` for `vào thứ Sáu hàng tuần`) at a point P, and everything the match takes before P
is of a known kind (letters, digits, spaces), the matches can only start in the run of such
characters that ends at P: `finditer` tries `pattern.match` there and nowhere else, position by
position in text order as `re` does, and gives the same matches as `pattern.finditer(s)`.

>>> import re
>>> weekly = re.compile(r"(?:vào\\s+)?thứ\\s+\\w+\\s+hàng\\s+tuần", re.IGNORECASE)
>>> s = "Báo cáo vào thứ Sáu hàng tuần; họp vào thứ Hai hàng tuần."
>>> [m.group() for m in finditer(weekly, s, re.compile("tuần", re.IGNORECASE), WORDS_AND_SPACES)]
['vào thứ Sáu hàng tuần', 'vào thứ Hai hàng tuần']
>>> [m.group() for m in finditer(weekly, s, re.compile("tuần", re.IGNORECASE), WORDS_AND_SPACES)] == \\
...     [m.group() for m in weekly.finditer(s)]
True
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

WORDS_AND_SPACES = re.compile(r"[\w\s]")


@lru_cache(maxsize=2)
def _lowered(s: str) -> str:
    """The text in lower case, made once per document for all its anchors."""
    return s.lower()


@lru_cache(maxsize=64)
def _on_lowered(anchor: re.Pattern) -> re.Pattern | None:
    """A case-insensitive anchor with no capital in it, compiled case-sensitive to run over the
    lowered text: `re` scans for a literal only when case does not matter to it (a scan for
    `(?i)tuần` over the bench texts: 13 -> 3 ms). None for an anchor that cannot be."""
    if not anchor.flags & re.IGNORECASE or anchor.pattern != anchor.pattern.lower():
        return None
    return re.compile(anchor.pattern, anchor.flags & ~re.IGNORECASE)


def finditer(pattern: re.Pattern, s: str, anchor: re.Pattern, before: re.Pattern) -> Iterator[re.Match]:
    """The matches of `pattern.finditer(s)`, given that each match holds a point P where `anchor`
    matches, with every character from the match's start to P matched by `before` (one character).
    `pattern` must not match the empty string.

    Each position is tried at most once, in increasing order, so the cost stays linear: the run
    before an anchor is read back only to where the previous anchor's run was done."""
    done = 0    # positions below `done` are tried, or inside a match
    at = 0      # where the next anchor is looked for
    scanned, fast = s, _on_lowered(anchor)
    if fast is not None and len(lowered := _lowered(s)) == len(s):   # (`İ` lowers to two characters)
        scanned, anchor = lowered, fast
    while (found := anchor.search(scanned, at)) is not None:
        point = found.start()
        at = max(point + 1, done)   # every anchor point, overlapping ones too
        if point < done:
            continue
        start = point
        while start > done and before.match(s, start - 1):
            start -= 1
        while start <= point:
            match = pattern.match(s, start)
            if match is None:
                start += 1
                continue
            yield match
            start = max(match.end(), start + 1)
        done = start

"""What the extractors' pattern tables share: a list of words as one regex alternation (and as one
that is quick to scan for), and the places of a literal (looked for before a regex is tried there)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def alternation(words) -> str:
    """Longest first (a longer name wins over its prefix); a space matches any run of white space
    (PDF lines break inside names); each word once, in a stable order."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def word_alternation(forms, literal: Callable[[str], str], before: str = r"[\w]", ignorecase: bool = False) -> str:
    r"""`(?<!{before})(?:{literal(f1)}|{literal(f2)}|...)`: the same matches, written so that `re` scans
    for it quickly. Python's `re` tries a pattern that opens with a look-behind, or with a long
    alternation, at every offset of the text; here a class of the forms' first letters opens it (a
    look-ahead that fails most offsets in one test) and the look-behind follows each form's first
    letter, with the forms grouped by that letter in their order:
    `(?=[PG])(?:P(?<![\w]P)(?:HÓ GIÁM ĐỐC|...)|G(?<![\w]G)(?:IÁM ĐỐC|...))`. Over a body's text,
    3 to 7 times faster than the plain form. No two groups can match at one offset, so the order
    of the forms within a letter is the order that matters (longest first, as given). With
    `ignorecase` the forms match in any case, whatever the flags of the pattern around them.

    >>> pattern = re.compile(word_alternation(["Sở Y tế", "Sở", "Ban"], re.escape, ignorecase=True))
    >>> [m.group() for m in pattern.finditer("SỞ Y TẾ, ban và Bộ; Vở")]
    ['SỞ Y TẾ', 'ban']
    """
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0].lower() if ignorecase else form[0], []).append(form)
    firsts = "".join(re.escape(first) for first in groups)
    body = "|".join(f"{re.escape(first)}(?<!{before}{re.escape(first)})(?:{'|'.join(literal(f[1:]) for f in group)})"
                    for first, group in ((group[0][0], group) for group in groups.values()))
    pattern = f"(?=[{firsts}])(?:{body})"
    return f"(?i:{pattern})" if ignorecase else pattern


def find_all(s: str, literal: str):
    """Every place `literal` starts in `s`, left to right (overlapping ones too)."""
    index = s.find(literal)
    while index != -1:
        yield index
        index = s.find(literal, index + 1)


def at_literals(pattern: re.Pattern, s: str, literals: tuple[str, ...], more: Iterable[int] = ()):
    """`pattern.match` only where one of its leading literals stands (or at the offsets `more`): a cheap
    pre-filter (eyecite does the same), since a scan with a leading alternation is slow in Python's re."""
    positions = sorted({i for literal in literals for i in find_all(s, literal)}.union(more))
    last_end = 0
    for position in positions:
        if position < last_end:
            continue
        match = pattern.match(s, position)
        if match:
            last_end = match.end() if match.end() > position else position + 1
            yield match

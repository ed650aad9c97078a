"""What the extractors' pattern tables share: a list of words as one regex alternation, and the
places of a literal (looked for before a regex is tried there)."""
from __future__ import annotations

import re


def alternation(words) -> str:
    """Longest first (a longer name wins over its prefix); a space matches any run of white space
    (PDF lines break inside names); each word once, in a stable order."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def find_all(s: str, literal: str):
    """Every place `literal` starts in `s`, left to right (overlapping ones too)."""
    index = s.find(literal)
    while index != -1:
        yield index
        index = s.find(literal, index + 1)

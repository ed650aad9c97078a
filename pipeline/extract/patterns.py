"""What the extractors' pattern tables share: a list of words as one regex alternation."""
from __future__ import annotations

import re


def alternation(words) -> str:
    """Longest first (a longer name wins over its prefix); a space matches any run of white space
    (PDF lines break inside names); each word once, in a stable order."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(dict.fromkeys(words), key=len, reverse=True))

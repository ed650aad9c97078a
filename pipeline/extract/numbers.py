"""Numbers written in words, as laws write them (`ba mươi lăm phần trăm`, `một trăm phần trăm`,
`mười lăm ngày`): the one grammar for them, from 0 to 999.

>>> words_value("ba mươi lăm")
35
>>> words_value("một trăm linh năm")
105
>>> [(m.group(), words_value(m.group("words"))) for m in NUMBER_WORDS_PERCENT.finditer("có ít nhất ba mươi lăm phần trăm là phụ nữ")]
[('ba mươi lăm phần trăm', 35)]
"""
from __future__ import annotations

import re

from .patterns import find_all

DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
          "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_WORD = r"(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ)"
# A run of number words; the first is one a number can begin with (not `mươi`, `lăm`, `mốt`, `tư`).
NUMBER_WORDS = re.compile(rf"(?<![\w])(?:không|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)(?:\s+{_WORD})*(?![\w])",
                          re.IGNORECASE)
# A share written in words: `ba mươi lăm phần trăm`.
NUMBER_WORDS_PERCENT = re.compile(rf"(?<![\w])(?P<words>(?:không|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)"
                                  rf"(?:\s+{_WORD})*)\s+phần\s+trăm(?![\w])", re.IGNORECASE)


def _below_hundred(words: list[str]) -> int | None:
    """`mười lăm` 15, `ba mươi mốt` 31, `chín` 9, `mười` 10; None for what is no number."""
    if not words:
        return 0
    if words[0] == "mười":
        rest = words[1:]
        if len(rest) > 1 or (rest and rest[0] not in DIGITS):
            return None
        return 10 + (DIGITS[rest[0]] if rest else 0)
    if words[0] not in DIGITS:
        return None
    if len(words) == 1:
        return DIGITS[words[0]]
    if words[1] != "mươi" or len(words) > 3 or (len(words) == 3 and words[2] not in DIGITS):
        return None
    return DIGITS[words[0]] * 10 + (DIGITS[words[2]] if len(words) == 3 else 0)


def words_value(text: str) -> int | None:
    """The value of a number written in words (`hai mươi lăm` 25, `một trăm` 100, `ba trăm lẻ tư` 304),
    None when the words make no number (`mươi ba`, `một hai`)."""
    words = text.lower().split()
    hundreds = 0
    if "trăm" in words:
        at = words.index("trăm")
        if at != 1 or words[0] not in DIGITS:
            return None
        hundreds = DIGITS[words[0]] * 100
        words = words[at + 1:]
        if words and words[0] in ("linh", "lẻ"):
            words = words[1:]
            if len(words) != 1 or words[0] not in DIGITS:
                return None
    rest = _below_hundred(words)
    return None if rest is None else hundreds + rest


def percents_in_words(s: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of each share written in words in `s` (`ba mươi lăm phần trăm`: 35), its span
    from the first number word to `trăm`. A word before the number that reads as one (`năm` the year:
    `trong năm hai mươi phần trăm`) is left out: the longest tail of the run that is a number counts."""
    found = []
    for m in _at_percent_words(s):
        words = list(re.finditer(r"\S+", m.group("words")))
        for first in range(len(words)):
            value = words_value(m.group("words")[words[first].start():])
            if value is not None:
                if 0 < value <= 100:
                    found.append((m.start("words") + words[first].start(), m.end(), value))
                break
    return found


WORDS_REACH = 80   # how far before `phần trăm` its number's words are read (six words take 40)


def _at_percent_words(s: str):
    """`NUMBER_WORDS_PERCENT`'s matches, each read in a window ending at a `phần trăm` found as a literal:
    the number words are common syllables (`ba`, `năm`), a scan of the whole text for them is slow."""
    folded = s.lower() if "Phần" in s or "PHẦN" in s else s
    for at in find_all(folded, "phần trăm"):
        end = at + len("phần trăm")
        for m in NUMBER_WORDS_PERCENT.finditer(s, max(0, at - WORDS_REACH), end + 1):
            if m.end() == end:   # the words of this `phần trăm`, not of one before it in the window
                yield m

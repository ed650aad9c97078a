"""Folding for search and comparison: no diacritics, `đ` -> `d`, casefolded, one character for
one character (so an offset in the folded text points at the same characters in the original).

>>> fold("Chỉ thị số 19/CT-TTg của Đảng")
'chi thi so 19/ct-ttg cua dang'
"""
from __future__ import annotations

import unicodedata


class _FoldTable(dict):
    """For `str.translate`: code point -> one folded character, computed once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            folded = "d"
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            folded = base.casefold() if len(base) == 1 else char
            if len(folded) != 1:
                folded = base.lower() if len(base) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Diacritics removed, `đ` -> `d`, casefolded; `len(fold(s)) == len(s)`, so an offset found
    in the folded text points at the same characters in the original."""
    return text.translate(_FOLD)

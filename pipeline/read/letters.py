"""The letters of each case, as regex class bodies (`[{UPPER}]`, `[{LOWER}]`).

In Unicode the marked Latin letters of both cases interleave (U+1EA0 `Ạ`, U+1EA1 `ạ`, ...), so a
range from `à` to `ỹ` holds capitals too (`Ủ`, `Ấ`): the classes are built letter by letter instead.
The readers use them to join words broken at a line end; the extractors for names and codes.
"""
from __future__ import annotations

import unicodedata

# Upper-case Latin letters with Vietnamese diacritics (Ă Â Đ Ê Ô Ơ Ư and the toned ones).
UPPER = "A-Z" + "".join(
    sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.isupper() and c.lower() != c})
)
LOWER = "a-z" + "".join(sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.islower()}))

# The signing prefixes of a signature block (`TM.` thay mặt, `KT.` ký thay, `TL.` thừa lệnh, `TUQ.`
# thừa ủy quyền, `Q.` quyền), as a regex alternation.
SIGNING_PREFIXES = "TM|KT|TL|TUQ|Q"


# The combining marks of Unicode's first block (every Vietnamese tone and vowel mark is among them),
# dropped by one `str.translate`; any other mark is looked up one by one
_MARKS = dict.fromkeys(c for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))


def fold(syllable: str) -> str:
    """A syllable's letters without any mark: `Đồng` -> `dong`. The one folding of letters without
    marks: the extractors read titles and names by it, the OCR repairs look syllables up by it.

    >>> fold("Đồng Nai")
    'dong nai'
    """
    decomposed = unicodedata.normalize("NFD", syllable.casefold().replace("đ", "d")).translate(_MARKS)
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))

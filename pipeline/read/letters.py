"""The letters of each case, as regex class bodies (`[{UPPER}]`, `[{LOWER}]`).

In Unicode the marked Latin letters of both cases interleave (U+1EA0 `Ạ`, U+1EA1 `ạ`, ...), so a
range from `à` to `ỹ` holds capitals too (`Ủ`, `Ấ`): the classes are built letter by letter instead.
The readers use them to join words broken at a line end; the extractors for names and codes.
"""
from __future__ import annotations

# Upper-case Latin letters with Vietnamese diacritics (Ă Â Đ Ê Ô Ơ Ư and the toned ones).
UPPER = "A-Z" + "".join(
    sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.isupper() and c.lower() != c})
)
LOWER = "a-z" + "".join(sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.islower()}))

# The signing prefixes of a signature block (`TM.` thay mặt, `KT.` ký thay, `TL.` thừa lệnh, `TUQ.`
# thừa ủy quyền, `Q.` quyền), as a regex alternation.
SIGNING_PREFIXES = "TM|KT|TL|TUQ|Q"

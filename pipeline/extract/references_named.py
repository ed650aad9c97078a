"""Citations by a unique name that are not laws: the Constitution (`Hiến pháp năm 2013`), the
international instruments (`Công ước của Liên hợp quốc về quyền trẻ em`) and the Party's congresses'
and plenums' resolutions (`Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng`)."""
from __future__ import annotations

import re

from .patterns import at_literals
from .references_facts import Mention, Reference
from .references_issuers import Context, resolve_issuer
from .references_merge import _title_key
from .references_patterns import _patterns
from .references_relations import relation_at

_INSTRUMENT_YEAR = re.compile(r"\s*(?:\(\s*)?(?:năm\s+)?(\d{4})\b")


def named_documents(s: str, context: Context, starts: list[int]) -> list[Reference]:
    """The documents cited by a unique name that are not laws: the Constitution, the international
    instruments, a Party congress's or plenum's resolution and documents."""
    patterns = _patterns()
    found = []
    for match in at_literals(patterns["constitution"], s, ("Hiến pháp",)):
        if not (match.group("year") or match.group("full")):
            continue   # `trong Hiến pháp và hệ thống pháp luật`: the constitution in general, no citation
        year = int(match.group("year")) if match.group("year") else None
        mention = Mention(match.start(), match.end(), match.group(0))
        title = " ".join(match.group(0).split())
        found.append(Reference(_title_key("Hiến pháp", ""), "Hiến pháp", None, title, None, "Quốc hội", year,
                            relation_at(s, match.start(), starts), (mention,)))
    for match in at_literals(patterns["instrument"], s, ("Công ước", "Tuyên ngôn", "Hiến chương")):
        kind = " ".join(match.group("kind").split())
        name = " ".join(match.group("name").split())
        name = "Liên hợp quốc" if name == "LHQ" else name
        year_match = _INSTRUMENT_YEAR.match(s, match.end())
        mention = Mention(match.start(), match.end(), s[match.start():match.end()])
        found.append(Reference(_title_key(kind, name), kind, None, f"{kind} {name}", None, "Liên hợp quốc",
                               int(year_match.group(1)) if year_match else None,
                               relation_at(s, match.start(), starts), (mention,)))
    for match in at_literals(patterns["party_resolution"], s, ("Nghị quyết", "Văn kiện")):
        title = body = " ".join(match.group(0).split())   # as written, `của Đảng` too (ANNOTATION's example)
        issuer: str | None
        if match.group("plenum"):
            issuer = "Ban Chấp hành Trung ương Đảng"
        elif re.search(r"Đảng\s+bộ", match.group("congress") or ""):
            place = re.search(r"Đảng\s+bộ\s+(.*?)\s+lần", body)
            issuer = resolve_issuer("Đảng bộ " + place.group(1), context) if place else None
        else:
            issuer = "Đảng Cộng sản Việt Nam"
        mention = Mention(match.start(), match.end(), s[match.start():match.end()])
        # `Đại hội đại biểu Đảng bộ tỉnh X lần thứ XIV` and `Đại hội Đảng bộ tỉnh X lần thứ XIV` are one congress
        kind = " ".join(match.group("kind").split())
        key = _title_key(kind, re.sub(r"(?<=Đại hội )đại biểu (?=Đảng bộ)", "", title))
        found.append(Reference(key, kind, None, title, None, issuer, None,
                            relation_at(s, match.start(), starts), (mention,)))
    return found

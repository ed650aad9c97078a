"""The head of a precedent (án lệ), which has none of a dispatch's header: no issuing body's column, no
place-and-date line, no signature. It opens with its number and, often, its summary; the next
sentence says who adopted it and on which day:

    Án lệ số 02/2016/AL                                    (or `ÁN LỆ SỐ 40/2021/AL¹`, a footnote mark)
    [về công nhận ...  |  Về công nhận ... on the next line]
    Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 06 tháng 4 năm 2016 và được công bố
    theo Quyết định số 220/QĐ-CA ...

The precedent's date is its adoption's (as a law's is, when the gazette prints no date line); a
session of several days (`vào các ngày 01, 02, 03 tháng 02 năm 2023`) adopts it on the last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.codes import Code, parse_code
from pipeline.extract.dates import parse_date
from pipeline.extract.header_facts import Fact, _fact

# only at the very start of the text: a precedent quoted inside another document is no head
_PRECEDENT_HEAD = re.compile(
    r"[ \t\n|*#]*(?P<type>Án[ \t]+lệ|ÁN[ \t]+LỆ)[ \t]+(?:số|SỐ)[ \t]+(?P<code>\d{1,3}/\d{4}/AL)\d?(?![\w/])"
    r"(?:[ \t]+(?P<inline>về[^\n]{3,400})|[ \t]*\n[ \t]*(?P<below>Về[ \t][^\n]{3,400}(?:\n(?![ \t]*Được[ \t])[^\n]{1,400}){0,3}))?"
    r"\s*\n[ \t]*Được\s+(?P<issuer>[^\n,.;]{5,120}?)\s+thông\s+qua\s+(?:vào\s+)?(?:các\s+)?ngày\s+"
    r"(?:\d{1,2}\s*[,;]\s*|\d{1,2}\s+và\s+)*(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")


@dataclass(frozen=True)
class PrecedentHead:
    code: Fact
    code_parts: Code
    type: Fact
    issuer: Fact
    date: Fact
    subject: Fact | None


def precedent_head(s: str) -> PrecedentHead | None:
    """The head of a precedent, when the text opens with one; else None.

    >>> head = precedent_head("Án lệ số 07/2016/AL về công nhận hợp đồng mua bán nhà.\\n"
    ...                       "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 03 tháng 10 năm 2016 và")
    >>> head.code.value, head.date.value, head.issuer.value, head.subject.value
    ('07/2016/AL', '2016-10-03', 'Hội đồng Thẩm phán Tòa án nhân dân tối cao', 'Về công nhận hợp đồng mua bán nhà')
    """
    found = _PRECEDENT_HEAD.match(s, 0, min(len(s), 3000))
    if not found:
        return None
    code_parts = parse_code(found.group("code"))
    day = parse_date(found.group("date"))
    if code_parts is None or day is None or day.kind != "date":
        return None
    subject = None
    which = "inline" if found.group("inline") else "below" if found.group("below") else None
    if which:
        summary = " ".join(found.group(which).split()).rstrip(" .")
        subject = _fact(s, found.start(which), found.end(which), summary[:1].upper() + summary[1:])
    return PrecedentHead(
        code=_fact(s, found.start("code"), found.end("code"), code_parts.text),
        code_parts=code_parts,
        type=_fact(s, found.start("type"), found.end("type"), "Án lệ"),
        issuer=_fact(s, found.start("issuer"), found.end("issuer"), " ".join(found.group("issuer").split())),
        date=_fact(s, found.start("date"), found.end("date"), day.value),
        subject=subject,
    )

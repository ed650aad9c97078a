"""Where the header's parts lie, and the values read at its fixed cues: the received stamp, the
number, the place and date.

An incoming stamp (`VĂN BẢN ĐẾN ... Số 6473 Ngày 06/08/2021`) is read and kept out of the way;
where the document itself begins (site text and stamps before it skipped, the issuer's lines above
the motto or the number taken in, even with a signing stamp's lines between); the number and symbol
(`Số: 12/2025/QĐ-UBND`, read as a `Code`); the place and date line in ISO form, its unreadable
handwritten day taken from the signature stamp; and where the body begins (`Kính gửi`, `Căn cứ`...),
which closes the header's region.
"""
from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.codes import Code, parse_code
from pipeline.extract.header_facts import _fact
from pipeline.extract.header_issuer import _expand
from pipeline.extract.header_patterns import _first, _is_upper_text, _line_start, _patterns


def _code_from(m: re.Match) -> Code | None:
    if m.group("b_type"):
        return Code(None, None, m.group("b_type"), tuple(re.split(r"\s*-\s*", m.group("b_issuer"))),
                    f"-{m.group('b_type')}/{m.group('b_issuer')}")
    return parse_code(re.sub(r"\s+", "", m.group("code")) if not m.group("p_type") else m.group("code"))


def _iso(m: re.Match) -> str | None:
    y = m.group("y") or m.group("y2")
    mo = (m.group("m") or m.group("m2") or "").replace(" ", "")
    d = (m.group("d") or "").replace(" ", "")
    if not y:
        return None
    if mo and 1 <= int(mo) <= 12:
        if d and 1 <= int(d) <= 31:
            return f"{y}-{int(mo):02d}-{int(d):02d}"
        return f"{y}-{int(mo):02d}"
    return y


# The VGCA signature stamp's time: `Thời gian ký: 07.01.2025 10:09:57 +07:00`, `11/05/2021 11:26:39`
_SIGNING_TIME = re.compile(r"(?<![\d/.])(\d{1,2})[./](\d{1,2})[./](\d{4})[ ]{1,3}\d{1,2}:\d{2}:\d{2}")


def _stamped_days(s: str) -> list[dt.date]:
    """The days the signature stamps of `s` date (`Thời gian ký: 07.01.2025 10:09:57`), those that are days."""
    days = []
    for m in _SIGNING_TIME.finditer(s):
        try:
            days.append(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    return days


def _signing_day(s: str, month: str) -> str | None:
    """The first day a signature stamp dates in `month` (`2025-01`): a document is dated on or before
    every signature stamped on it, and its issuer signs it before a gazette or portal publishes it
    (`Ký bởi: Ủy ban nhân dân tỉnh ... 07/02/2025` before `TRUNG TÂM CÔNG BÁO ... 10.02.2025`)."""
    return min((day.isoformat() for day in _stamped_days(s) if day.isoformat()[:7] == month), default=None)


def _signing_month(s: str, year: str, day: int) -> str | None:
    """The date of a document whose month is handwritten and unread (`ngày 06 tháng 40 năm 2025`):
    a document is dated on or before every signature stamped on it (its signer's, a portal's that
    received it), and within a month of the first; so the printed day falls in the first stamp's
    month when it is not after the stamp's day, else in the month before."""
    stamps = _stamped_days(s)
    if not stamps or not 1 <= day <= 31:
        return None
    first = min(stamps)
    month = dt.date(first.year, first.month, 1)
    if day > first.day:
        month = (month - dt.timedelta(days=1)).replace(day=1)
    if str(month.year) != year:
        return None
    try:
        return month.replace(day=day).isoformat()
    except ValueError:   # the 31st of a month of 30 days: no such day
        return None


# A government portal's signature on a scan (`Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ` ...
# `Thời gian ký: 06.10.2025 16:20:48`): the portal received the paper, stamped it ĐẾN, scanned and
# signed it, so on a scan its signing day is the day received (the ĐẾN stamp's own date is written
# in ink). A born-digital PDF the portal signs was never stamped, and is no receipt.
# (its marks as OCR bends them: `CÓNG THÔNG TIN ĐIỆN TỪ`, `lgười ký`)
_PORTAL_SIGNATURE = re.compile(r"ký\s*:\s*C\w{2,3}\s+TH\w{2,3}\s+TIN\s+Đ\w{2,4}\s+T\w{1,2}\b", re.IGNORECASE)


def _portal_receipt(s: str):
    """The day a portal's signature stamp at the top of a scan dates, as a Fact, or None."""
    portal = _PORTAL_SIGNATURE.search(s, 0, min(len(s), 1500))
    if not portal:
        return None
    # its time follows it, or comes first where OCR missed it and the stamp's own line was put on top
    time = _SIGNING_TIME.search(s, portal.end(), min(len(s), portal.end() + 300)) or \
        _SIGNING_TIME.search(s, max(0, portal.start() - 300), portal.start())
    if not time:
        return None
    day, month, year = int(time.group(1)), int(time.group(2)), time.group(3)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _fact(s, time.start(), time.start(3) + 4, f"{year}-{month:02d}-{day:02d}")


def _received(s: str):
    m = _patterns()["received"].search(s, 0, min(len(s), 1500))
    if not m:
        return None, None, None
    number = _fact(s, m.start("number"), m.end("number"), m.group("number"))
    date = None
    if m.group("date"):
        d, mo, y = re.split(r"[/.-]", m.group("date"))
        if len(y) == 2:
            y = "20" + y
        date = _fact(s, m.start("date"), m.end("date"), f"{y}-{int(mo):02d}-{int(d):02d}")
    return number, date, (m.start(), m.end())


def _document_start(s: str, motto: re.Match | None, stamp) -> int:
    """Where the document itself begins: site text and stamps before it are skipped."""
    p = _patterns()
    first_code = _first(p["code"], s, 0, min(len(s), 4000), avoid=stamp)
    candidates = [m.start() for m in (motto, first_code) if m]
    if not candidates:
        date_m = p["place_date"].search(s, 0, min(len(s), 4000))
        return _line_start(s, date_m.start()) if date_m else 0
    start = _line_start(s, min(candidates))
    # walk back over header lines (a body name, a mark) at most 8 lines
    i = start
    for _ in range(8):
        if i == 0:
            break
        prev = _line_start(s, i - 1)
        line = s[prev:i - 1]
        stripped = p["decor"].sub(" ", p["mark"].sub(" ", line)).strip(" /*")
        if not any(c.isalpha() for c in stripped):
            i = prev
            continue
        if _is_upper_text(stripped) and p["head"].match(_expand(stripped)):
            start = i = prev
            continue
        if _is_upper_text(stripped) and len(stripped) < 80:
            i = prev
            continue
        if _NUMBER_LINE.match(stripped):   # `Số: O{_ /TTr-UBND`: a handwritten number OCR cannot read
            i = prev
            continue
        break
    if start == _line_start(s, min(candidates)):
        start = _head_above_stamp(s, start)
    return start


def _head_above_stamp(s: str, start: int) -> int:
    """The issuer's first line above a signing stamp's lines that OCR put between it and the motto
    (`ỦY BAN NHÂN DÂN` / `TỈNH QUẢNG NGÃI` / `Cơ quan: Tỉnh Quảng Ngãi` / `07.01.2025 10:44:25` /
    `CỘNG HÒA ...`): up to 12 short lines back, the topmost line that opens with a body's name."""
    p = _patterns()
    i = found = start
    for _ in range(12):
        if i == 0:
            break
        prev = _line_start(s, i - 1)
        line = s[prev:i - 1].strip(" |*")
        if len(line) > 60:
            break
        if _is_upper_text(line) and p["head"].match(_expand(line)):
            found = prev
        i = prev
    return found


_NUMBER_LINE = re.compile(r"(?:Số|SỐ)\s*[:.]?.{0,40}$")


BODY_REACH = 3000   # how far below the header the body's first words are looked for


def _body_start(s: str, anchor: int, kg: re.Match | None) -> int:
    """Where the body begins: its first cue (`Căn cứ`, `Thực hiện`, ...) or `Kính gửi`. A chỉ thị
    or a letter that opens in plain prose has neither: its body is taken to begin within
    `BODY_REACH` of the header, so that the signature and the nơi nhận at its end are still read."""
    p = _patterns()
    end = min(len(s), anchor + BODY_REACH)
    cue = p["body_cue"].search(s, anchor, min(len(s), anchor + BODY_REACH))
    if cue:
        end = cue.start()
    if kg and kg.start() < end:
        end = kg.start()
    return end

"""Dated deadlines: what makes a date in the text a deadline, and which day it falls on.

`document_date` is the document's own year and day (its place-and-date line): a one-off date
before it is dropped, a date without a year takes its year. `_date_cue` finds what makes a date a
deadline (a `before` cue of the table, a meeting's time, a row of a schedule), `_excluded` the cues
that look right but are not deadlines (a condition of a rule, a statistic, a law's date with no
action around it), `_due_day` the day (or the yearly rule) it falls on; `_time_before` and
`_time_after` take in a clock time next to the date.
"""
from __future__ import annotations

import datetime as dt
import re

from .dates import DateMention
from .deadlines_patterns import _FLAGS, _Cues
from .deadlines_recurrence import _yearly_near
from .tasks import CELL, in_a_row, time_cell

_PLACE_DATE = re.compile(r"[^\W\d][\w .'-]{1,40},\s*ngày\s+(?P<d>\d{1,2}|[._…\s]*)\s*tháng\s+(?P<m>\d{1,2}|[._…\s]*)"
                         r"\s*năm\s+(?P<y>\d{4})", re.IGNORECASE)


def document_date(s: str) -> tuple[int | None, dt.date | None]:
    """(year, earliest possible day) of the document from its place-and-date line (`Điện Biên, ngày 05 tháng 8 năm 2021`).

    A draft with blanks (`ngày tháng 02 năm 2026`) gives the first day of what is printed."""
    match = _PLACE_DATE.search(s, 0, min(len(s), 4000))
    if not match:
        return None, None
    year = int(match.group("y"))
    month = int(match.group("m")) if match.group("m").strip(" ._…").isdigit() else None
    day = int(match.group("d")) if match.group("d").strip(" ._…").isdigit() else None
    try:
        return year, dt.date(year, month or 1, day or 1)
    except ValueError:
        return year, None


def _time_before(s: str, mentions: list[DateMention], i: int) -> DateMention | None:
    """A clock time right before mention i (`14 giờ, ngày 08 tháng 10 năm 2025`)."""
    if i == 0:
        return None
    prev = mentions[i - 1]
    if prev.kind == "time" and re.fullmatch(r"[\s,]*(?:\(|-|–)?\s*(?:ngày\s*)?", s[prev.end:mentions[i].start]):
        return prev
    return None


def _time_after(s: str, mentions: list[DateMention], i: int) -> DateMention | None:
    """A clock time right after mention i (`ngày 22/01/2026, lúc 14 giờ 00`)."""
    if i + 1 >= len(mentions):
        return None
    nxt = mentions[i + 1]
    if nxt.kind == "time" and re.fullmatch(r"\s*(?:\([^)]{0,20}\))?\s*[,-]?\s*(?:vào\s+)?(?:lúc|từ)\s*",
                                           s[mentions[i].end:nxt.start], re.IGNORECASE):
        return nxt
    return None


MEETING_REACH = 200   # how far before a timed date's clause the meeting it may be is spoken of


def _date_cue(s: str, c: _Cues, mentions: list[DateMention], i: int, time_mention: DateMention | None,
              clause: tuple[int, int], left: str) -> tuple[str, str, re.Match | None, int | None] | None:
    """What makes `mentions[i]` a deadline: (the cue's name, the deadline's kind, the cue at the end of
    `left`, the year of the schedule whose row it is); None when nothing does."""
    mention = mentions[i]
    lowered = left.lower()
    for name, kind, pattern, needs, words in c.before:
        # the cue's words before the pattern: a search ending at `$` tries every start in the window
        if not any(word in lowered for word in words):
            continue
        cue = pattern.search(left)
        if cue is None:
            continue
        if needs == "meeting" and not (c.meeting.search(s[clause[0]:clause[1]]) or time_mention
                                       or _time_after(s, mentions, i)):
            continue
        # a bare `lúc 17 giờ ngày ...` is a meeting only where one is spoken of: a report's facts
        # are timed the same way (`mực nước tại Thái Nguyên lúc 17 giờ ngày 07/10/2025 vượt báo động`)
        if needs == "meeting_word" and not c.meeting.search(s[max(0, clause[0] - MEETING_REACH):clause[1]]):
            continue
        if (name == "range_end" or needs == "day") and mention.kind != "date":
            continue   # (`gửi ... trong ngày 30/4` is due that day; `trong tháng 4` is a period's)
        return name, kind, cue, None
    # a time and a date with no cue: a meeting when the sentence speaks of one, or a row of a
    # schedule (`... | Từ 20 giờ 15 phút ngày 23 tháng 1` under `Thời gian (Năm 2026)`)
    after = _time_after(s, mentions, i)
    scheduled, header_year, tasked = time_cell(s, mention.start) if in_a_row(s, mention.start) else (False, None, False)
    if (time_mention or after) and (scheduled or mention.complete and c.meeting.search(
            s[max(0, clause[0] - MEETING_REACH):clause[1]])):
        return "time", "event", None, header_year
    # a task table's row gives its task one deadline, the last day in its time cell (`Thời gian
    # (hạn cuối)`: `25/05/2015`; `06/07/2015- 11/07/2015`)
    if tasked and mention.kind == "date" and _last_in_cell(s, mentions, i):
        return "task_row", "due", None, header_year
    return None


def _last_in_cell(s: str, mentions: list[DateMention], i: int) -> bool:
    """Whether no date follows `mentions[i]` in its table cell."""
    if i + 1 >= len(mentions):
        return True
    between = s[mentions[i].end:mentions[i + 1].start]
    return CELL in between or "\n" in between


def _due_day(s: str, clause: tuple[int, int], mention: DateMention, end: int, header_year: int | None,
             doc_year: int | None, doc_day: dt.date | None,
             grace: dt.timedelta = dt.timedelta(0)) -> tuple[str | None, str | None, int] | None:
    """(date, recurrence, end of the phrase) of a dated deadline. A date without a year recurs yearly
    (`ngày 15/12 hằng năm`, the phrase taking the marker in) or takes the schedule's year, else the
    document's (the next one when the day is past). None: no deadline (a date past by more than
    `grace`, no year known)."""
    if mention.kind == "date" and mention.year is None:
        if _yearly_near(s, clause, mention.start):
            recurrence = f"FREQ=YEARLY;BYMONTH={mention.month};BYMONTHDAY={mention.day}"
            marker = re.match(r"\s*(?:hàng|hằng|mỗi)\s+năm", s[end:end + 20], _FLAGS)
            return None, recurrence, (end + marker.end() if marker else end)
        if header_year:   # the schedule's own year
            last = mention.with_year(header_year).last_day()
            return (last.isoformat() if last else None), None, end
        if doc_year:
            filled = mention.with_year(doc_year)
            day = filled.last_day()
            if doc_day and day and day < doc_day:
                filled = mention.with_year(doc_year + 1)
            last = filled.last_day()
            return (last.isoformat() if last else None), None, end
        return None
    day = mention.last_day()
    if day is None:
        return None
    if doc_day and day < doc_day - grace:
        return None  # a past date: an event reported, not a deadline
    return day.isoformat(), None, end


# `trước ngày X` after these is a condition of a rule (who qualifies), not something to do by X.
_NOT_DEADLINE_BEFORE = re.compile(
    r"(?:hoạt\s+động(?:\s+cách\s+mạng)?|đến|từ|sinh|tham\s+gia\s+cách\s+mạng|có\s+hiệu\s+lực(?:\s+thi\s+hành)?|"
    r"hiệu\s+lực|áp\s+dụng|phát\s+sinh|trở\s+về|quy\s+định|được\s+ký(?:\s+kết)?|ký\s+kết|tuyển\s+dụng|"
    r"làm\s+việc|cư\s+trú|công\s+nhận|thành\s+lập|xảy\s+ra|hưởng[^,;.\n]{0,50}|tham\s+gia[^,;.\n]{0,50}|"
    r"đóng[^,;.\n]{0,40}|chữa\s+bệnh[^,;.\n]{0,60}|đã\s[^,;.\n]{0,60}|được\s+cấp[^,;.\n]{0,40})\s*$", _FLAGS)
# Statistics up to a day in a report: `lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng`.
# (the period a report's figures cover is none either: `Mốc thời gian tổng kết tính từ ngày 01/01/2011 đến hết
# ngày 30/9/2025`, an annex's `(Thông tin báo cáo từ ngày 01/01/2011 đến hết ngày 30/9/2025)`)
_STATISTIC = re.compile(r"lũy\s+kế|giải\s+ngân|tổng\s+(?:thu|chi)|ước\s+(?:thực\s+hiện|đạt)|số\s+liệu|"
                        r"thống\s+kê|diễn\s+ra|đã\s|thông\s+tin\s+báo\s+cáo|mốc\s+thời\s+gian", _FLAGS)
# how long a card or a licence is valid is no duty (`Giá trị sử dụng thẻ BHYT: Kể từ 01/05/2020 đến 31/12/2020`)
_VALIDITY = re.compile(r"giá\s+trị\s+sử\s+dụng|có\s+giá\s+trị", _FLAGS)
_ACTION = re.compile(r"gửi|báo\s+cáo|nộp|hoàn\s+thành|hoàn\s+thiện|ban\s+hành|trình|xong|tổng\s+hợp|công\s+bố|"
                     r"cung\s+cấp|đăng\s+ký|xác\s+nhận|tổ\s+chức|triển\s+khai|thực\s+hiện|xây\s+dựng|rà\s+soát|"
                     r"kết\s+thúc|phê\s+duyệt|lập|chuyển|cập\s+nhật|góp\s+ý|có\s+ý\s+kiến|bố\s+trí|kiện\s+toàn|"
                     r"sắp\s+xếp|giải\s+quyết|chi\s+trả|thanh\s+toán|quyết\s+toán|thông\s+báo|xử\s+lý|đánh\s+giá", _FLAGS)
_NORMATIVE = re.compile(r"^\s*(?:LUẬT|BỘ\s+LUẬT|PHÁP\s+LỆNH|NGHỊ\s+ĐỊNH|THÔNG\s+TƯ(?:\s+LIÊN\s+TỊCH)?|"
                        r"VĂN\s+BẢN\s+HỢP\s+NHẤT|NGHỊ\s+QUYẾT)\s*$", re.MULTILINE)
_REPORT = re.compile(r"^\s*(?:BÁO\s+CÁO|DỰ\s+THẢO\s+BÁO\s+CÁO)\b", re.MULTILINE)


def _excluded(s: str, start: int, end: int, name: str, clause: tuple[int, int], normative: bool) -> bool:
    """Cues that look right but are not deadlines: `đến trước ngày`, `hoạt động cách mạng trước ngày`,
    `lũy kế đến hết ngày ... là ...`; in laws and decrees, a date with no action around it."""
    if name in ("truoc", "hoan_thanh") and _NOT_DEADLINE_BEFORE.search(s[max(clause[0], start - 80):start]):
        return True
    if name in ("het_ngay", "range_end"):
        around = s[clause[0]:start] + " " + s[end:min(clause[1], end + 40)]
        if _STATISTIC.search(around) or _VALIDITY.search(around) or re.match(r"\s*(?:là|đạt|được)\s", s[end:end + 10]):
            return True
    if normative and name not in ("recurring", "periodic", "time", "event_vao"):
        return not _ACTION.search(s[clause[0]:clause[1]])
    return False

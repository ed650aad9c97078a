"""Recurring and relative deadlines: the patterns and helpers of the recurring, periodic and
relative passes.

Weekly (`vào thứ Sáu hàng tuần`), monthly (`trước ngày 20 hằng tháng`, `tháng cuối quý`, `hằng
tháng, trước ngày 25`) and periodic (`Định kỳ hằng quý`, `_rrule_for_unit`) rules become RRULE
bodies; `_yearly_near` says whether a date without a year recurs yearly. Relative deadlines (`trong
thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản`) are found by `_relative_matches` and
resolved from the day received by `_resolve`. The patterns are searched only near the words their
matches must hold (`anchored.finditer`), with the same matches as a search of the whole text.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from . import anchored
from .deadlines_patterns import _FLAGS, _Cues, cues


def _yearly_near(s: str, clause: tuple[int, int], at: int) -> bool:
    """`hằng năm` near the date, in its clause or in the sentence it wraps from (`... hằng` / `năm trước
    ngày 15 tháng 12`: a text copy with hard line breaks ends a clause at every line)."""
    lo = max(clause[0], at - 80)
    if lo == clause[0] and lo > 0 and s[lo - 1] == "\n":
        sentence = max(s.rfind(";", 0, lo - 1), s.rfind(".", 0, lo - 1), s.rfind("\n\n", 0, lo - 1), at - 80)
        lo = max(0, sentence + 1)
    window = s[lo:min(clause[1], at + 80)]
    return bool(cues().yearly.search(window))


@lru_cache(maxsize=1)
def _weekly_pattern() -> re.Pattern:
    days = "|".join(sorted((re.escape(k) for k in cues().weekdays), key=len, reverse=True))
    return re.compile(
        rf"(?=trước|chậm|vào|\d|ngày|thứ|chủ)"   # where a match can start: other offsets are skipped at once
        rf"(?:(?P<cue>trước|chậm\s+nhất|vào)\s+)?(?:{_TIME}\s*,?\s*)?"
        rf"(?:ngày\s+)?(?:(?:thứ\s+(?P<day>{days}))|(?P<sun>chủ\s+nhật))\s+(?:hàng|hằng|mỗi|của\s+mỗi|các)\s+tuần",
        _FLAGS)


@lru_cache(maxsize=1)
def _weekly_leading_pattern() -> re.Pattern:
    """The rule before the day: `định kỳ hằng tuần trước 16 giờ ngày thứ Sáu, báo cáo ...`."""
    days = "|".join(sorted((re.escape(k) for k in cues().weekdays), key=len, reverse=True))
    return re.compile(
        rf"(?=hàng|hằng|mỗi)(?:hàng|hằng|mỗi)\s+tuần\s*,?\s*(?:[^.;\n]{{0,60}}?\s)?"
        rf"(?P<cue>trước|chậm\s+nhất(?:\s+vào)?|vào)\s+(?:{_TIME}\s*,?\s*)?"
        rf"(?:ngày\s+)?(?:(?:thứ\s+(?P<day>{days}))|(?P<sun>chủ\s+nhật))(?!\s+(?:hàng|hằng|mỗi|của\s+mỗi|các)\s+tuần)",
        _FLAGS)


_TIME = r"(?P<time>[0-2]?\d\s*(?:giờ|h)\s*(?:[0-5]\d)?\s*(?:phút|’|')?)"


def _weekly(s: str, clause_lo: int, clause_hi: int) -> list[re.Match]:
    found = list(_weekly_pattern().finditer(s, clause_lo, clause_hi))
    found += _weekly_leading_pattern().finditer(s, clause_lo, clause_hi)
    return sorted(found, key=lambda m: m.start())


# The recurring and relative patterns are tried only in the runs of words and spaces that end at
# a word their matches must hold (`anchored.finditer`, the same matches): at every character
# they cost ~0.3 s a megabyte. A weekly rule ends in `tuần`; before it, words, digits, spaces and
# the `,’'` of a time (`hằng tuần trước 16 giờ ngày thứ Sáu` has only its `hằng` and spaces before
# its `tuần`). A monthly one holds `ngày 20 hằng/mỗi/của/các ...`, `ngày 15 tháng cuối`
# (not a date's `ngày 05 tháng 8`), with only words and spaces before; `hằng tháng, trước ngày 25`
# has only its `hằng/hàng/mỗi` and spaces before its `tháng`.
_WEEKLY_ANCHOR = re.compile("tuần", _FLAGS)
_WEEKLY_BEFORE = re.compile(r"[\w\s,’']")
_MONTHLY_ANCHOR = re.compile(r"ngày\s+[0-3]?\d\s+(?:hàng|hằng|mỗi|của|các|tháng\s+(?:liền|cuối|đầu))", _FLAGS)
_MONTHLY_LEADING_ANCHOR = re.compile("tháng", _FLAGS)
_LEADING_BEFORE = re.compile(r"[hàngằmỗi\s]", _FLAGS)   # a rule's word before its unit (`hằng tuần/tháng`)


def _weekly_matches(s: str) -> list[re.Match]:
    """`_weekly(s, 0, len(s))`, read only around each `tuần` (weekday names of words and spaces)."""
    if not all(_WORD_OR_SPACE.fullmatch(k) for k in cues().weekdays):
        return _weekly(s, 0, len(s))   # a weekday name with other characters: the whole text
    found = list(anchored.finditer(_weekly_pattern(), s, _WEEKLY_ANCHOR, _WEEKLY_BEFORE))
    found += anchored.finditer(_weekly_leading_pattern(), s, _WEEKLY_ANCHOR, _LEADING_BEFORE)
    return sorted(found, key=lambda m: m.start())


_WORD_OR_SPACE = re.compile(r"[\w\s]+")

# A daily report's hour: `báo cáo Thủ tướng Chính phủ trước 15 giờ hằng ngày` (công điện on floods and
# storms); a cue before the hour, so that `làm việc 8 giờ mỗi ngày` (a working day's length) is none.
_DAILY = re.compile(
    r"(?=trước|chậm|vào|lúc)(?:trước|chậm\s+nhất(?:\s+vào)?|vào(?:\s+lúc)?|lúc)\s+"
    rf"{_TIME}\s*,?\s*(?:hàng|hằng|mỗi)\s+ngày"
    r"(?!\s+(?:làm\s+việc|công|lễ|nghỉ))", _FLAGS)
_DAILY_ANCHOR = re.compile(r"(?:hàng|hằng|mỗi)\s+ngày", _FLAGS)


def _daily_matches(s: str) -> Iterator[re.Match]:
    """`_DAILY.finditer(s)`, read only before each `hằng ngày` (an hour of digits, words and spaces)."""
    return anchored.finditer(_DAILY, s, _DAILY_ANCHOR, _WEEKLY_BEFORE)


_MONTHLY = re.compile(   # the look-ahead skips offsets no alternative can start at (speed only)
    r"(?=trước|chậm|vào|trong|ngày)(?:(?P<cue>trước|chậm\s+nhất|vào|trong)\s+(?:ngày\s+)?)?ngày\s+(?P<d>[0-3]?\d)\s+"
    r"(?:(?P<every>(?:hàng|hằng|mỗi)\s+tháng|của\s+(?:mỗi|các)\s+tháng|các\s+tháng|(?:của\s+)?tháng\s+liền\s+kề)"
    r"|(?:của\s+)?tháng\s+(?P<which>cuối|đầu)\s+(?:của\s+)?(?:mỗi\s+|hằng\s+|hàng\s+)?quý(?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?)",
    _FLAGS)
# the rule before the day: `Định kỳ hằng tháng, trước ngày 25, ...`, `báo cáo hằng tháng trước ngày 20`
_MONTHLY_LEADING = re.compile(
    r"(?=hàng|hằng|mỗi)(?:hàng|hằng|mỗi)\s+tháng\s*,?\s*(?:[^.;\n]{0,60}?\s)?(?P<cue>trước|chậm\s+nhất(?:\s+vào)?|vào)"
    r"\s+ngày\s+(?P<d>[0-3]?\d)(?!\d|\s*[/.-]\s*\d|\s+(?:tháng\s+\d|(?:hằng|hàng|mỗi|của\s+(?:mỗi|các)|các)\b))",
    _FLAGS)
_PERIODIC = re.compile(
    r"định\s+kỳ\s*,?\s+(?P<unit>(?:hàng|hằng|mỗi)\s+(?:năm|quý|tháng|tuần)|0?6\s+tháng(?:\s+một\s+lần)?)", _FLAGS)


def _rrule_for_unit(unit: str) -> str | None:
    unit = re.sub(r"\s+", " ", unit.lower()).replace(" một lần", "")
    units = cues().units
    if unit in units:
        return units[unit]
    return units.get(unit.split()[-1])


def _relative_matches(c: _Cues, s: str) -> Iterator[re.Match]:
    """`c.relative.finditer(s)`, read only before each `N ngày/tháng/tuần ... từ ngày/khi` (the
    pattern from its count on), when all before the count is words and spaces (`trong thời hạn`)."""
    anchor = _relative_anchor(c.relative.pattern, c.relative.flags)
    if anchor is None:
        return c.relative.finditer(s)
    return anchored.finditer(c.relative, s, anchor, anchored.WORDS_AND_SPACES)


# the part of a pattern before its count that can take only words and spaces: letters, `\s`, groups
_WORDS_ONLY = re.compile(r"(?:[^\W\d_]|\\s|\(\?:|[ ()?|+*])*")


@lru_cache(maxsize=4)
def _relative_anchor(pattern: str, flags: int) -> re.Pattern | None:
    """The relative pattern from its count `(?P<n>` on, when what comes before takes only words and
    spaces and holds no group of its own (so the count's group stays a plain prefix cut); else None."""
    at = pattern.find("(?P<n>")
    if at < 0 or not _WORDS_ONLY.fullmatch(pattern, 0, at) or "(?P" in pattern[:at]:
        return None
    head = pattern[:at]
    if head.count("(") != head.count(")"):
        return None   # the count inside a group of the head: no plain cut
    # a digit, then the rest checked from it: a leading `\d` lets the engine skip to the digits
    return re.compile(rf"\d(?<=(?={pattern[at:]})\d)", flags)


def _resolve(received: dt.date, amount: int, unit: str, workdays) -> dt.date | None:
    if unit == "working_day":
        return workdays(received, amount) if workdays is not None else None
    if unit == "week":
        return received + dt.timedelta(weeks=amount)
    if unit == "month":
        from dateutil.relativedelta import relativedelta

        return received + relativedelta(months=amount)
    return received + dt.timedelta(days=amount)

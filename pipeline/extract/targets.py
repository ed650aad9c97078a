"""Targets (chỉ tiêu): quantified goals such as `100% ...`, `từ 20% trở lên`, `trên 90%`, `ít nhất 01`.

A figure is a target when the text aims for it: a comparator cue (`ít nhất`, `tối thiểu`, `trở lên`,
`trên`), a goal word in its sentence (`phấn đấu`, `mục tiêu`, `bảo đảm`, `phải`), a `CHỈ TIÊU` or
`MỤC TIÊU` heading above it, or the plan idiom `100% <who> <do what>`. Achieved figures in a report
(`đã đạt 95%`, `chiếm tỷ lệ 38,26%`, `(54,76%)`) and rates in rules (`lãi suất bằng 130%`) are not.

>>> s = "Phấn đấu 100% các đơn vị hoàn thành nhiệm vụ; có từ 20% trở lên số đơn vị được tặng Bằng khen."
>>> [(t.value, t.unit, t.comparator) for t in extract_targets(s)]
[(100.0, '%', '='), (20.0, '%', '>=')]
"""
from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from ..read.text import Text
from . import anchored
from .lines import flowing, soft_newlines
from .numbers import percents_in_words
from .tasks import CELL, indicator_rows

_FLAGS = re.IGNORECASE

# A percentage, or a count right after a comparator cue. Order matters: the percentage first, so
# `ít nhất 30%` is a percentage with a cue rather than the count 30.
_FIGURE = re.compile(
    r"""
    (?=[\dítk])              # their first letters, one test: most offsets fail here, before the words
    (?=\d|ít|tối|không|từ)   # where an alternative can start: the engine skips other offsets at once
    (?:
      (?P<pct>(?<![\w.,/])(?P<pv>\d{1,3}(?:[.,]\d{1,2})?)\s?%)
    | (?P<cnt>(?P<ccue>(?:ít\s+nhất|tối\s+thiểu|tối\s+đa|không\s+quá|không\s+ít\s+hơn|không\s+dưới)(?:\s+(?:là|từ|bằng))?|từ)\s+
        (?P<cv>\d{1,4})(?!\s*[%/.,]\d|\s*%)\s*(?:\([^)\d]{1,20}\)\s*)?(?=[^\W\d]))
    )
    """,
    _FLAGS | re.VERBOSE,
)
_GE_BEFORE = re.compile(r"(?:ít\s+nhất|tối\s+thiểu|không\s+(?:ít|thấp)\s+hơn|không\s+dưới|từ)\s*(?:là\s+)?(?:đạt\s+)?$", _FLAGS)
_GT_BEFORE = re.compile(r"(?:trên|hơn|vượt|cao\s+hơn)\s*$", _FLAGS)
_LE_BEFORE = re.compile(r"(?:tối\s+đa|không\s+quá|không\s+vượt\s+quá|không\s+cao\s+hơn|không\s+lớn\s+hơn)\s*(?:là\s+)?(?:bằng\s+)?$", _FLAGS)
_LT_BEFORE = re.compile(r"(?:dưới|thấp\s+hơn|nhỏ\s+hơn)\s*$", _FLAGS)
_GE_AFTER = re.compile(r"^\s*(?:\S+\s+){0,1}?trở\s+lên", _FLAGS)
# the lower bound of a range of shares, right before its upper one: `90 - 95%`, `60%-70%`, `80 đến 90%`
# after a word of reaching (`đạt`, `phấn đấu`, `giảm`); `mất sức từ 21%-80%` is a condition
_LOW_END = r"(?P<lo>\d{1,3}(?:[.,]\d{1,2})?)[ ]?%?[ ]*"   # a range's lower bound, before its dash
_RANGE_LOW = re.compile(rf"(?:đạt|phấn\s+đấu|giảm|tăng)(?:\s+(?:khoảng|từ))?\s+{_LOW_END}(?:-|–|đến|tới)[ ]*$", _FLAGS)
# the lower bound of a bare range (`15-20%`), read only where a goal governs the figure
_BARE_RANGE_LOW = re.compile(rf"(?<![\d.,]){_LOW_END}[-–][ ]*$")
# what a count measures when it is no goal: a duration, a sum of money, a size, a length
_SIZES = (r"ngày|tháng|năm|giờ|phút|tuần|lần|đồng|triệu|tỷ|nghìn|m|m2|m²|km|ha|kv|kg|tấn|lít|độ|pt|cm|mm|trang|dòng|"
          r"ký\s+tự|tuổi|điểm|\(?km\)?|người\s+trở\s+lên\s+tham\s+dự")
_RANGE_AFTER = re.compile(r"^\s*(?:đến|tới|-|–)\s*\d", _FLAGS)

_GOAL = re.compile(r"phấn\s+đấu|phần\s+đầu|mục\s+tiêu|chỉ\s+tiêu|bảo\s+đảm|đảm\s+bảo|phải|yêu\s+cầu|cố\s+gắng|"
                   r"quyết\s+tâm|nâng\s+(?:cao\s+)?tỷ\s+lệ|hướng\s+tới|đạt\s+(?:tối\s+thiểu|trên|ít\s+nhất|từ)", _FLAGS)
_STRONG_GOAL = re.compile(r"phấn\s+đấu|phần\s+đầu|mục\s+tiêu|chỉ\s+tiêu|quyết\s+tâm|đạt\s+(?:tối\s+thiểu|ít\s+nhất)",
                          _FLAGS)
_NORMATIVE = re.compile(r"^\s*(?:LUẬT|BỘ\s+LUẬT|PHÁP\s+LỆNH|NGHỊ\s+ĐỊNH|THÔNG\s+TƯ(?:\s+LIÊN\s+TỊCH)?|"
                        r"VĂN\s+BẢN\s+HỢP\s+NHẤT|NGHỊ\s+QUYẾT|THÔNG\s+BÁO)\s*$", re.MULTILINE)
_GOAL_HEADING = re.compile(r"chỉ\s+tiêu|mục\s+tiêu|nhiệm\s+vụ\s+cụ\s+thể", _FLAGS)
_HEADING_LINE = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|[A-ZĐ]\.|[a-zđ]\))?\s*[^\n]{0,90}$")
# (each opens with a class of the letters its words begin with: most offsets fail it at once)
_ACHIEVED = re.compile(r"(?=[đcskgt])(?:\bđã\b|\bchỉ\s+(?:đạt|đáp\s+ứng|có)|\bđáp\s+ứng\b|\bđạt\s+được\b|\bso\s+với\s+cùng\s+kỳ|kết\s+quả\s+(?:đạt|thực\s+hiện)|\bchiếm\b|"
                       r"\btăng\s+\d|\bgiảm\s+\d|\bcòn\s+\d)", _FLAGS)
_NOT_TARGET_BEFORE = re.compile(
    r"(?=[bctlmhgkđvp])(?:bằng|chiếm|tỷ\s+lệ\s*:?|tương\s+đương|lãi\s+suất|mức\s+(?:thu|phí|lãi|hỗ\s+trợ|chi)|thuế\s+suất|"
    r"hệ\s+số|giảm|tăng|khoảng|gần|đạt\s+tỷ\s+lệ|với\s+tỷ\s+lệ|theo\s+tỷ\s+lệ|còn|là|được\s+hỗ\s+trợ|hỗ\s+trợ|"
    r"phụ\s+cấp|trợ\s+cấp|hưởng|mức|giảm\s+trừ|khấu\s+trừ)\s*$", _FLAGS)
# `đạt trên mức 8%`: the level a reaching cue names is the figure itself (`mức` alone before a figure is
# a rate or an allowance: `hưởng mức 80%`)
_LEVEL_AFTER_CUE = re.compile(r"(?:đạt|trên|dưới|ít\s+nhất|tối\s+đa|tối\s+thiểu)\s+(?P<level>mức)\s*$", _FLAGS)
_NOUN_AFTER = re.compile(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:số\s+|các\s+|những\s+|tổng\s+số\s+)?[^\W\d]", _FLAGS)
_CLAUSE_STOP = re.compile(r"[;\n]|\.(?=\s|$)|,\s+(?=\d{1,3}%)|,\s+trong\s+đó|;\s*trong\s+đó|\s+trong\s+đó\s*:?")
_REPORT_TYPE = re.compile(r"^\s*(?:BÁO\s+CÁO|TỜ\s+TRÌNH)\b", re.MULTILINE)


# A count's cue, for a text with no `%`; the first letters before the words, as in `_FIGURE` (same
# matches; 24 -> 12 ms over the bench documents without `%`)
_COUNT_CUE = re.compile(r"(?=[ítk])(?:ít\s+nhất|tối\s+thiểu|tối\s+đa|không\s+quá|trở\s+lên)", _FLAGS)

# A target restated in brackets beside what a report says was reached: `đạt 97,28% (chỉ tiêu đề ra là
# tối thiểu 98%)`, `(chỉ tiêu đề ra trong năm 2025 là 70%)`, `(chỉ tiêu tối thiểu 98%, hiện đạt 97,28%)`,
# `(chỉ tiêu đề ra là đạt 100%)`.
# The bracket may wrap onto the next line of a PDF (`(chỉ tiêu đề ra là` / `100%)`).
_RESTATED = re.compile(
    r"\((?:[^()%]{0,80}?[,;]\s*)?\s*(?:chỉ|mục)\s+tiêu(?:\s+(?:đề\s+ra|đặt\s+ra|giao|được\s+giao|của\s+[^\W\d][^()%\d]{0,40}?))?"
    r"(?:\s+(?:trong\s+|của\s+)?năm\s+\d{4})?(?:\s+là)?\s*:?\s*(?:đạt\s+)?"
    r"(?P<cue>(?:tối\s+thiểu|ít\s+nhất|từ|trên|tối\s+đa|không\s+quá|dưới)(?:\s+là)?\s+)?"
    r"(?P<pv>\d{1,3}(?:[.,]\d{1,2})?)\s?%[^()]{0,60}?\)", _FLAGS)
_STATEMENT_BREAK = re.compile(r"(?:[.;:!?]\s*\n|\n\s*\n|\.\s|;|:\s|\n(?=[ \t]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.|[-+•])\s))")


def _restated(s: str) -> list[Target]:
    """The targets a report restates in brackets, each with the statement it sits in, which says what
    is measured (`Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh đạt 97,28% (chỉ tiêu ... 98%)`); a PDF's
    wrapped lines do not end the statement, a line after a full stop or a colon does.

    >>> s = "c) Cải cách: trong đó có 78 quyết định đúng hạn, đạt 56,9% (chỉ tiêu đề ra là\\n100%). Xong."
    >>> [(t.value, t.comparator, t.text) for t in _restated(s)]
    [(100.0, '=', 'trong đó có 78 quyết định đúng hạn, đạt 56,9% (chỉ tiêu đề ra là\\n100%)')]
    """
    found = []
    for match in _RESTATED.finditer(s):
        value = float(match.group("pv").replace(",", "."))
        if not 0 < value <= 100:
            continue
        lo = max(0, match.start() - 300)
        breaks = [m.end() for m in _STATEMENT_BREAK.finditer(s, lo, match.start())]
        start = breaks[-1] if breaks else lo
        while start < match.start() and s[start].isspace():
            start += 1
        cue = match.group("cue") or ""
        comparator = _comparator(cue, s[match.end("pv") + 1:match.end()])
        found.append(Target(start=start, end=match.end(), text=s[start:match.end()], value=value, unit="%",
                            comparator=comparator, measure=None))
    return found


_GOAL_LEAD = re.compile(r"(?:phấn\s+đấu|đảm\s+bảo|bảo\s+đảm|quyết\s+tâm|cố\s+gắng)(?=[^;.\n%]*$)", _FLAGS)


@dataclass(frozen=True)
class Target:
    """One quantified goal; `text[start:end] == text` in the document's normalised text."""

    start: int
    end: int
    text: str
    value: float
    unit: str          # "%" or "count"
    comparator: str    # "=", ">=", ">", "<=", "<"
    measure: str | None = None   # what is measured: the words after the figure

    def to_json(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "unit": self.unit, "comparator": self.comparator, "text": self.text,
                "measure": self.measure, "start": self.start, "end": self.end}


SENTENCE_REACH = 1_000   # how far back a sentence's start is looked for (each figure looks once)
LINE_REACH = 400        # and its line's: what is read of either is shorter


def _sentence_start(s: str, offset: int) -> int:
    """Just after the last line end, full stop or semicolon before `offset`, at most `SENTENCE_REACH`
    back (a text without them is not read back to its start for every figure: quadratic)."""
    lo = max(0, offset - SENTENCE_REACH)
    stop = s.rfind(". ", lo, offset)
    return max(lo, s.rfind("\n", lo, offset) + 1, stop + 2 if stop >= 0 else 0, s.rfind(";", lo, offset) + 1)


def _line_start(s: str, offset: int) -> int:
    """Just after the last line end before `offset`, at most `LINE_REACH` back."""
    lo = max(0, offset - LINE_REACH)
    return max(lo, s.rfind("\n", lo, offset) + 1)


# a list's number on a line of its own, its title on the next (a web page's text: `1.` / `Mục tiêu chung`)
_BARE_MARKER = re.compile(r"(?:[IVX]+|\d+(?:\.\d+)*|[A-ZĐa-zđ])[.)]")


def _heading_above(s: str, offset: int, reach: int = 4000) -> str | None:
    """The nearest numbered or upper-case heading line above `offset` (within `reach` characters)."""
    lo = max(0, offset - reach)
    end = s.rfind("\n", lo, offset)
    while end > lo:
        start = s.rfind("\n", max(0, lo - 100), end) + 1   # a line reaching further back is no heading
        line = s[start:end].strip()
        if line and len(line) <= 90 and "%" not in line and _HEADING_LINE.match(line) and (
                re.match(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s*\S", line) or line.isupper()
                or _BARE_MARKER.fullmatch(s[s.rfind("\n", 0, max(0, start - 1)) + 1:max(0, start - 1)].strip())):
            return line
        end = start - 1
    return None


def _comparator(before: str, after: str) -> str:
    if _GE_AFTER.match(after):
        return ">="
    for pattern, comparator in ((_LE_BEFORE, "<="), (_LT_BEFORE, "<"), (_GE_BEFORE, ">="), (_GT_BEFORE, ">")):
        if pattern.search(before):
            return comparator
    return "="


def _clause_end(s: str, offset: int) -> int:
    match = _CLAUSE_STOP.search(s, offset, min(len(s), offset + 400))
    return match.start() if match else min(len(s), offset + 400)


def extract_targets(text: Text | str) -> list[Target]:
    """The targets of one document, in text order."""
    original = s = text.text if isinstance(text, Text) else text
    worded = percents_in_words(s)   # read once: the prefilter's and the loop's
    if "%" not in s and not _COUNT_CUE.search(s) and not worded and next(anchored.finditer(
            _COUNT_RANGE, s, _DIGIT_DASH, _DIGITS), None) is None:
        return []
    if soft_newlines(s):   # a PDF's wrapped lines: a goal on the line above governs the figure
        s = flowing(s)      # (`quyết tâm hoàn thành mục` / `tiêu giải ngân 100%`); same offsets
    report = bool(_REPORT_TYPE.search(s[:3000]))
    normative = bool(_NORMATIVE.search(s[:3000]))
    restated = _restated(original) if "tiêu" in s else []
    starts = [t.start for t in restated]
    reach = list(accumulate((t.end for t in restated), max))   # the furthest end of the spans so far
    found: list[Target] = []
    for match, (value, unit, number_start, number_end) in _figures(s, worded):
        ranged = unit == "%" and (low := _RANGE_LOW.search(s, max(0, number_start - 40), number_start))
        if ranged and low and 0 < float(low.group("lo").replace(",", ".")) < value:
            value, number_start = float(low.group("lo").replace(",", ".")), low.start("lo")   # its lower bound
        else:
            ranged = False
        before_it = bisect_right(starts, number_start)
        if before_it and reach[before_it - 1] > number_start:
            continue   # in a restated target's statement: the target, or what was reached beside it
        line_start = _line_start(s, number_start)
        before = _unlevelled(s[max(line_start, number_start - 40):number_start])
        after = s[number_end:number_end + 200]
        # a count's cue is part of its match (`ít nhất là 12 cuộc`): what may rule it out comes before the cue
        cue_start = match.start() if match and unit == "count" else number_start
        outside = _unlevelled(s[max(line_start, cue_start - 40):cue_start])
        if _RANGE_AFTER.match(after) or re.search(r"[(/]\s*$", before) or _NOT_TARGET_BEFORE.search(outside):
            continue
        comparator = _comparator(before, after)
        if ranged and comparator == "=":
            comparator = ">="   # `đạt 90 - 95%`: a range is a target at its lower bound (ANNOTATION.md)
        inherited = False
        if found and unit == "%" and comparator == "=" and number_start - found[-1].end < 120 and re.fullmatch(
                r"[^;.\n]*,\s*(?:và\s+)?", s[found[-1].end:number_start]) and found[-1].unit == "%":
            comparator, inherited = found[-1].comparator, True  # `ít nhất 30% điều kiện ..., 30% chi phí ...`
        if match and unit == "count" and _not_a_goal_count(match, comparator, after):
            continue
        if not _NOUN_AFTER.match(s[number_end:number_end + 40]) and comparator == "=":
            continue
        sentence_start = _sentence_start(s, number_start)
        prefix = s[sentence_start:number_start]
        clause_after = s[number_end:_clause_end(s, number_end)]
        goal = _goal(s, line_start, number_start, before, clause_after, comparator, unit, normative, report)
        goal = goal or inherited
        if goal and not ranged and unit == "%" and comparator == "=" and (   # `đơn giản hóa 15-20% thủ tục`
                bare := _BARE_RANGE_LOW.search(s, max(line_start, number_start - 12), number_start)) \
                and 0 < (low_value := float(bare.group("lo").replace(",", "."))) < value:   # under a goal: its lower bound
            value, number_start, comparator = low_value, bare.start("lo"), ">="
        if re.search(r"\bthì\b", clause_after[:150]):
            continue  # a condition of a rule: `trên 70% dự toán ... thì ngân sách trung ương hỗ trợ`
        if prefix.rfind("(") > prefix.rfind(")"):
            continue  # a figure in brackets is a statistic: `(chỉ đáp ứng 15% nhu cầu)`
        plan_idiom = value == 100 and unit == "%" and re.match(r"^\s*(?:[-+•*–]\s*|\d+\.\s*|[a-zđ]\)\s*)?$",
                                                                   s[line_start:number_start])
        cue = comparator != "=" or plan_idiom
        if _ACHIEVED.search(prefix + clause_after[:80]) and not goal:
            continue
        if report and not goal:
            continue
        if not (goal or cue):
            continue
        if not goal and unit == "%" and not (plan_idiom and not normative and not report):
            continue  # a floor or ceiling with no goal around it is a rule (`suy giảm từ 81% trở lên`)
        start, end = _target_span(s, sentence_start, number_start, number_end, before)
        measure = re.sub(r"\s+", " ", s[number_end:end]).strip(" ,.;:")
        measure = re.sub(r"^(?:\([^)]*\)\s*)?(?:trở\s+lên\s*)?", "", measure)
        found.append(Target(start=start, end=end, text=original[start:end], value=value, unit=unit,
                            comparator=comparator, measure=measure or None))
    tabled = _indicator_targets(s, original, found) + _count_ranges(s, original, found)
    return sorted(found + restated + tabled, key=lambda t: t.start) if restated or tabled else found


# A range of a count (`10 - 15 hội viên mới`), not of years (`2026 - 2030`) nor of a duration or a sum
_COUNT_RANGE = re.compile(
    r"(?P<lo>\d(?<![\w.,/-]\d)\d{0,3})[ \t]*[-–][ \t\n]*(?P<hi>\d{1,4})(?![\d.,/%-])[ \t\n]+(?=[^\W\d])"
    rf"(?!(?:{_SIZES}|tiết|buổi)(?![\w]))", _FLAGS)


_DIGIT_DASH, _DIGITS = re.compile(r"\d[ \t]*[-–][ \t\n]*\d"), re.compile(r"\d")   # a range's low end


def _count_ranges(s: str, original: str, found: list[Target]) -> list[Target]:
    """Counts a goal aims at as a range (`Phấn đấu mỗi năm kết nạp 10 - 15 hội viên mới để cuối nhiệm kỳ đạt
    170 - 180 hội viên`): each a target at its lower bound, as ANNOTATION.md reads a range."""
    out = []
    # read only where a digit's dash leads to a digit, the low end's digits before it (anchored: the same matches)
    for match in anchored.finditer(_COUNT_RANGE, s, _DIGIT_DASH, _DIGITS):
        low, high = int(match.group("lo")), int(match.group("hi"))
        if not 0 < low < high or high >= 1900 or any(t.start <= match.start() < t.end for t in found):
            continue
        sentence_start = _sentence_start(s, match.start())
        if not _STRONG_GOAL.search(s, sentence_start, match.start()) or _ACHIEVED.search(s, sentence_start, match.start()):
            continue
        end = min(_clause_end(s, match.end("hi")), match.end("hi") + 120)
        while end > match.end("hi") and s[end - 1] in " ,:":
            end -= 1
        measure = re.sub(r"\s+", " ", s[match.end("hi"):end]).strip(" ,.;:") or None
        out.append(Target(start=match.start(), end=end, text=original[match.start():end], value=low, unit="count",
                          comparator=">=", measure=measure))
    return out


def _indicator_targets(s: str, original: str, found: list[Target]) -> list[Target]:
    """The figures an indicator table sets (`Tỷ lệ hồ sơ trực tuyến tối thiểu | % | 50`), each spanning
    its indicator's cell to the figure; a figure the running text's rules already took is left."""
    out = []
    for start, end, figure, unit_cell in indicator_rows(s):
        value = float(figure.group("value").replace(",", "."))
        percent = unit_cell == "%" or bool(figure.group("percent"))
        if value <= 0 or (percent and value > 100) or any(start <= t.start < end for t in found):
            continue
        comparator = ">=" if figure.group("above") else _comparator(figure.group("cue") or "", "")
        indicator = s[start:end].split(CELL)[0]
        if comparator == "=" and re.search(r"tối\s+thiểu|ít\s+nhất|trở\s+lên", indicator, _FLAGS):
            comparator = ">="   # `Tỷ lệ số hóa hồ sơ ... tối thiểu | % | 80`
        out.append(Target(start=start, end=end, text=original[start:end], value=value, unit="%" if percent else "count",
                          comparator=comparator, measure=re.sub(r"\s+", " ", indicator).strip(" .") or None))
    return out


def _unlevelled(before: str) -> str:
    """`before` with the `mức` after a reaching cue blanked out (`đạt trên mức 8%` reads as `đạt trên
    8%`), its length kept: offsets are counted from its end."""
    level = _LEVEL_AFTER_CUE.search(before) if "mức" in before else None
    if level is None:
        return before
    return before[:level.start("level")] + " " * len("mức") + before[level.end("level"):]


def _figures(s: str, in_words: list[tuple[int, int, int]]) -> Iterator[tuple[re.Match[str] | None, tuple[float, str, int, int]]]:
    """Each figure of `s` in text order, with the `_FIGURE` match that found it: (match, (value, unit,
    start, end)). A share a law writes in words (`in_words`: `ít nhất ba mươi lăm phần trăm`) comes
    with no match."""
    figures = ((match, _figure(match)) for match in _FIGURE.finditer(s))
    worded = [(None, (float(value), "%", start, end)) for start, end, value in in_words]
    merged = heapq.merge(figures, worded, key=lambda found: found[1][2] if found[1] else -1) if worded else figures
    for match, figure in merged:
        if figure is not None:
            yield match, figure


def _figure(match: re.Match[str]) -> tuple[float, str, int, int] | None:
    """(value, unit, start, end) of the figure `_FIGURE` found: a share (`%`) or a `count`; None for a
    value no target has (nothing, or over 100%)."""
    if match.group("pct"):
        value = float(match.group("pv").replace(",", "."))
        unit, number_start, number_end = "%", match.start("pct"), match.end("pct")
    else:
        value = float(match.group("cv"))
        unit, number_start, number_end = "count", match.start("cv"), match.end("cv")
    if value <= 0 or (unit == "%" and value > 100):
        return None
    return value, unit, number_start, number_end


def _not_a_goal_count(match: re.Match[str], comparator: str, after: str) -> bool:
    """A count that is no goal: `từ 3 ...` alone, or a duration, a sum of money, a size."""
    if match.group("ccue").lower() == "từ" and comparator != ">=":
        return True  # `từ 3 ...` alone is a range start, not a floor
    if not _GE_AFTER.match(after) and match.group("ccue").lower() == "từ":
        return True
    if re.match(rf"\s*(?:\([^)]{{1,20}}\)\s*)?(?:{_SIZES})(?!\w)", after, _FLAGS):
        return True  # durations, money and sizes are not goals
    return False


def _goal(s: str, line_start: int, number_start: int, before: str, clause_after: str, comparator: str, unit: str,
          normative: bool, report: bool) -> bool:
    """Whether a goal governs the figure at `number_start`: a goal verb around it (in a law or a report,
    a strong one), a goal section's heading above it, or a plan's floor (`ít nhất là 12 cuộc`)."""
    heading = _heading_above(s, number_start)
    # a goal verb governs its whole paragraph: `Phấn đấu 100% ...; có từ 20% trở lên ...`
    window = s[max(line_start, number_start - 200):number_start] + " " + clause_after[:120]
    in_goal_section = bool(heading and _GOAL_HEADING.search(heading))
    strong = bool(_STRONG_GOAL.search(window)) or in_goal_section
    weak = bool(_GOAL.search(window))
    if weak and comparator == ">=" and re.search(r"ít\s+nhất|tối\s+thiểu", before, _FLAGS):
        strong = True  # `bảo đảm bãi bỏ ít nhất 30% ...`
    goal = strong if (normative or report or unit == "count") else strong or weak
    if unit == "count" and not (normative or report) and comparator == ">=" and \
            re.search(r"ít\s+nhất|tối\s+thiểu", before, _FLAGS):
        goal = True   # a plan's or a guide's floor: `tiếp xúc cử tri ít nhất là 12 cuộc`
    return goal


_RATE = re.compile(r"(?<![\w])tỷ\s+lệ(?![\w])(?=[^;.\n]*$)", re.IGNORECASE)


def _last(pattern: re.Pattern, s: str, lo: int, hi: int) -> int | None:
    """Where the last match of `pattern` in s[lo:hi] starts, or None."""
    found = None
    for match in pattern.finditer(s, lo, hi):
        found = match.start()
    return found


def _target_span(s: str, sentence_start: int, number_start: int, number_end: int, before: str) -> tuple[int, int]:
    """The target's clause: from the cue (or the figure) to the end of the clause, at most 400 characters."""
    start = number_start
    cue_match = re.search(r"(?:(?:có\s+)?từ|ít\s+nhất|tối\s+thiểu|tối\s+đa|không\s+quá|trên|dưới|đạt)\s*(?:là\s+)?$",
                          before, _FLAGS)
    if cue_match:
        start = number_start - (len(before) - cue_match.start())
    # the goal verb that governs the figure belongs to its clause: `đảm bảo ít nhất 40% địa bàn cấp xã`
    # a rate measures what the share is of (`tỷ lệ giải ngân kế hoạch vốn đầu tư công ... đạt trên 90% kế
    # hoạch được giao`): its clause starts at the rate, or at the goal verb right before it
    rate = _last(_RATE, s, max(sentence_start, start - 250), start)
    if rate is not None:
        start = rate
    lead_lo = max(sentence_start, start - 60)
    lead = _GOAL_LEAD.search(s, lead_lo, start)
    if lead:
        start = lead.start()
    end = min(_clause_end(s, number_end), start + 400)
    if re.match(r"\s*[,;]", s[number_end:end]):
        end = number_end   # the figure closes its item of a list (`... năm 2025 phấn đấu đạt trên 8%, giải ngân ...`)
    while end > start and s[end - 1] in " ,:":
        end -= 1
    if len(re.findall(r"[^\W\d]+", s[number_end:end])) < 3:
        # the figure closes its clause (`mức độ hài lòng ... đạt tối thiểu 90%`): take the words before
        clause_start = sentence_start
        for lead in re.finditer(r"trong\s+đó\s*[,:]?", s[sentence_start:start], _FLAGS):
            clause_start = sentence_start + lead.end()
        while clause_start < start and s[clause_start] in " \n":
            clause_start += 1
        start = max(clause_start, end - 400)
    # what the figure measures comes before it in its clause (`trong đó khai thác than tăng từ 20%`,
    # `mục tiêu tăng trưởng ... năm 2025 phấn đấu đạt trên mức 8%`): the span takes the clause in from
    # its last comma, colon or semicolon, `trong đó` kept
    clause = max(s.rfind(",", sentence_start, number_start), s.rfind(":", sentence_start, number_start),
                 s.rfind(";", sentence_start, number_start)) + 1 or sentence_start
    clause = max(clause, sentence_start, end - 400)
    while clause < start and s[clause] in " \n\t|*•+-–":   # a table's cell bar, a list's marker
        clause += 1
    return min(start, clause), end

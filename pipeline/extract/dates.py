"""The Vietnamese date grammar: days, months, quarters, years and clock times, with offsets.

Dispatches write dates in a handful of shapes; each is one alternative of one verbose regex,
compiled once at import:

    ngày 16 tháng 7 năm 2021      ngày 16/7/2021    16-7-2021    22.01.2026    ngày 16/7
    ngày tháng 11 năm 2024 (a draft with blanks)    tháng 12/2025    tháng 10 năm 2025
    Quý I/2026    quý II năm 2020    năm 2024    14 giờ 00    14h30    8 giờ 30 phút

`find_dates(text)` returns `DateMention`s with `(start, end)` into the string it was given, so
`text[m.start:m.end] == m.text`, and the ISO value. Nothing here knows about deadlines or citations:
the deadline grammar (`deadlines.py`) and the citation grammar both build on it.

>>> [m.value for m in find_dates("trước ngày 05 tháng 12 năm 2024, lúc 14h30, Quý I/2026")]
['2024-12-05', '14:30', '2026-Q1']
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

KINDS = ("date", "month", "quarter", "year", "time")

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class DateMention:
    """One date, month, quarter, year or clock time found in a text.

    `kind` is one of `KINDS`. Parts that the text does not give are None: `ngày 16/7` has no
    year, a draft's `ngày tháng 11 năm 2024` has no day. `value` is the ISO form of what is given
    (`2021-07-16`, `--07-16` without a year, `2024-11`, `2026-Q1`, `2024`, `14:30`).
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    hour: int | None = None
    minute: int | None = None

    @property
    def value(self) -> str:
        if self.kind == "time":
            return f"{self.hour:02d}:{self.minute or 0:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}" if self.year else f"Q{self.quarter}"
        if self.kind == "year":
            return f"{self.year}"
        if self.day is None:  # a month, or a draft date with blanks
            if self.month is None:
                return f"{self.year}" if self.year else ""
            return f"{self.year}-{self.month:02d}" if self.year else f"--{self.month:02d}"
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"

    @property
    def complete(self) -> bool:
        """A whole calendar day: day, month and year all given."""
        return self.kind == "date" and None not in (self.year, self.month, self.day)

    def with_year(self, year: int) -> DateMention:
        """The same mention with its missing year filled in (from the document, say)."""
        return self if self.year is not None else replace(self, year=year)

    def first_day(self) -> dt.date | None:
        """The first calendar day of the period, or None when the year is unknown."""
        if self.year is None or self.kind == "time":
            return None
        if self.kind == "quarter":
            assert self.quarter is not None  # a "quarter" mention is only made with its quarter (_mention)
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        if self.kind == "year" or self.month is None:
            return dt.date(self.year, 1, 1)
        return dt.date(self.year, self.month, self.day or 1)

    def last_day(self) -> dt.date | None:
        """The last calendar day of the period (`tháng 12/2025` → 2025-12-31; `Quý I/2026` → 2026-03-31)."""
        if self.year is None or self.kind == "time":
            return None
        if self.kind == "quarter":
            assert self.quarter is not None  # a "quarter" mention is only made with its quarter (_mention)
            month = 3 * self.quarter
            return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])
        if self.kind == "year" or self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)


# One alternative per shape. Order matters only among alternatives that can start at the same
# offset: the longer, more specific shapes come first. `\s+` (not a space) because PDF text breaks
# lines inside dates: `trước ngày 30\ntháng 6 năm 2026`.
_NOT_BEFORE = r"(?<![\w/.,-])"
_PATTERN = re.compile(
    rf"""
    # every shape starts with a digit or one of four words: the look-ahead lets the engine skip
    # other offsets at once (4-5x faster than trying each alternative everywhere); the class of
    # their first letters before it fails most offsets in one test (a further ~30%)
    (?=[\dntq])(?=\d|ngày|tháng|quý|năm)
    (?:
    # ngày 16 tháng 7 năm 2021 | ngày 16 tháng 7 | 16 tháng 7 năm 2021 | ngày 05, tháng 8, năm 2021
      (?P<long>
        (?:ngày\s+)?(?P<ld>[0-3]?\d)\s*,?\s+tháng\s+(?P<lm>[01]?\d)(?!\d)
        (?:\s*,?\s+năm(?:\s*:\s*|\s+)(?P<ly>\d{{4}}))?   # (`năm: 1999`: a speck OCR read as a colon)
      )
    # a draft with blanks: ngày tháng 11 năm 2024 | ngày ... tháng ... năm 2024
    | (?P<blank>
        ngày[\s._…]+tháng(?:\s+(?P<bm>[01]?\d)|[\s._…]+)\s*năm\s+(?P<by>\d{{4}})
      )
    # 16/7/2021 | 16-7-2021 | 22.01.2026 | ngày 16 /7/ 2021 (not a code: 30/2020/NĐ-CP has no day);
    # the last day of a span in one month (`22-27/06/2015`), as of `22 - 27/6/2015`
    | (?P<num>
        (?:{_NOT_BEFORE}|(?<=\b\d-)|(?<=\b\d\d-))(?:ngày\s+)?(?P<nd>[0-3]?\d)\s?(?P<sep>[/.-])\s?(?P<nm>[01]?\d)\s?(?P=sep)\s?(?P<ny>\d{{4}})
        (?![\w/]|[.-]\d)
      )
    # ISO 8601: 2021-07-16
    | (?P<iso>{_NOT_BEFORE}(?P<iy>\d{{4}})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\w/-]))
    # ngày 16/7 (day and month only: needs `ngày` in front, else it is a fraction or a code)
    # (on one line: `trước ngày 20.` then the list item `3.` below is no month)
    | (?P<short>ngày\s+(?P<sd>[0-3]?\d)[ \t]?[/.-][ \t]?(?P<sm>[01]?\d)(?![\w/.-]?\d))
    # tháng 12/2025 | tháng 10 năm 2025 | tháng 8-2025
    | (?P<month>tháng\s+(?P<mm>[01]?\d)\s*(?:/|-|,?\s+năm\s+)\s*(?P<my>\d{{4}})(?![\w/]))
    # Quý I/2026 | quý II năm 2020 | quý 3 | Quý IV
    | (?P<quarter>quý\s+(?P<q>iv|i{{1,3}}|[1-4])(?![\w])(?:\s*(?:/|-|,?\s+năm\s+)\s*(?P<qy>\d{{4}}))?)
    # năm 2024
    | (?P<year>năm\s+(?P<yy>(?:19|20)\d\d)(?![\w/]))
    # 14 giờ 00 | 14 giờ | 8 giờ 30 phút | 14h30 | 14h | 11h00’ | 14g00
    | (?P<time>
        {_NOT_BEFORE}(?P<th>[0-2]?\d)\s*(?:giờ|h|g(?=\d\d))\s*(?P<tm>[0-5]\d)?(?:\s*(?:phút|’|'))?(?![\w])
      )
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Cheap literal pre-filter: no digit, no date. Checked before the regex runs.
_DIGIT = re.compile(r"\d")


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


# The day, month and year groups of the alternatives that give a day (`short` has no year)
_DAY_GROUPS = {"long": ("ld", "lm", "ly"), "num": ("nd", "nm", "ny"), "short": ("sd", "sm", None),
               "iso": ("id", "im", "iy")}


def _mention(match: re.Match) -> DateMention | None:
    group = match.lastgroup
    g = match.group
    span = dict(start=match.start(), end=match.end(), text=match.group())
    if group in _DAY_GROUPS:
        day_group, month_group, year_group = _DAY_GROUPS[group]   # only this alternative's groups read
        day, month, year = g(day_group), g(month_group), g(year_group) if year_group else None
        day, month = int(day), int(month)
        year = int(year) if year else None
        if group == "long" and year is None and not g("long").lower().startswith("ngày"):
            return None  # `16 tháng` alone is a duration, not a date
        if not _valid_day(year, month, day):
            return None
        return DateMention(kind="date", year=year, month=month, day=day, **span)
    if group == "blank":
        month = int(g("bm")) if g("bm") else None
        if month is not None and not 1 <= month <= 12:
            return None
        return DateMention(kind="date", year=int(g("by")), month=month, **span)
    if group == "month":
        month = int(g("mm"))
        if not 1 <= month <= 12:
            return None
        return DateMention(kind="month", year=int(g("my")), month=month, **span)
    if group == "quarter":
        year = int(g("qy")) if g("qy") else None
        return DateMention(kind="quarter", year=year, quarter=ROMAN_QUARTERS[g("q").lower()], **span)
    if group == "year":
        return DateMention(kind="year", year=int(g("yy")), **span)
    if group == "time":
        hour, minute = int(g("th")), int(g("tm") or 0)
        if hour > 23:
            return None
        return DateMention(kind="time", hour=hour, minute=minute, **span)
    return None  # pragma: no cover - every alternative is named


def find_dates(text: str, kinds: tuple[str, ...] | None = None) -> list[DateMention]:
    """Every date-like mention in `text`, left to right, none overlapping.

    `kinds` keeps only some of `KINDS` (the search still runs over all, so a day is never
    mistaken for a month inside it).

    >>> [(m.kind, m.value) for m in find_dates("hết ngày 31/5/2023; tháng 12/2025; 14 giờ 00")]
    [('date', '2023-05-31'), ('month', '2025-12'), ('time', '14:00')]
    """
    if not _DIGIT.search(text):
        return []
    found = []
    for match in _PATTERN.finditer(text):
        mention = _mention(match)
        if mention is not None and (kinds is None or mention.kind in kinds):
            found.append(mention)
    return found


def parse_date(span: str) -> DateMention | None:
    """The one date that a span already cut out of a text holds, or None.

    >>> parse_date("ngày 16 tháng 7 năm 2021").value
    '2021-07-16'
    """
    found = find_dates(span)
    return found[0] if found else None
